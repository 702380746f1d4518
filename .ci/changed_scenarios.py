#!/usr/bin/env python3
"""The Molecule scenarios a change touches: the paths changed since a base commit, mapped to the
scenarios that exercise them (``make molecule-changed BASE=<ref>``, the merge-request pipelines).

A scenario exercises what its files use, and what that uses in turn: the roles and playbooks they
name, the library modules (``ansible.legacy.<module>``) and filters those call, the files of
``plugins/module_utils/healthops/`` the modules and filters import, and the files those import. A
changed path maps to its role, scenario, playbook, module, filter file or Python file; a change to
what every scenario rests on (the images, Molecule's base config, the pinned dependencies,
``ansible.cfg``, ``healthops/common``, the callback) selects every scenario; anything else
(documentation, unit tests, inventories) selects none. Prints one scenario a line.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Paths every scenario rests on: a change to one of them runs them all.
EVERYTHING = re.compile(
    r"^(molecule/shared/|\.config/molecule/|requirements\.(txt|yml)$|ansible\.cfg$|\.ci/bootstrap$"
    r"|tests/integration/test_molecule\.py$|tests/conftest\.py$|plugins/callback/"
    r"|plugins/module_utils/healthops/common/|plugins/module_utils/healthops/__init__\.py$)"
)
MODULE_USE = re.compile(r"\bansible\.legacy\.(\w+)")
# Import statements only: a docstring or comment naming a package (``healthops.patching``) is not use.
ABSOLUTE_IMPORT = re.compile(
    r"^\s*(?:from|import)\s+[\w.]*\bhealthops((?:\.\w+)+)(?:\s+import\s+([\w, ]+))?", re.MULTILINE
)
RELATIVE_IMPORT = re.compile(r"^\s*from\s+(\.+)([\w.]*)\s+import\s+([\w, ]+)", re.MULTILINE)
FILTER_NAME = re.compile(r"[\"'](\w+)[\"']\s*:\s*\w+")
# Documentation (README examples) is not use.
TEXT_SUFFIXES = {".yml", ".yaml", ".j2", ".py", ".cfg", ".sh", ".json", ".ini", ".conf", ".xml", ""}

Node = tuple[str, str]  # (kind, name): role, scenario, playbook, module, filters, py (under healthops/)


@dataclass
class Index:
    """What each part of the repository uses (node -> nodes), and the scenarios."""

    scenarios: set[str] = field(default_factory=set)
    uses: dict[Node, set[Node]] = field(default_factory=dict)

    def closure(self, start: Node) -> set[Node]:
        seen, todo = {start}, [start]
        while todo:
            for used in self.uses.get(todo.pop(), set()):
                if used not in seen:
                    seen.add(used)
                    todo.append(used)
        return seen


def node_of(path: str) -> Node | None:
    """The part a changed path belongs to; None for one no scenario uses."""
    parts = path.split("/")
    if parts[0] == "roles" and len(parts) > 2:
        return ("role", parts[1])
    if parts[0] == "molecule" and len(parts) > 2:
        return ("scenario", parts[1])
    if parts[0] == "playbooks" and len(parts) > 1:
        return ("playbook", "/".join(parts[1:]))
    if parts[0] in ("library",) or parts[:2] == ["plugins", "action"]:
        return ("module", Path(path).stem)
    if parts[:2] == ["plugins", "filter"]:
        return ("filters", Path(path).stem)
    if parts[:3] == ["plugins", "module_utils", "healthops"] and len(parts) > 3:
        return ("py", "/".join(parts[3:]))
    return None


def scenarios_for(paths: Iterable[str], index: Index) -> list[str]:
    """The scenarios to run for the changed ``paths`` (sorted)."""
    changed: set[Node] = set()
    for path in paths:
        if EVERYTHING.match(path):
            return sorted(index.scenarios)
        node = node_of(path)
        if node is not None:
            changed.add(node)
    return sorted(s for s in index.scenarios if index.closure(("scenario", s)) & changed)


def mentions(text: str, own: str, roles: set[str], playbooks: set[str], filters: dict[str, str]) -> set[Node]:
    """The parts a YAML/Jinja/Python text names; ``own``: its playbook's directory prefix, for relative includes."""
    found: set[Node] = {("module", m) for m in MODULE_USE.findall(text)}
    for role in roles:
        pattern = (
            rf"(?m)(?:^\s*-\s*(?:role:\s*)?|\b(?:role|name):\s*)['\"]?(?:[\w./]*/)?{re.escape(role)}['\"]?\s*(?:#.*)?$"
        )
        if re.search(pattern, text):
            found.add(("role", role))
    for playbook in playbooks:
        if f"playbooks/{playbook}" in text or (own and re.search(rf"(?<![\w/]){re.escape(playbook)}\b", text)):
            found.add(("playbook", playbook))
    found |= {("filters", file) for name, file in filters.items() if re.search(rf"\b{name}\b", text)}
    return found


def _text(path: Path) -> str:
    if path.suffix not in TEXT_SUFFIXES or not path.is_file():
        return ""
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return ""


def _resolve(parts: list[str], names: str, files: set[str]) -> set[Node]:
    """The files of ``healthops/<parts...>`` an import names: a module, or a package's named submodules
    (its ``__init__.py`` for names that are not modules), or all its files when no name is given."""
    base = "/".join(parts)
    if f"{base}.py" in files:
        return {("py", f"{base}.py")}
    if names:
        wanted = {n.strip() for n in names.split(",") if n.strip()}
        found = {f"{base}/{n}.py" for n in wanted if f"{base}/{n}.py" in files}
        if len(found) < len(wanted) and f"{base}/__init__.py" in files:
            found.add(f"{base}/__init__.py")
        if found:
            return {("py", f) for f in found}
    return {("py", f) for f in files if f.startswith(f"{base}/")}


def imports(text: str, here: str, files: set[str]) -> set[Node]:
    """The files under healthops/ a Python text imports; ``here``: its own path under healthops/ ('' outside)."""
    found: set[Node] = set()
    for dotted, names in ABSOLUTE_IMPORT.findall(text):
        found |= _resolve(dotted.strip(".").split("."), names, files)
    if here:
        for dots, dotted, names in RELATIVE_IMPORT.findall(text):
            parts = here.split("/")[: -len(dots)] + [p for p in dotted.split(".") if p]
            found |= _resolve(parts, names, files)
    return found


def build_index(repo: Path) -> Index:
    """Read what each role, scenario, playbook, module, filter file and package uses (the I/O edge)."""
    roles = {p.parent.name for p in (repo / "roles").glob("*/tasks")}
    playbook_dir = repo / "playbooks"
    playbooks = {str(p.relative_to(playbook_dir)) for p in playbook_dir.rglob("*") if p.is_file()}
    filters = {
        name: p.stem
        for p in (repo / "plugins" / "filter").glob("*.py")
        for name in FILTER_NAME.findall(_text(p).split("def filters", 1)[-1])
    }
    index = Index(scenarios={p.parent.name for p in (repo / "molecule").glob("*/molecule.yml")})

    def add(node: Node, files: Iterable[Path], own: str = "") -> None:
        uses = index.uses.setdefault(node, set())
        for path in files:
            uses |= mentions(_text(path), own, roles, playbooks, filters) - {node}

    for scenario in index.scenarios:
        add(("scenario", scenario), (repo / "molecule" / scenario).rglob("*"))
    for role in roles:
        add(("role", role), (repo / "roles" / role).rglob("*"))
    for playbook in playbooks:
        add(("playbook", playbook), [playbook_dir / playbook], own="playbooks")
    root = repo / "plugins" / "module_utils" / "healthops"
    files = {str(p.relative_to(root)) for p in root.rglob("*.py")}
    for path in [*(repo / "library").glob("*.py"), *(repo / "plugins" / "action").glob("*.py")]:
        index.uses.setdefault(("module", path.stem), set()).update(imports(_text(path), "", files))
    for path in (repo / "plugins" / "filter").glob("*.py"):
        index.uses.setdefault(("filters", path.stem), set()).update(imports(_text(path), "", files))
    for name in files:
        index.uses[("py", name)] = imports(_text(root / name), name, files) - {("py", name)}
    return index


def changed_paths(repo: Path, base: str) -> list[str]:
    """The paths changed between the merge base of ``base`` and HEAD."""
    out = subprocess.run(
        ["git", "diff", "--name-only", f"{base}...HEAD"], cwd=repo, capture_output=True, text=True, check=True
    )
    return [line for line in out.stdout.splitlines() if line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--base", help="the target branch or commit (merge requests: the target branch)")
    group.add_argument("--paths", nargs="*", help="changed paths, instead of asking git")
    args = parser.parse_args(argv)
    repo = Path(__file__).resolve().parent.parent
    paths = args.paths if args.paths is not None else changed_paths(repo, args.base)
    for scenario in scenarios_for(paths, build_index(repo)):
        print(scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main())
