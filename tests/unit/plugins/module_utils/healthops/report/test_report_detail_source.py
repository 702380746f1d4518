"""Every detail a check in the code base can say has a Chinese 说明 (healthops.report.detail's catalogue).

The test reads the source, not a run: each call in plugins/module_utils/healthops/** and library/*.py
that builds a check (make_check, and every helper that takes a ``detail``) gives its detail
expression; literals, f-strings, '%'-formats, ``+``, ``x if c else y``, ``a or b`` and a name
assigned in the same function (``detail = ...``, ``detail += ...``) are followed to the texts the
check can say, each part only known at run time a value. Each text, its values filled in with a
sample, must come out of detail_zh with no English prose left. A probe that adds an English detail
fails here until the catalogue (report/detail_texts*.py) knows it; a helper that passes on a detail
it received is read at its callers instead. A text that is only values (a command's output, a
driver's error) has nothing to translate and is not asked for.
"""

from __future__ import annotations

import ast
import copy
import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from ansible.module_utils.healthops.report import detail
from healthops_testlib import REPO
from test_report_advice import COMPUTED, _call_id, _constants, _patterns, _takes_id
from zh_record import PROSE

HEALTHOPS = REPO / "plugins" / "module_utils" / "healthops"
# The report's own code is the translator, not a probe.
SOURCES = sorted(p for p in HEALTHOPS.rglob("*.py") if "report" not in p.relative_to(HEALTHOPS).parts) + sorted(
    (REPO / "library").glob("*.py")
)
# Samples for a value: a number fits most entries' groups, a size those that want a unit.
SAMPLES = ("1", "1.0 GiB")
SIZE_HINT = re.compile(r"size|bytes|human|gib|mib|_b\b|free|avail", re.IGNORECASE)
# A module whose checks a module_utils package's helpers build, with ids this reader cannot follow.
MODULE_PACKAGE = {"db_restore.py": "backup"}
CHECK_ID = re.compile(r"[A-Za-z0-9_.:*/@-]+")
# At most this many combinations of samples are tried for one text.
MAX_TRIES = 32


@dataclass(frozen=True)
class Value:
    """A part of a detail only known at run time (its expression, for the sample it is given)."""

    expr: str


Text = tuple  # of str and Value


@dataclass(frozen=True)
class Site:
    path: str
    line: int
    ids: frozenset[str]
    text: Text

    def key(self) -> str:
        """The file and the text (no line number)."""
        shown = "".join(p if isinstance(p, str) else "{" + p.expr + "}" for p in self.text)
        return f"{self.path}: {shown!r}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line} [{', '.join(sorted(self.ids)) or '?'}] {self.key().split(': ', 1)[1]}"


def _takes_detail(trees: list[ast.AST]) -> dict[str, int]:
    """Functions (and methods) with a ``detail`` parameter: name -> its position in a call."""
    found = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args]
                if "detail" in names:
                    found[node.name] = names.index("detail") - (1 if names[0] in {"self", "cls"} else 0)
                elif "detail" in [a.arg for a in node.args.kwonlyargs]:
                    found[node.name] = 1000
    return found


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def _detail_arg(call: ast.Call, takes: dict[str, int]) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "detail":
            return keyword.value
    position = takes.get(_name(call) or "")
    if position is None or position >= len(call.args) or isinstance(call.args[position], ast.Starred):
        return None
    return call.args[position]


def _percent(fmt: str, args: list[ast.expr], scope: dict, depth: int) -> set[Text]:
    pieces = re.split(r"(%[-#0 +]*\d*(?:\.\d+)?[sdrifgex%])", fmt)
    out: set[Text] = {()}
    arg = iter(args)
    for piece in pieces:
        if piece == "%%":
            choices: set[Text] = {("%",)}
        elif piece.startswith("%") and len(piece) > 1:
            value = next(arg, None)
            choices = _texts(value, scope, depth) if value is not None else {(Value("?"),)}
            if piece[-1] not in "sr":
                choices = {(Value(ast.unparse(value) if value is not None else "?"),)}
        else:
            choices = {(piece,)}
        out = {a + b for a in out for b in choices}
    return out


def _texts(node: ast.expr, scope: dict, depth: int = 0) -> set[Text]:
    """The texts an expression can give (parts known only at run time as Values)."""
    value = {(Value(ast.unparse(node)),)}
    if depth > 12:
        return value
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {(node.value,)}
    if isinstance(node, ast.JoinedStr):
        out: set[Text] = {()}
        for part in node.values:
            choices = {(str(part.value),)} if isinstance(part, ast.Constant) else _texts(part.value, scope, depth + 1)
            out = {a + b for a in out for b in choices}
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        if isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
            args = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            return _percent(node.left.value, args, scope, depth + 1)
        return value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _texts(node.left, scope, depth + 1), _texts(node.right, scope, depth + 1)
        return {a + b for a in left for b in right}
    if isinstance(node, ast.IfExp):
        return _texts(node.body, scope, depth + 1) | _texts(node.orelse, scope, depth + 1)
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        # ``x or "?"``: a value with a stand-in; ``detail or "no ... recorded"``: each text it can be.
        texts = set().union(*(_texts(v, scope, depth + 1) for v in node.values))
        return {t for t in texts if needs_words(t)} or value
    if isinstance(node, ast.Name) and node.id in scope:
        return set().union(*(_texts(v, scope, depth + 1) for v in scope[node.id]))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS:
        return _returned(node.func.id, None, depth) or value
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and isinstance(node.slice, ast.Constant)
    ):
        return _returned(node.value.func.id, node.slice.value, depth) or value
    return value


# The functions of the files read, by name: a detail one of them returns (alone or in a tuple) is followed.
FUNCTIONS: dict[str, list[ast.FunctionDef]] = {}


def _returned(name: str, index: int | None, depth: int) -> set[Text]:
    """The texts with words of their own that a function of the files read returns (``index``: of a tuple)."""
    out: set[Text] = set()
    for function in FUNCTIONS.get(name, []):
        for node in ast.walk(function):
            if not isinstance(node, ast.Return) or node.value is None:
                continue
            found = node.value
            if index is not None:
                if not isinstance(found, ast.Tuple) or index >= len(found.elts):
                    continue
                found = found.elts[index]
            scope = _scope(function, node.lineno)
            for parameter in _parameters(function):
                scope.pop(parameter, None)
            out |= {t for t in _texts(found, scope, depth + 1) if needs_words(t)}
    return out


class _Earlier(ast.NodeTransformer):
    """Puts what a name was last assigned where an assignment's value reads the name itself."""

    def __init__(self, name: str, value: ast.expr) -> None:
        self.name, self.value = name, value

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.value if node.id == self.name else node


def _scope(function: ast.AST | None, before: int) -> dict[str, list[ast.expr]]:
    """What each name of a function is assigned above a line (``x += y`` as ``x + y``)."""
    scope: dict[str, list[ast.expr]] = {}
    if function is None:
        return scope
    # In the order of the source, so ``x += y`` extends what x was last assigned.
    for node in sorted(
        (
            n
            for n in ast.walk(function)
            if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and n.lineno <= before
        ),
        key=lambda n: (n.lineno, n.col_offset),
    ):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    # ``x = f"..." + x``: the x on the right is what x was last assigned
                    earlier = scope.get(target.id)
                    value = _Earlier(target.id, earlier[-1]).visit(copy.deepcopy(node.value)) if earlier else node.value
                    scope.setdefault(target.id, []).append(value)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Call):
                    # ``status, detail = helper(...)``: the helper's returns, by position
                    for position, name in enumerate(target.elts):
                        if isinstance(name, ast.Name):
                            item = ast.Subscript(value=node.value, slice=ast.Constant(position), ctx=ast.Load())
                            scope.setdefault(name.id, []).append(item)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            scope.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add) and isinstance(node.target, ast.Name):
            earlier = scope.get(node.target.id)
            if earlier:
                earlier.append(ast.BinOp(left=earlier[-1], op=ast.Add(), right=node.value))
    return scope


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _function_of(node: ast.AST, parents: dict) -> ast.AST | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node
    return None


def _parameters(function: ast.AST | None) -> set[str]:
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return set()
    args = function.args
    return {a.arg for a in args.args + args.kwonlyargs}


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def sites(files: list[Path] = SOURCES) -> list[Site]:
    """Every detail text a call that builds a check can give."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in files}
    FUNCTIONS.clear()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                FUNCTIONS.setdefault(node.name, []).append(node)
    takes_detail = _takes_detail(list(trees.values()))
    takes_id = _takes_id(list(trees.values()))
    out = []
    for path, tree in trees.items():
        constants = _constants(tree)
        parents = _parents(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            expr = _detail_arg(node, takes_detail)
            if expr is None:
                continue
            function = _function_of(node, parents)
            scope = _scope(function, node.lineno)
            for name in _parameters(function):
                scope.pop(name, None)  # a parameter's value is read at the callers
            id_expr, default = _call_id(node, takes_id)
            ids = {default} if default else set()
            if id_expr is not None:
                ids |= _patterns(id_expr, constants) or COMPUTED.get((path.name, ast.unparse(id_expr))) or set()
                if not ids and isinstance(id_expr, ast.Name):  # check_id = "fs.space:" + point, in the function
                    last = scope.get(id_expr.id, [id_expr])[-1:]  # its value where the call is
                    ids = {"".join(p if isinstance(p, str) else "*" for p in t) for t in _texts(last[0], scope)}
            ids = {i for i in ids if CHECK_ID.fullmatch(i)}  # a name two helpers share may give a title
            rel = _rel(path)
            for text in _texts(expr, scope):
                out.append(Site(rel, node.lineno, frozenset(i for i in ids if not i.startswith("*")), text))
    return out


def needs_words(text: Text) -> bool:
    """Whether a text has words of its own to translate (not only values and punctuation)."""
    return bool(PROSE.search(" ".join(p for p in text if isinstance(p, str))))


def _samples(text: Text):
    values = [p for p in text if isinstance(p, Value)]
    options = [sorted(SAMPLES, key=lambda s: (" " in s) != bool(SIZE_HINT.search(v.expr))) for v in values]
    for choice in itertools.islice(itertools.product(*options), MAX_TRIES):
        filled = iter(choice)
        yield "".join(p if isinstance(p, str) else next(filled) for p in text)


HAN = re.compile(r"[\u4e00-\u9fff]")


@functools.cache
@functools.cache
def _all_takes_id() -> dict[str, tuple[int, str | None]]:
    """Where each function or class of the code base takes a check id (make_check, Subject, check...)."""
    return _takes_id([ast.parse(p.read_text(encoding="utf-8")) for p in SOURCES])


def engine_prefixes(path: str) -> list[str]:
    """The engines' prefixes a database probe's ids take in the record (``tablespace`` -> ``oracle.tablespace``)."""
    parts = Path(path).parts
    if "postgres_probe.py" in parts:
        return ["postgres."]
    if "db" in parts and "compare" not in parts:  # db_compare's ids are its own, not an engine's
        return [e + "." for e in [e for e in ("oracle", "postgres") if e in parts] or ["oracle", "postgres"]]
    return [""]


def with_engine(path: str, ids: frozenset[str]) -> frozenset[str]:
    """A database probe's ids as the record has them: an id the call names without its engine gets it."""
    prefixes = engine_prefixes(path)
    return frozenset(i if i.startswith(tuple(p for p in prefixes if p)) else p + i for i in ids for p in prefixes)


@functools.cache
def file_ids(path: str) -> frozenset[str]:
    """The check ids the calls of one file build (as the advice test reads them), with the engine's prefix."""
    prefixes = engine_prefixes(path)
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    constants, takes_id = _constants(tree), _all_takes_id()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            expr, default = _call_id(node, takes_id)
            ids = ({default} if default else set()) | ((_patterns(expr, constants) or set()) if expr else set())
            found |= {prefix + i for i in ids for prefix in prefixes if not i.startswith("*")}
    return frozenset(i for i in found if CHECK_ID.fullmatch(i))


def dir_ids(path: str) -> frozenset[str]:
    """The check ids of the files beside one (a helper's calls often name the id in another file); a
    module's, those of the module_utils package whose helpers build its checks."""
    here = Path(path).parent
    if here.name == "library" and Path(path).name in MODULE_PACKAGE:
        here = HEALTHOPS.relative_to(REPO) / MODULE_PACKAGE[Path(path).name]
    return frozenset().union(*(file_ids(_rel(p)) for p in sorted((REPO / here).glob("*.py"))))


def translated(site: Site) -> bool:
    """Whether the text, its values filled in with samples, reads in Chinese for one of its check ids."""
    for sample in _samples(site.text):
        # A call whose id this reader cannot tell (a helper's parameter) may be any check of its file's.
        ids = with_engine(site.path, site.ids) or file_ids(site.path) | dir_ids(site.path) or {"*"}
        # a base id the probe's catalogue gives an item (fs.space -> fs.space:/data)
        ids = ids | {i + ":*" for i in ids if ":" not in i and not site.ids}
        found = [detail.detail_zh(i.replace("*", "X"), sample) for i in sorted(ids)]
        if any(c and HAN.search(c) and not PROSE.search(c) for c in found):
            return True
    return False


@pytest.fixture(scope="module")
def every_site() -> list[Site]:
    return sites()


def test_the_reader_finds_the_details_of_every_duty(every_site: list[Site]) -> None:
    files = {s.path.split("/")[-2] if s.path.startswith("plugins") else s.path for s in every_site}
    for duty in ("inspect", "tomcat", "switch", "oracle", "postgres", "backup", "backup_audit", "drill"):
        assert duty in files, duty
    for duty in ("patching", "passwords", "certs", "compare"):
        assert duty in files, duty
    assert len([s for s in every_site if needs_words(s.text)]) > 300


def test_every_detail_has_a_chinese_rendering(every_site: list[Site]) -> None:
    """A detail the catalogue cannot render fails: every text a probe can say reads in Chinese."""
    missing = sorted({str(s) for s in every_site if needs_words(s.text) and not translated(s)})
    assert missing == [], f"{len(missing)} detail(s) with no Chinese in report/detail_texts*.py:\n" + "\n".join(missing)


def test_an_id_a_database_probe_names_without_its_engine_is_read_with_it() -> None:
    oracle = "plugins/module_utils/healthops/db/oracle/capacity.py"
    assert with_engine(oracle, frozenset({"archivelog_mode", "oracle.tablespace"})) == {
        "oracle.archivelog_mode",
        "oracle.tablespace",
    }
    assert with_engine("plugins/module_utils/healthops/db/summary.py", frozenset({"state"})) == {
        "oracle.state",
        "postgres.state",
    }
    assert with_engine("plugins/module_utils/healthops/inspect/net.py", frozenset({"ntp.sync"})) == {"ntp.sync"}


def test_the_reader_fails_on_an_english_detail_the_catalogue_does_not_know(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "def run(name, free):\n"
        "    detail = 'the spool is %s full' % name\n"
        "    detail += f'; {free} left'\n"
        "    return [make_check('fs.space:' + name, 'fs', 't', 't', 'WARN', detail=detail),\n"
        "            make_check('fs.space:x', 'fs', 't', 't', 'WARN',\n"
        "                       detail=f'{free} used of {free}, {free} available')]\n",
        encoding="utf-8",
    )
    found = [s for s in sites([probe, HEALTHOPS / "common" / "result.py"]) if s.path == str(probe)]
    assert {"".join(p if isinstance(p, str) else "V" for p in s.text) for s in found} == {
        "the spool is V full",
        "the spool is V full; V left",
        "V used of V, V available",
    }
    assert [translated(s) for s in sorted(found, key=lambda s: s.line)][-1] is True
    assert not all(translated(s) for s in found)
