"""healthops/report/advice{,_texts}.py: every check a probe can emit that needs action has a Chinese recommendation.

The check ids are read from the probes' own source (inspect, tomcat, switch, db/oracle,
db/postgres and library/postgres_probe.py): the catalogues (inspect's and tomcat's CHECKS)
and every call that builds a check (a ``check_id`` argument, or the position of
``check_id`` in a function or class that takes it), with literal ids, f-strings and
'%'-formats ('*' for the part only known at run time) and the values a for-loop over
literal tuples gives a name. A probe that adds a check, or a computed id this reader
cannot follow, fails here until the catalogue (or COMPUTED below) is brought up to date.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest
from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, make_check
from ansible.module_utils.healthops.inspect.base import CHECKS as HOST_CHECKS
from ansible.module_utils.healthops.report import advice, advice_texts, model
from ansible.module_utils.healthops.tomcat.checks import CHECKS as TOMCAT_CHECKS
from healthops_testlib import REPO

HEALTHOPS = REPO / "plugins" / "module_utils" / "healthops"
DB_SHARED_FILES = sorted((HEALTHOPS / "db").glob("*.py"))
# Probe -> (its source files, the prefix its ids get). db/*.py is shared by both engines.
PROBES = {
    "host": (sorted((HEALTHOPS / "inspect").glob("*.py")), ""),
    "tomcat": (sorted((HEALTHOPS / "tomcat").glob("*.py")), ""),
    "switch": (sorted((HEALTHOPS / "switch").glob("*.py")) + sorted((HEALTHOPS / "switch").glob("*/*.py")), ""),
    "certs": (sorted((HEALTHOPS / "certs").glob("*.py")), ""),
    # The password rotation's checks; common/result.py tells the reader where make_check takes its id.
    "passwords": (sorted((HEALTHOPS / "passwords").glob("*.py")) + [HEALTHOPS / "common" / "result.py"], ""),
    # The backup-policy audit (its check() takes the full id) and the drill's record.
    "backup_audit": (sorted((HEALTHOPS / "backup_audit").glob("*.py")) + [HEALTHOPS / "common" / "result.py"], ""),
    "drill": (sorted((HEALTHOPS / "drill").glob("*.py")) + [HEALTHOPS / "common" / "result.py"], ""),
    # The patch round: pre-checks, post-checks and package rows (healthops.patching and its modules).
    "patching": (
        sorted((HEALTHOPS / "patching").glob("*.py"))
        + sorted((REPO / "library").glob("patch_*.py"))
        + [HEALTHOPS / "common" / "result.py"],
        "",
    ),
    "oracle": (sorted((HEALTHOPS / "db" / "oracle").glob("*.py")) + DB_SHARED_FILES, "oracle."),
    "postgres": (
        sorted((HEALTHOPS / "db" / "postgres").glob("*.py"))
        + DB_SHARED_FILES
        + [REPO / "library" / "postgres_probe.py"],
        "postgres.",
    ),
}
# Ids a helper computes that the reader cannot follow: (file, expression) -> ids.
COMPUTED = {
    ("ratios.py", "cid"): {"buffer_cache_hit", "library_cache_hit", "dictionary_cache_hit", "soft_parse", "memory_sort"}
}
# Expressions that pass on an id received from the caller (whose call is read instead).
PASSED_ON = {"check_id", "self.check_id", "ev.check_id", "CHECK_ID"}
# Calls that read an id, not build a check (skip lists and the like).
NOT_BUILT = {
    "base.py: entry",
    "base.py: base",
    "inspection.py: check['id']",
    "inspection.py: b if not CHECKS[b]['item'] else b + ':*'",
}


def _constants(tree: ast.AST) -> dict[str, set[str]]:
    """Module-level string constants, and the values a for-loop over literal tuples gives each loop name."""
    values: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values.setdefault(target.id, set()).add(node.value.value)
        if isinstance(node, ast.For) and isinstance(node.iter, (ast.Tuple, ast.List)):
            unpacked = isinstance(node.target, ast.Tuple)
            names = node.target.elts if isinstance(node.target, ast.Tuple) else [node.target]
            for pos, name in enumerate(names):
                for item in node.iter.elts:
                    elts = item.elts if unpacked and isinstance(item, ast.Tuple) else [item]
                    if isinstance(name, ast.Name) and pos < len(elts) and isinstance(elts[pos], ast.Constant):
                        values.setdefault(name.id, set()).add(str(elts[pos].value))
    return values


def _patterns(node: ast.expr, values: dict[str, set[str]]) -> set[str] | None:
    """The ids an expression can give, a part known only at run time as '*' (None: cannot tell)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Name) and node.id in values:
        return set(values[node.id])
    if isinstance(node, ast.JoinedStr):
        out = {""}
        for part in node.values:
            choices = {str(part.value)} if isinstance(part, ast.Constant) else None
            if isinstance(part, ast.FormattedValue):
                choices = _patterns(part.value, values) or {"*"}
            out = {a + b for a in out for b in choices or {"*"}}
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
        if isinstance(node.op, ast.Add):
            return {node.left.value + "*"}
        if isinstance(node.op, ast.Mod):
            args = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            out = {node.left.value}
            for arg in args:
                choices = _patterns(arg, values) or {"*"}
                out = {re.sub(r"%[sdr]", c, o, count=1) for o in out for c in choices}
            return out
    return None


def _takes_id(trees: list[ast.AST]) -> dict[str, tuple[int, str | None]]:
    """Functions and classes with a ``check_id`` parameter: name -> (its position in a call, its default)."""
    found: dict[str, tuple[int, str | None]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            fn: ast.AST | None = node
            if isinstance(node, ast.ClassDef):
                fn = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
            if not isinstance(fn, ast.FunctionDef) or not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                continue
            names = [a.arg for a in fn.args.args]
            if "check_id" not in names:
                continue
            position = names.index("check_id") - (1 if names[0] == "self" else 0)
            defaults = dict(zip(names[len(names) - len(fn.args.defaults) :], fn.args.defaults, strict=False))
            default = defaults.get("check_id")
            found[node.name] = (position, default.value if isinstance(default, ast.Constant) else None)
    return found


def _call_id(node: ast.Call, takes_id: dict[str, tuple[int, str | None]]) -> tuple[ast.expr | None, str | None]:
    """(the expression passed as the check id, the parameter's default when none is passed)."""
    for keyword in node.keywords:
        if keyword.arg == "check_id":
            return keyword.value, None
    name = node.func.id if isinstance(node.func, ast.Name) else None
    if name not in takes_id:
        return None, None
    position, default = takes_id[name]
    return (node.args[position], None) if position < len(node.args) else (None, default)


def source_ids(files: list[Path], prefix: str) -> tuple[set[str], list[str]]:
    """(check ids, call sites whose id cannot be told) of one probe's source files."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in files}
    takes_id = _takes_id(list(trees.values()))
    ids: set[str] = set()
    unresolved = []
    for path, tree in trees.items():
        values = _constants(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            expr, default = _call_id(node, takes_id)
            if default:
                ids.add(default)
            if expr is None or ast.unparse(expr) in PASSED_ON:
                continue
            found = _patterns(expr, values) or COMPUTED.get((path.name, ast.unparse(expr)))
            if found is None:
                unresolved.append(f"{path.name}: {ast.unparse(expr)}")
                continue
            ids.update(i for i in found if not i.startswith("*"))
    return {prefix + i for i in ids}, unresolved


def catalogue_ids() -> set[str]:
    """The ids of the probes' own catalogues: a check with an item matches ``<base>:*``."""
    ids = {base + (":*" if spec["item"] else "") for base, spec in HOST_CHECKS.items()}
    return ids | set(TOMCAT_CHECKS) | {"host.reachable", "probe.run"}


@functools.cache
def every_check_id() -> dict[str, set[str]]:
    out = {"catalogues": catalogue_ids()}
    for probe, (files, prefix) in PROBES.items():
        out[probe], unresolved = source_ids(files, prefix)
        assert set(unresolved) <= NOT_BUILT, f"{probe}: check ids this test cannot read: {unresolved}"
    return out


def test_the_reader_finds_each_probes_checks() -> None:
    ids = every_check_id()
    # A sample per probe, so a reader that found nothing cannot pass the test below.
    assert {"fs.space:*", "service.cron", "security.firewall", "process.present:*"} <= ids["catalogues"] | ids["host"]
    assert {"tomcat.app:*", "tomcat.oom:*", "tomcat.threads"} <= ids["tomcat"] | ids["catalogues"]
    assert {"switch.connect", "switch.port:*", "switch.errors:*", "switch.discards:*", "switch.log"} <= ids["switch"]
    assert {"cert.expiry:*", "cert.chain:*", "cert.handshake:*", "cert.connect:*", "cert.scan"} <= ids["certs"]
    assert {"oracle.tablespace.*", "oracle.buffer_cache_hit", "oracle.connect", "oracle.parameter.*"} <= ids["oracle"]
    assert {"postgres.long_transactions", "postgres.database_access", "postgres.connect"} <= ids["postgres"]
    assert {"password.age:*", "password.rotation:*", "password.excluded:*"} <= ids["passwords"]
    assert {"patch.space:*", "patch.window", "patch.backup", "patch.service:*", "package.*"} <= ids["patching"]
    assert {"backup_audit.schedule", "backup_audit.space.offline", "backup_audit.rman.retention"} <= ids["backup_audit"]
    assert {"backup_audit.retention.local", "backup_audit.size_trend"} <= ids["backup_audit"]
    assert {"drill.rto", "drill.rpo", "drill.cleanup", "drill.smoke:*"} <= ids["drill"]
    assert sum(len(v) for v in ids.values()) > 150


@pytest.mark.parametrize("probe", ["catalogues", *PROBES])
def test_every_check_has_a_chinese_recommendation(probe: str) -> None:
    missing = []
    for check_id in sorted(every_check_id()[probe]):
        sample = check_id.replace("*", "X")
        texts = advice.entry_for(sample)
        if not texts or not texts[1].strip() or not re.search(r"[\u4e00-\u9fff]", texts[1]) or not texts[0].strip():
            missing.append(check_id)
    assert missing == [], (
        f"no recommendation (English and Chinese) in healthops/report/advice_texts{{,_db}}.py: {missing}"
    )


def test_catalogue_entries_are_pairs_of_english_and_chinese() -> None:
    for key, (english, chinese) in advice.CATALOGUE.items():
        assert english.strip(), key
        assert not re.search(r"[\u4e00-\u9fff]", english), key
        assert re.search(r"[\u4e00-\u9fff]", chinese), key
    for english, chinese in (advice_texts.ERROR_DEFAULT, advice_texts.UNKNOWN):
        assert english
        assert re.search(r"[\u4e00-\u9fff]", chinese)


def _check(check_id: str, status: str) -> dict:
    return make_check(check_id, "fs", "t", "t", status, detail="raw output")


def test_recommendation_by_status() -> None:
    space = advice.CATALOGUE["fs.space"]
    assert advice.recommendation(_check("fs.space:/data", WARN)) == space
    assert advice.recommendation(_check("fs.space:/data", FAIL)) == space
    assert advice.recommendation(_check("fs.space:/data", PASS)) is None
    assert advice.recommendation(_check("fs.space:/data", INFO)) is None
    # A check that could not run is told how to make it run, not how to fix what it measures.
    assert advice.recommendation(_check("fs.space:/data", ERROR)) == advice_texts.ERROR_DEFAULT
    assert advice.recommendation(_check("host.reachable", ERROR)) == advice.CATALOGUE["host.reachable"]
    assert advice.recommendation(_check("tomcat.process", ERROR)) == advice.CATALOGUE["tomcat.process@ERROR"]
    assert advice.recommendation(_check("oracle.tablespace.USERS", WARN)) == advice.CATALOGUE["oracle.tablespace.*"]
    assert advice.recommendation(_check("no.such.check", WARN)) == advice_texts.UNKNOWN


def test_report_carries_recommendations_only_where_action_is_needed() -> None:
    checks = [_check("fs.space:/", FAIL), _check("memory.used", PASS), _check("cpu.count", INFO)]
    report = model.build_report([{"host": "h1", "checks": checks}], {"run_id": "r1"})
    by_id = {c["id"]: c for c in report["hosts"][0]["checks"]}
    assert by_id["fs.space:/"]["recommendation_zh"] == advice.CATALOGUE["fs.space"][1]
    assert by_id["fs.space:/"]["detail"] == "raw output"  # the probe's words stay as they are
    assert "recommendation" not in by_id["memory.used"]
    assert "recommendation_zh" not in by_id["cpu.count"]
    zh_row = model.row_cells(report["hosts"][0], by_id["fs.space:/"], "zh")
    en_row = model.row_cells(report["hosts"][0], by_id["fs.space:/"], "en")
    assert (zh_row[7], zh_row[8]) == (advice.CATALOGUE["fs.space"][1], "raw output")
    assert (en_row[7], en_row[8]) == (advice.CATALOGUE["fs.space"][0], "raw output")
