"""The suite on two pytest-xdist workers (``make test``: ``pytest -n 2 --dist loadgroup``): which tests
make one work unit, run whole on one worker so never beside each other, and the order units go out.

A unit is one test, or a group of tests that share something fixed:

- ``lab``: every lab test (``pytest.mark.lab``; tests/integration/labs.py, molecule/shared/lab.sh). Each lab
  has its own prefix and ports, but the first ``lab.sh up`` makes the labs' SSH key and verify password
  under .cache/lab, so two at once would race there.
- ``postgres``: every test module using the session's PostgreSQL clusters (``pg_server``, ``pg_cluster``,
  ``pg_pair``): a worker starts them once for its session, so one worker runs them all.
- each other integration module whole: its module fixtures (a cluster of its own, a switch lab) start once.
- each Molecule scenario alone: no two share an instance name, a network or a fixed port
  (tests/unit/test_parallel_safety.py); the images they build are locked in molecule/shared/image.sh.
- each unit test module whole: several start a playbook run or a stand-in once for the module, which
  a module split over two workers would do twice.

The units go out longest first (``UNIT_SECONDS``), so the two workers finish together; the short unit
test modules come last, in collection order, and fill the end. ``WorkUnitScheduling`` is xdist's
load-scope scheduler with these units: xdist's own ``loadgroup`` cannot see ``xdist_group`` marks under
pytest 9 (it renames ``item._nodeid``, which pytest 9 no longer reads), so the units are told from the
node ids here.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest

LAB = "lab"
POSTGRES = "postgres"
LAB_MARK = re.compile(r"\bpytest\.mark\.lab\b")
POSTGRES_SESSION = re.compile(r"\b(?:pg_server|pg_cluster|pg_pair)\b")
SCENARIO = re.compile(r"^integration/test_molecule\.py::test_scenario\[(?P<name>[^\]]+)\]$")
# About how many seconds a unit takes on the 2-core machine (`make test` prints the slowest tests of each
# run: refresh these from it; the scenarios' were last taken from a clean-clone `.ci/run` of 2026-12-07).
# Not named here: a Molecule scenario SCENARIO_SECONDS, another integration module MODULE_SECONDS, a unit
# test module 0.
UNIT_SECONDS = {
    LAB: 600,
    POSTGRES: 420,
    "molecule:tomcat": 740,
    "molecule:certificates": 560,
    "molecule:password_rotation": 110,
    "molecule:db_backup": 490,
    "molecule:backup_audit": 330,
    "molecule:patching": 250,
    "molecule:inspection": 100,
    "molecule:db_health": 75,
    "molecule:report": 45,
    "molecule:host_baseline": 125,
    "integration/test_schedule_timer.py": 95,
    "unit/playbooks/test_awx_configure.py": 80,
    "unit/playbooks/test_schedule_playbook.py": 45,
    "unit/plugins/module_utils/healthops/report/test_report_detail_source.py": 60,
    "unit/test_pre_commit.py": 60,
    "unit/playbooks/test_inspect_validation.py": 50,
    "unit/test_architecture.py": 45,
    "unit/plugins/callback/test_healthops_ledger.py": 40,
    "unit/playbooks/test_cert_audit_validation.py": 30,
    "unit/playbooks/test_plan_command.py": 30,
    "unit/plugins/test_password_actions.py": 30,
    "unit/playbooks/test_report_in_limit.py": 30,
}
SCENARIO_SECONDS, MODULE_SECONDS = 150, 60


@functools.cache
def module_group(path: Path) -> str | None:
    """``lab`` or ``postgres`` for an integration module that is in one of those groups, else None."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if LAB_MARK.search(text):
        return LAB
    return POSTGRES if POSTGRES_SESSION.search(text) else None


def work_unit(nodeid: str, rootpath: Path) -> str:
    """The unit of the test ``nodeid`` (relative to ``rootpath``, the tests/ directory of pytest.ini)."""
    module = nodeid.split("::", 1)[0]
    if not module.startswith("integration/"):
        return module
    if scenario := SCENARIO.match(nodeid):
        return f"molecule:{scenario['name']}"
    return module_group(rootpath / module) or module


def unit_seconds(unit: str) -> int:
    if unit in UNIT_SECONDS:
        return UNIT_SECONDS[unit]
    if unit.startswith("molecule:"):
        return SCENARIO_SECONDS
    return MODULE_SECONDS if unit.startswith("integration/") else 0


def make_scheduler(config: pytest.Config, log: Any) -> Any:
    """The scheduler of these work units (``pytest_xdist_make_scheduler`` in tests/conftest.py)."""
    from xdist.scheduler import LoadScopeScheduling

    class WorkUnitScheduling(LoadScopeScheduling):
        """xdist's load-scope scheduling with a scope per work unit, in the workers' (sorted) collection order."""

        def __init__(self, config: pytest.Config, log: Any) -> None:
            super().__init__(config, log)
            config.option.loadscopereorder = False  # keep the order pytest_collection_modifyitems gave

        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid, config.rootpath)

    return WorkUnitScheduling(config, log)
