"""The rules of ARCHITECTURE.md, checked on the tree as it is.

* Imports: a duty package under ``plugins/module_utils/healthops/`` imports only itself and
  ``healthops.common`` (``healthops.controller``, the controller side, may use any); only
  ``healthops.controller`` imports Ansible's controller side
  (``ansible.plugins``, ``ansible.errors``, …); modules in ``library/`` never import
  ``healthops.controller``, and ``healthops.report`` only when they are controller-only (run
  in-process by an action plugin); ``healthops.backup`` imports its own package relatively and
  nothing of Ansible, since the backup job runs it without Ansible.
* Layout: no flat file in ``plugins/module_utils/``; every directory of the package is a package
  whose ``__init__.py`` imports nothing (a module ships only what it imports).
* Size: a Python file of ``library/`` or ``plugins/`` above 600 lines says why at its top.
* Payload: the AnsiballZ zip Ansible builds for a module holds exactly the healthops files the
  module imports, directly or through them, and their package ``__init__`` files.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from healthops_testlib import LIBRARY, MODULE_UTILS, REPO, backup_shared_files

PACKAGE = MODULE_UTILS / "healthops"
PREFIX = "ansible.module_utils."
MAX_LINES = 600
SIZE_REASON = re.compile(r"^# Size: \S")
SIZE_REASON_WITHIN = 40  # lines from the top of the file


def python_files(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def dotted(path: Path) -> str:
    """plugins/module_utils/healthops/db/oracle/sql.py -> healthops.db.oracle.sql (packages without __init__)."""
    parts = list(path.relative_to(MODULE_UTILS).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_file(name: str) -> Path | None:
    """healthops.x.y -> its file (module or package), or None when it is not a module of the tree."""
    base = MODULE_UTILS.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imports(path: Path) -> list[tuple[str, int]]:
    """Every module a file imports, anywhere in it (as Ansible's finder sees them): (name, line).

    Names of the repository's package are given without ``ansible.module_utils.``, relative imports
    resolved; ``from package import name`` yields ``package.name`` when that is a module of the tree.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = dotted(path).split(".") if path.is_relative_to(MODULE_UTILS) else []
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.append((base, node.lineno))
            for alias in node.names:
                name = base + "." + alias.name
                short = name[len(PREFIX) :] if name.startswith(PREFIX) else name
                if source_file(short) is not None:
                    found.append((name, node.lineno))
    return [(n[len(PREFIX) :] if n.startswith(PREFIX + "healthops") else n, line) for n, line in found]


def healthops_imports(path: Path) -> list[tuple[str, int]]:
    return [(n, line) for n, line in imports(path) if n == "healthops" or n.startswith("healthops.")]


def duty_of(name: str) -> str:
    """healthops.db.oracle.sql -> db; healthops -> ''."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def closure(path: Path) -> set[str]:
    """The healthops files (relative to module_utils) a file needs: what it imports, recursively,
    and the __init__.py of every package on the way."""
    needed: set[str] = set()
    todo = [path]
    seen: set[Path] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, _line in healthops_imports(current):
            parts = name.split(".")
            for depth in range(1, len(parts) + 1):
                found = source_file(".".join(parts[:depth]))
                if found is not None:
                    needed.add(found.relative_to(MODULE_UTILS).as_posix())
                    todo.append(found)
    return needed


def controller_only_modules() -> set[str]:
    """The library/ modules an action plugin runs in-process on the controller (its MODULE_NAME)."""
    names = set()
    for plugin in python_files(REPO / "plugins" / "action"):
        if not any(n == "healthops.controller.inprocess" for n, _ in healthops_imports(plugin)):
            continue
        for node in ast.walk(ast.parse(plugin.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "MODULE_NAME" for t in node.targets
            ):
                assert isinstance(node.value, ast.Constant)
                names.add(str(node.value.value))
    return names


LIBRARY_FILES = python_files(LIBRARY)
PACKAGE_FILES = python_files(PACKAGE)
CONTROLLER_ONLY = controller_only_modules()


def test_the_controller_only_modules_are_found() -> None:
    # The action plugins say which modules never leave the controller; the rules below rely on it.
    expected = {
        "cert_audit",
        "healthops_preflight",
        "healthops_report",
        "healthops_state",
        "password_login",
        "password_store",
    }
    assert expected == CONTROLLER_ONLY
    assert all((LIBRARY / f"{name}.py").is_file() for name in CONTROLLER_ONLY)


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=rel)
def test_a_duty_package_imports_only_itself_and_common(path: Path) -> None:
    duty = duty_of(dotted(path))
    if duty == "controller":  # the controller side, like the plugins it serves, may use any duty's code
        return
    allowed = {duty, "common"}
    bad = [f"line {line}: {name}" for name, line in healthops_imports(path) if duty_of(name) not in allowed]
    assert bad == [], f"{rel(path)} (duty {duty or 'healthops'}) may import healthops.{duty} and healthops.common only"


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=rel)
def test_only_the_controller_package_imports_ansible_controller_code(path: Path) -> None:
    if duty_of(dotted(path)) == "controller":
        return
    bad = [
        f"line {line}: {name}"
        for name, line in imports(path)
        if (name == "ansible" or name.startswith("ansible.")) and not name.startswith("ansible.module_utils")
    ]
    assert bad == [], f"{rel(path)} runs on managed hosts: it may import ansible.module_utils only"


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=rel)
def test_modules_import_no_controller_code(path: Path) -> None:
    forbidden = ["healthops.controller"]
    if path.stem not in CONTROLLER_ONLY:
        forbidden.append("healthops.report")
    bad = [
        f"line {line}: {name}"
        for name, line in imports(path)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
        or ((name.startswith("ansible.") or name == "ansible") and not name.startswith("ansible.module_utils"))
    ]
    assert bad == [], f"{rel(path)} must not import {', '.join(forbidden)} or Ansible's controller side"


def test_backup_is_standard_library_and_relative() -> None:
    # The backup job and receiver import healthops.backup without Ansible, from the copy the
    # db_backup role installs beside them: only relative imports inside the package.
    files = python_files(PACKAGE / "backup")
    assert files
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "ansible" for a in node.names), rel(path)
            elif isinstance(node, ast.ImportFrom) and not node.level:
                assert (node.module or "").split(".")[0] != "ansible", (
                    f"{rel(path)}:{node.lineno}: use a relative import"
                )


def test_the_backup_role_ships_exactly_what_its_scripts_import() -> None:
    # The job and the receiver (roles/db_backup/files/) import healthops.backup and common.fileio
    # from the copy installed beside them: the role's list is their import closure, no file
    # forgotten (the script would fail on the host) and none shipped for nothing (db_restore's own).
    scripts = sorted((REPO / "roles" / "db_backup" / "files").glob("*.py"))
    assert scripts
    needed = set().union(*(closure(p) for p in scripts))
    assert "healthops/backup/sets.py" in needed
    shipped = backup_shared_files()
    assert len(shipped) == len(set(shipped)), "roles/db_backup/vars/main.yml lists a file twice"
    assert set(shipped) == needed, (
        "roles/db_backup/vars/main.yml __db_backup_shared_files must be the scripts' import closure: "
        f"missing {sorted(needed - set(shipped))}, not needed {sorted(set(shipped) - needed)}"
    )


def test_no_flat_files_beside_the_package() -> None:
    flat = sorted(p.name for p in MODULE_UTILS.glob("*.py"))
    assert flat == [], "new shared code goes into a package under plugins/module_utils/healthops/<duty>/"
    assert not list(MODULE_UTILS.glob("healthops_*.py"))


def test_every_directory_is_a_package_whose_init_imports_nothing() -> None:
    for directory in [PACKAGE, *sorted(p for p in PACKAGE.rglob("*") if p.is_dir() and p.name != "__pycache__")]:
        init = directory / "__init__.py"
        assert init.is_file(), f"{rel(directory)} has no __init__.py"
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) and not _is_future(n)], (
            f"{rel(init)} imports something: every module that imports the package would ship it"
        )


def _is_future(node: ast.AST) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"


def oversized() -> list[str]:
    """Python files of library/ and plugins/ above MAX_LINES without a '# Size: <reason>' line at their top."""
    bad = []
    for path in python_files(LIBRARY, REPO / "plugins"):
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_LINES and not any(SIZE_REASON.match(line) for line in lines[:SIZE_REASON_WITHIN]):
            bad.append(f"{rel(path)} ({len(lines)} lines)")
    return bad


def test_a_file_above_600_lines_says_why_at_its_top() -> None:
    assert oversized() == [], (
        f"split it at its seams, or write '# Size: <reason>' in its first {SIZE_REASON_WITHIN} lines"
    )


# Build each module's payload in a process of its own: Ansible's plugin loader and collection
# finder change the interpreter's import machinery, which the other unit tests must not inherit.
_PAYLOADS = r"""
import datetime, io, json, sys, zipfile
from ansible.plugins.loader import init_plugin_loader
init_plugin_loader()
from ansible.executor import module_common
out = {}
for path in sys.argv[1:]:
    name = path.rsplit("/", 1)[-1][:-3]
    buf = io.BytesIO()
    try:
        with zipfile.ZipFile(buf, "w") as zf:
            with open(path, "rb") as f:
                module_common.recursive_finder(
                    name, "ansible.legacy." + name, f.read(), zf, datetime.datetime.now(datetime.timezone.utc),
                    module_common._builder.ExtensionManager.create(task_vars={}),
                )
    except Exception as exc:  # one module's error is that module's failure, not every module's
        out[name] = {"error": "%s: %s" % (type(exc).__name__, exc)}
        continue
    with zipfile.ZipFile(buf) as zf:
        out[name] = sorted(zf.namelist())
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def payloads() -> dict[str, set[str] | str]:
    """Module name -> the healthops files of its AnsiballZ zip, relative to module_utils (or why it failed)."""
    proc = subprocess.run(
        [sys.executable, "-c", _PAYLOADS, *map(str, LIBRARY_FILES)],
        # ansible.cfg's module_utils path, as a playbook run finds it
        env=dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg")),
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    mu = "ansible/module_utils/"
    built = {}
    for name, files in json.loads(proc.stdout.splitlines()[-1]).items():
        if isinstance(files, dict):
            built[name] = files["error"]
        else:
            built[name] = {f[len(mu) :] for f in files if f.startswith(mu + "healthops/")}
    return built


def payload(payloads: dict[str, set[str] | str], name: str) -> set[str]:
    shipped = payloads[name]
    assert not isinstance(shipped, str), f"Ansible could not build {name}'s payload: {shipped}"
    return shipped


@pytest.mark.parametrize("name", [p.stem for p in LIBRARY_FILES])
def test_a_module_ships_exactly_what_it_imports(payloads: dict[str, set[str] | str], name: str) -> None:
    assert payload(payloads, name) == closure(LIBRARY / f"{name}.py")


@pytest.mark.parametrize(
    ("name", "duties"),
    [
        ("host_inspect", {"common", "inspect"}),
        ("switch_ports", {"common", "switch"}),
        ("tomcat_probe", {"common", "tomcat"}),
        ("postgres_probe", {"common", "db"}),
    ],
)
def test_a_module_ships_its_own_duty_and_common_only(
    payloads: dict[str, set[str] | str], name: str, duties: set[str]
) -> None:
    shipped = payload(payloads, name)
    assert {"healthops/__init__.py", "healthops/common/__init__.py", "healthops/common/result.py"} <= shipped
    for duty in duties - {"common"}:
        assert f"healthops/{duty}/__init__.py" in shipped
        # every file of the duty the module imports directly is in the zip
        direct = {n for n, _ in healthops_imports(LIBRARY / f"{name}.py") if duty_of(n) == duty}
        for module in direct:
            found = source_file(module)
            assert found is not None
            assert found.relative_to(MODULE_UTILS).as_posix() in shipped, module
    assert {f.split("/")[1] for f in shipped if f.count("/") > 1} == duties, sorted(shipped)
    # nothing of the controller-only parts, whatever the module's duty
    assert not {f for f in shipped if f.startswith(("healthops/report/", "healthops/controller/"))}


# Built from pieces, so this file does not match itself.
OUTSIDE = re.compile("DESIGN" + r"(\.md|'s)" + "|" + r"\.\./shared/(" + "DESIGN|seeds)|/wo" + "rk/")


def test_the_repository_links_nothing_outside_it() -> None:
    # A clone has no ../shared: the contract lives in README.md and ARCHITECTURE.md.
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    bad = []
    for name in listed:
        path = REPO / name
        if not path.is_file() or path.suffix in (".xlsx", ".png", ".gz"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        bad.extend(f"{name}:{n}" for n, line in enumerate(text.splitlines(), 1) if OUTSIDE.search(line))
    assert bad == []
