"""`make test` runs two work units at a time (tests/parallel.py, pytest-xdist): the lab tests are one unit,
so are the modules on the session's PostgreSQL, and each other test module; each Molecule scenario is a
unit of its own, so no two scenarios may share an instance (container) name, a podman network or a
fixed port of 127.0.0.1, and none of those fixed ports may fall in a lab's range (molecule/shared/lab.sh:
base port + 1 .. + 99)."""

from __future__ import annotations

import re
from collections import Counter

import yaml
from healthops_testlib import REPO
from parallel import LAB, POSTGRES, UNIT_SECONDS, work_unit

TESTS = REPO / "tests"
INTEGRATION = sorted((TESTS / "integration").glob("test_*.py"))

SCENARIOS = sorted(p.parent for p in (REPO / "molecule").glob("*/molecule.yml"))
# A lab's base port in tests/integration: BASE_PORT = 22400 (or its default from the environment),
# or lab_env(tmp, PREFIX, 23900, ...).
LAB_BASE = re.compile(r"(?:BASE_PORT\s*=[^\n]*?|lab_env\(\s*\w+\s*,\s*\w+\s*,\s*)\b(\d{4,5})\b")


def platforms() -> list[tuple[str, dict]]:
    return [
        (scenario.name, platform)
        for scenario in SCENARIOS
        for platform in yaml.safe_load((scenario / "molecule.yml").read_text(encoding="utf-8")).get("platforms", [])
    ]


def fixed_ports(platform: dict) -> list[int]:
    """The host ports a platform publishes on fixed numbers ("127.0.0.1:22941:22"; "127.0.0.1::5432" is random)."""
    ports = []
    for spec in platform.get("published_ports", []):
        parts = str(spec).split(":")
        if len(parts) == 3 and parts[1]:
            ports.append(int(parts[1]))
    return ports


def test_no_two_scenarios_share_an_instance_name() -> None:
    names = Counter(platform["name"] for _, platform in platforms())
    assert [name for name, count in names.items() if count > 1] == []


def test_no_two_scenarios_share_a_network() -> None:
    owners: dict[str, set[str]] = {}
    for scenario, platform in platforms():
        if platform.get("network"):
            owners.setdefault(platform["network"], set()).add(scenario)
    assert {net: sorted(s) for net, s in owners.items() if len(s) > 1} == {}


def test_fixed_ports_are_each_one_scenarios_and_outside_the_labs() -> None:
    ports = Counter(port for _, platform in platforms() for port in fixed_ports(platform))
    assert [port for port, count in ports.items() if count > 1] == []
    sources = (REPO / "tests" / "integration").glob("*.py")
    bases = {int(m.group(1)) for path in sources for m in LAB_BASE.finditer(path.read_text(encoding="utf-8"))}
    assert len(bases) > 3, bases
    bases.add(22200)  # lab.sh's default (make lab)
    assert [(port, base) for port in ports for base in bases if base < port <= base + 99] == []


def test_every_lab_test_is_in_the_one_lab_unit() -> None:
    labs = [path for path in INTEGRATION if "pytest.mark.lab" in path.read_text(encoding="utf-8")]
    assert len(labs) >= 5, labs
    assert {work_unit(f"integration/{path.name}::test_a", TESTS) for path in labs} == {LAB}


def test_the_modules_on_the_session_postgresql_are_one_unit() -> None:
    assert work_unit("integration/test_db_health_playbook.py::test_monthly_report", TESTS) == POSTGRES
    assert work_unit("integration/test_switch_ports_snmp.py::test_a", TESTS) == "integration/test_switch_ports_snmp.py"


def test_a_scenario_and_a_unit_test_module_are_units_of_their_own() -> None:
    assert work_unit("integration/test_molecule.py::test_scenario[tomcat]", TESTS) == "molecule:tomcat"
    assert work_unit("unit/roles/test_a.py::test_b[x]", TESTS) == "unit/roles/test_a.py"


def test_every_unit_the_time_table_names_exists() -> None:
    scenarios = {f"molecule:{scenario.name}" for scenario in SCENARIOS}
    modules = {path.relative_to(TESTS).as_posix() for path in TESTS.glob("*/**/test_*.py")}
    assert [unit for unit in UNIT_SECONDS if unit not in scenarios | modules | {LAB, POSTGRES}] == []
