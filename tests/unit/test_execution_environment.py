"""execution-environment.yml (ansible-builder schema 3) pins what requirements.txt pins."""

import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The Python packages the modules and module_utils import on the execution node.
MODULE_DEPS = {"jmespath", "netaddr", "openpyxl", "oracledb", "paramiko", "psycopg[binary]", "pysnmp", "sqlglot"}


def _pins():
    pins = {}
    for raw in (ROOT / "requirements.txt").read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def _ee():
    return yaml.safe_load((ROOT / "execution-environment.yml").read_text())


def test_schema_version_3_and_galaxy_file_exists():
    ee = _ee()
    assert ee["version"] == 3
    assert (ROOT / ee["dependencies"]["galaxy"]).is_file()


def test_python_deps_are_the_module_deps_pinned_as_in_requirements():
    pins = _pins()
    seen = set()
    for req in _ee()["dependencies"]["python"]:
        name, version = req.split("==")
        assert pins.get(name.lower()) == version, req
        seen.add(name)
    assert seen == MODULE_DEPS


def test_core_and_runner_pinned_as_in_requirements():
    pins = _pins()
    deps = _ee()["dependencies"]
    for key, name in (("ansible_core", "ansible-core"), ("ansible_runner", "ansible-runner")):
        assert deps[key]["package_pip"] == f"{name}=={pins[name]}"


def test_system_deps_are_bindep_lines_for_rpm_and_dpkg():
    lines = _ee()["dependencies"]["system"]
    for line in lines:
        assert re.fullmatch(r"[a-z0-9+.-]+ \[platform:(rpm|dpkg)\]", line), line
    assert {"openssh-clients [platform:rpm]", "openssh-client [platform:dpkg]"} <= set(lines)


def test_no_registry_host_named():
    assert "images" not in _ee()
