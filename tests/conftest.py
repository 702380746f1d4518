"""Test set-up shared by every test: plugins importable as Ansible imports them.

Under ``HEALTHOPS_REQUIRE_ALL=1`` (``make test``, so ``.ci/run``) a skipped test fails:
CI must not pass because PostgreSQL, podman, snmpd or root was missing and the tests
that need them quietly skipped. Only tests marked ``oracle_live`` (they need an Oracle
server in ``HEALTHOPS_ORACLE_DSN``; none can run on the test machines) may skip, and the
run's summary names them.

``make test`` runs the suite on two pytest-xdist workers (``-n 2 --dist loadgroup``, the Makefile's
``XDIST``): tests that share something fixed make one work unit, never run beside each other, and the
units go out longest first, so both workers finish together (tests/parallel.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from healthops_testlib import REPO
from parallel import make_scheduler, unit_seconds, work_unit

ALLOWED_SKIP_MARKER = "oracle_live"


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    # --dist loadgroup: the work units of tests/parallel.py (lab, postgres, a module, a scenario, a test).
    return make_scheduler(config, log) if config.getvalue("dist") == "loadgroup" else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if hasattr(config, "workerinput"):  # an xdist worker: units go out in its collection order, longest first
        items.sort(key=lambda item: -unit_seconds(work_unit(item.nodeid, config.rootpath)))


def require_all() -> bool:
    return os.environ.get("HEALTHOPS_REQUIRE_ALL", "") not in ("", "0", "false", "no")


def skip_reason(report: pytest.CollectReport | pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not (report.skipped and require_all()) or hasattr(report, "wasxfail"):
        return
    if item.get_closest_marker(ALLOWED_SKIP_MARKER):
        report.user_properties.append(("allowed_skip", skip_reason(report)))
        return
    report.outcome = "failed"
    report.longrepr = f"skipped, and HEALTHOPS_REQUIRE_ALL=1 allows no skip here: {skip_reason(report)}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    # A module-level skip (pytest.importorskip, pytest.skip(allow_module_level=True)) skips
    # every test of the module at collection, before any test's markers are looked at.
    outcome = yield
    report: pytest.CollectReport = outcome.get_result()
    if report.skipped and require_all():
        report.outcome = "failed"
        report.longrepr = f"module skipped, and HEALTHOPS_REQUIRE_ALL=1 allows no skip here: {skip_reason(report)}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not require_all():
        return
    allowed = [
        (r.nodeid, dict(r.user_properties)["allowed_skip"])
        for r in terminalreporter.stats.get("skipped", [])
        if "allowed_skip" in dict(getattr(r, "user_properties", []))
    ]
    terminalreporter.section("skips allowed under HEALTHOPS_REQUIRE_ALL=1")
    if not allowed:
        terminalreporter.write_line("none: every test ran")
    for nodeid, reason in allowed:
        terminalreporter.write_line(f"{nodeid}: {reason}")
