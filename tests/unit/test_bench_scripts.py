"""The benchmark scripts are not run by the suite (they take minutes): at least keep them loadable.

Each script is imported (its main() is guarded), and every attribute it reads from a
module it imported must exist, so a renamed helper breaks this test, not the next
benchmark run.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from healthops_testlib import REPO

BENCH = REPO / "tests" / "bench"
SCRIPTS = sorted(BENCH.glob("bench_*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_bench_script_loads_and_uses_existing_names(script: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPO / "tests" / "integration"))
    monkeypatch.syspath_prepend(str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_smoke_{script.stem}", script)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert callable(getattr(module, "main", None)), f"{script.name} has no main()"
    missing = []
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            target = vars(module).get(node.value.id) or sys.modules.get(node.value.id)
            if isinstance(target, ModuleType) and not hasattr(target, node.attr):
                missing.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
    assert missing == []
