"""tests/conftest.py under HEALTHOPS_REQUIRE_ALL=1: a skipped test fails, except the live Oracle ones.

A small suite in a temporary directory runs in a pytest of its own with tests/conftest.py
loaded as a plugin, once with the setting and once without. (A module that skips at
collection is a collection error, which stops a normal run before any test: here the
suite goes on so that the other cases can be seen.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SUITE = """
import pytest

def test_runs():
    pass

@pytest.mark.skipif(True, reason="podman is not installed")
def test_skipif_mark():
    pass

@pytest.fixture
def server():
    pytest.skip("PostgreSQL binaries not found")

def test_fixture_skip(server):
    pass

def test_skip_in_the_test():
    pytest.skip("snmpd is not installed")

@pytest.mark.oracle_live
@pytest.mark.skipif(True, reason="HEALTHOPS_ORACLE_DSN is not set")
def test_oracle():
    pass

@pytest.mark.xfail(reason="known")
def test_expected_failure():
    assert False
"""
MODULE_SKIP = 'import pytest\n\npytest.importorskip("healthops_no_such_module")\n\ndef test_never():\n    pass\n'


def run_suite(tmp_path: Path, require_all: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    (tmp_path / "test_suite.py").write_text(SUITE, encoding="utf-8")
    (tmp_path / "test_module_skip.py").write_text(MODULE_SKIP, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    oracle_live: live Oracle\n", encoding="utf-8")
    junit = tmp_path / "junit.xml"
    tests_dir = Path(__file__).resolve().parents[1]
    env = dict(os.environ, HEALTHOPS_REQUIRE_ALL=require_all, PYTHONPATH=str(tests_dir))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "-c", str(tmp_path / "pytest.ini")]
        + ["--rootdir", str(tmp_path), "--continue-on-collection-errors", f"--junitxml={junit}", str(tmp_path)],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    outcomes = {}
    for case in ET.parse(junit).getroot().iter("testcase"):  # noqa: S314 - written by the pytest run above
        name = case.get("name") or ""
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        outcomes[name or case.get("classname", "")] = kinds[0] if kinds else "passed"
    return proc, outcomes


def test_a_skip_fails_the_run_except_the_live_oracle_tests(tmp_path: Path) -> None:
    proc, outcomes = run_suite(tmp_path, "1")
    assert outcomes["test_runs"] == "passed"
    # Skips at set-up (a skipif mark, a fixture) are reported as errors, in the test as
    # failures: either fails the run.
    assert outcomes["test_skipif_mark"] in ("failure", "error")
    assert outcomes["test_fixture_skip"] in ("failure", "error")
    assert outcomes["test_skip_in_the_test"] == "failure"
    assert outcomes["test_oracle"] == "skipped"
    assert outcomes["test_expected_failure"] == "skipped"  # xfail is not a skip
    assert [k for k, v in outcomes.items() if "module_skip" in k] != []
    assert all(v == "error" for k, v in outcomes.items() if "module_skip" in k)
    assert proc.returncode == 1
    assert "HEALTHOPS_REQUIRE_ALL=1 allows no skip here: podman is not installed" in proc.stdout
    summary = proc.stdout.split("skips allowed under HEALTHOPS_REQUIRE_ALL=1", 1)[1]
    assert "test_suite.py::test_oracle: HEALTHOPS_ORACLE_DSN is not set" in summary


@pytest.mark.parametrize("setting", ["", "0"])
def test_without_the_setting_skips_stay_skips(tmp_path: Path, setting: str) -> None:
    proc, outcomes = run_suite(tmp_path, setting)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert outcomes["test_skipif_mark"] == "skipped"
    assert outcomes["test_fixture_skip"] == "skipped"
    assert "skips allowed" not in proc.stdout
