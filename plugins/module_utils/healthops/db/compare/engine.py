# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare tables of two databases of the same engine by hashing inside the databases.

The approach of data-diff (and its fork reladiff): never fetch rows to find out whether they
differ; let each database compute, per segment of the key space, the number of rows and the
sum of 64-bit row hashes, and narrow only into segments whose (count, sum) differ on the two
sides, until segments are small; then fetch ``(key, row hash)`` of those small segments only
and diff them. Both sides run each step concurrently (one thread and one connection per side),
every query of a side runs in one read-only snapshot.

Segmentation, per table:

``range``     the leading key column is an integer: buckets are ``(k - base) >> shift``, so a
              segment is a key range and deeper levels read only the differing ranges through
              the primary key's index. Level 1 has about ``rows / leaf_rows`` buckets (capped),
              each further level splits a differing bucket ``bisection_factor`` ways.
``hash``      any other key: buckets are the top bits of a 60-bit hash of the key text, so
              segments are hash classes; each level restricts by the parent bucket.
``rowhash``   no primary key: the row's own hash is the bucket key, and the leaf compares
              multisets of row hashes (``md5`` with a count per distinct row). Such a table has
              no "changed" rows: a changed row is one missing and one extra.

A difference is reported by key (a scalar for a one-column key, a list otherwise; the row's
text for ``rowhash``), capped at ``max_keys`` per list with exact totals. With
``changed_since`` and a table's ``change_column``, a key present in the source whose change
time is later than ``changed_since`` is reported in ``later_changes`` instead of as a
mismatch (a row changed in production after the backup).

Dialects build the SQL, one per file of this package (``postgres.py``, ``oracle.py``); this
engine (``compare_tables``) is dialect-neutral and only talks DB-API to two connections.
PostgreSQL-family is tested live; Oracle builds the same queries with ``STANDARD_HASH`` and is
tested through its SQL text. The check of the result model per compared table is built in
``checks.py`` (``table_check``).
"""

from __future__ import absolute_import, division, print_function

import datetime as _dt
import decimal
import math
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from ansible.module_utils.healthops.db.compat import fromisoformat

__metaclass__ = type

HASH_BITS = 60
MAX_LEVEL_BUCKETS = 65536
LEAF_CHUNK_ROWS = 50000
DEFAULT_LEAF_ROWS = 64
DEFAULT_FACTOR = 32
DEFAULT_MAX_KEYS = 100

Row = Tuple[Any, ...]
SQL = Tuple[str, Any]


# =========================================================================== options


def split_identifier(name: str, fold: str) -> List[str]:
    """``schema.table`` -> parts; ``"Quoted"`` parts keep their case, others are folded (lower/upper)."""
    parts, i, text = [], 0, name.strip()
    while i < len(text):
        if text[i] == '"':
            j, buf = i + 1, []
            while j < len(text):
                if text[j] == '"':
                    if j + 1 < len(text) and text[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(text[j])
                j += 1
            if j >= len(text):
                raise ValueError("unbalanced quote in %r" % name)
            parts.append("".join(buf))
            i = j + 1
        else:
            j = text.find(".", i)
            j = len(text) if j < 0 else j
            word = text[i:j].strip()
            if not word:
                raise ValueError("empty name part in %r" % name)
            parts.append(word.lower() if fold == "lower" else word.upper())
            i = j
        if i < len(text):
            if text[i] != ".":
                raise ValueError("unexpected %r in %r" % (text[i], name))
            i += 1
            if i == len(text):
                raise ValueError("name %r ends with a dot" % name)
    if not parts or len(parts) > 2:
        raise ValueError("table name %r must be 'table' or 'schema.table'" % name)
    return parts


def _name_list(value: Any, where: str) -> Optional[List[str]]:
    if value is None or value == []:
        return None
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("%s must be a column name or a list of column names" % where)
    return [v.strip() for v in value]


def parse_tables(raw: Any) -> List[Dict[str, Any]]:
    """The ``tables`` option -> ``[{"name", "key", "columns", "change_column"}]``; ValueError names the entry."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValueError("tables must be a list of names or of objects with name, key, columns, change_column")
    out, seen = [], set()
    for index, entry in enumerate(raw):
        where = "tables[%d]" % index
        item = {"name": entry} if isinstance(entry, str) else entry
        if not isinstance(item, dict):
            raise ValueError("%s must be a table name or an object with name" % where)
        unknown = sorted(set(item) - {"name", "key", "columns", "change_column"})
        if unknown:
            raise ValueError("%s: unknown field(s) %s" % (where, ", ".join(unknown)))
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError("%s: name is required" % where)
        if name in seen:
            raise ValueError("%s: table %s listed twice" % (where, name))
        seen.add(name)
        change = item.get("change_column")
        if change is not None and (not isinstance(change, str) or not change.strip()):
            raise ValueError("%s: change_column must be a column name" % where)
        out.append(
            {
                "name": name.strip(),
                "key": _name_list(item.get("key"), where + ".key"),
                "columns": _name_list(item.get("columns"), where + ".columns"),
                "change_column": change.strip() if change else None,
            }
        )
    return out


def json_key(values: Sequence[Any]) -> Any:
    """A key as JSON: a scalar for a one-column key, else a list; non-JSON types as text."""
    out = []
    for value in values:
        if value is None or isinstance(value, (bool, int, str)):
            out.append(value)
        elif isinstance(value, float):
            out.append(value if math.isfinite(value) else str(value))
        elif isinstance(value, decimal.Decimal):
            out.append(int(value) if value == value.to_integral_value() and abs(value) < 2**63 else str(value))
        elif isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
            out.append(value.isoformat())
        elif isinstance(value, (bytes, bytearray, memoryview)):
            out.append(bytes(value).hex())
        elif isinstance(value, uuid.UUID):
            out.append(str(value))
        else:
            out.append(str(value))
    return out[0] if len(out) == 1 else out


# =========================================================================== plans (what a dialect builds SQL from)


class Plan:
    """What a dialect needs to build one table's queries."""

    def __init__(self, table: str, qualified: str, columns: List[str], key: List[str], strategy: str) -> None:
        self.table = table
        self.qualified = qualified  # quoted, ready for FROM
        self.columns = columns  # compared columns, unquoted, in order
        self.key = key  # key columns, unquoted ([] for rowhash)
        self.strategy = strategy  # range | hash | rowhash
        self.base = 0  # range: lowest key of both sides
        self.top = 0  # range: highest key of both sides
        self.change_column = None  # type: Optional[str]
        self.since = None  # type: Any


class Dialect:
    """What every dialect shares: identifiers in double quotes (SQL standard), ``schema.table`` from parts."""

    @staticmethod
    def quote(ident: str) -> str:
        return '"%s"' % ident.replace('"', '""')

    def qualified(self, parts: Sequence[str]) -> str:
        return ".".join(self.quote(p) for p in parts)


def range_bounds(base: int, top: int, buckets: Sequence[int], shift: int) -> Tuple[List[int], List[int]]:
    """Inclusive key ranges of range buckets, adjacent ones merged: ``([low...], [high...])``."""
    lows, highs = [], []  # type: List[int], List[int]
    for bucket in sorted(set(buckets)):
        low = base + (bucket << shift)
        high = min(base + ((bucket + 1) << shift) - 1, top)
        if highs and low == highs[-1] + 1:
            highs[-1] = high
        else:
            lows.append(low)
            highs.append(high)
    return lows, highs


# =========================================================================== engine


class Side:
    """One database connection (DB-API) inside one read-only snapshot."""

    def __init__(self, conn: Any, dialect: Any, label: str) -> None:
        self.conn = conn
        self.dialect = dialect
        self.label = label
        self.queries = 0

    def rows(self, sql: str, params: Any = None) -> List[Row]:
        self.queries += 1
        cursor = self.conn.cursor()
        try:
            if params is None:
                cursor.execute(sql)
            else:
                cursor.execute(sql, params)
            return list(cursor.fetchall()) if cursor.description else []
        finally:
            cursor.close()

    def many(self, statements: Sequence[SQL]) -> List[Row]:
        out = []  # type: List[Row]
        for sql, params in statements:
            out.extend(self.rows(sql, params))
        return out


class Diff:
    """Differences of one table, with capped key lists and exact totals."""

    LISTS = ("missing_in_target", "extra_in_target", "changed", "later_changes")

    def __init__(self, max_keys: int) -> None:
        self.max_keys = max_keys
        self.keys = {name: [] for name in self.LISTS}  # type: Dict[str, List[Any]]
        self.totals = dict.fromkeys(self.LISTS, 0)  # type: Dict[str, int]

    def add(self, kind: str, key: Any, count: int = 1) -> None:
        self.totals[kind] += count
        room = self.max_keys - len(self.keys[kind])
        if room > 0:
            self.keys[kind].extend([key] * min(room, count))


class TableError(Exception):
    pass


def describe_table(side: Side, parts: Sequence[str]) -> Tuple[List[Tuple[str, str]], List[str]]:
    sql, params = side.dialect.columns_sql(parts)
    columns = [(r[0], r[1]) for r in side.rows(sql, params)]
    if not columns:
        raise TableError("table %s not found on the %s side" % (".".join(parts), side.label))
    sql, params = side.dialect.primary_key_sql(parts)
    return columns, [r[0] for r in side.rows(sql, params)]


def plan_table(
    dialect: Any,
    spec: Dict[str, Any],
    source_meta: Tuple[List[Tuple[str, str]], List[str]],
    target_meta: Tuple[List[Tuple[str, str]], List[str]],
) -> Plan:
    parts = split_identifier(spec["name"], dialect.fold)
    src_cols, src_pk = source_meta
    tgt_cols = dict(target_meta[0])
    types = dict(src_cols)

    def resolve(name: str, what: str) -> str:
        for candidate in (name, name.lower() if dialect.fold == "lower" else name.upper()):
            if candidate in types:
                return candidate
        raise TableError("%s %s is not a column of %s" % (what, name, spec["name"]))

    columns = [resolve(c, "column") for c in spec["columns"]] if spec.get("columns") else [c for c, _t in src_cols]
    key = [resolve(c, "key column") for c in spec["key"]] if spec.get("key") else list(src_pk)
    missing = [c for c in columns if c not in tgt_cols]
    if missing:
        raise TableError("column(s) %s of %s missing on the target side" % (", ".join(missing), spec["name"]))
    for column in key:
        if column not in columns:
            columns.append(column)
    strategy = ("range" if dialect.is_integer(types[key[0]]) else "hash") if key else "rowhash"
    plan = Plan(spec["name"], dialect.qualified(parts), columns, key, strategy)
    plan.types = types  # type: ignore[attr-defined]
    if spec.get("change_column"):
        plan.change_column = resolve(spec["change_column"], "change column")
    return plan


class Comparer:
    """Runs the comparison of tables between two sides, each step on both sides at once."""

    def __init__(
        self,
        source: Side,
        target: Side,
        max_keys: int = DEFAULT_MAX_KEYS,
        leaf_rows: int = DEFAULT_LEAF_ROWS,
        bisection_factor: int = DEFAULT_FACTOR,
        changed_since: Any = None,
    ) -> None:
        self.source = source
        self.target = target
        self.max_keys = max_keys
        self.leaf_rows = max(1, leaf_rows)
        self.factor_bits = max(1, max(2, bisection_factor).bit_length() - 1)
        self.changed_since = changed_since
        self.pool = ThreadPoolExecutor(max_workers=2)

    def close(self) -> None:
        self.pool.shutdown(wait=True)

    def both(self, call_source: Callable[[], Any], call_target: Callable[[], Any]) -> Tuple[Any, Any]:
        future = self.pool.submit(call_target)
        try:
            first = call_source()
        except Exception:
            # The source's error is the one reported; the target's call is waited for, its outcome dropped.
            future.exception()
            raise
        return first, future.result()

    # ---------------------------------------------------------------- per table

    def compare(self, spec: Dict[str, Any]) -> Dict[str, Any]:
        started = time.time()
        result = {
            "name": spec["name"],
            "key": [],
            "strategy": None,
            "rows_source": None,
            "rows_target": None,
            "error": None,
        }  # type: Dict[str, Any]
        diff = Diff(self.max_keys)
        stats = {"levels": 0, "segments": 0, "rows_fetched": 0}
        try:
            dialect = self.source.dialect
            parts = split_identifier(spec["name"], dialect.fold)
            meta_s, meta_t = self.both(
                lambda: describe_table(self.source, parts), lambda: describe_table(self.target, parts)
            )
            plan = plan_table(dialect, spec, meta_s, meta_t)
            if plan.change_column and self.changed_since is not None:
                plan.since = self.changed_since
            else:
                plan.change_column = None
            result.update(key=plan.key, strategy=plan.strategy, columns=len(plan.columns))
            if plan.change_column:
                result["change_column"] = plan.change_column
            self._run(plan, diff, result, stats)
        except TableError as exc:
            result["error"] = str(exc)
        for name in Diff.LISTS:
            result[name] = diff.keys[name]
            result[name + "_total"] = diff.totals[name]
        result["mismatches"] = sum(diff.totals[n] for n in ("missing_in_target", "extra_in_target", "changed"))
        result["equal"] = result["error"] is None and result["mismatches"] == 0 and diff.totals["later_changes"] == 0
        result.update(stats)
        result["seconds"] = round(time.time() - started, 3)
        return result

    def _run(self, plan: Plan, diff: Diff, result: Dict[str, Any], stats: Dict[str, int]) -> None:
        dialect = self.source.dialect
        (s_stats,), (t_stats,) = self.both(
            lambda: self.source.rows(*dialect.stats_sql(plan)), lambda: self.target.rows(*dialect.stats_sql(plan))
        )
        estimates = [s_stats[2], t_stats[2]]
        if any(e is None for e in estimates):
            (s_count,), (t_count,) = self.both(
                lambda: self.source.rows(*dialect.count_sql(plan)), lambda: self.target.rows(*dialect.count_sql(plan))
            )
            estimates = [s_count[0], t_count[0]]
        biggest = max(int(estimates[0] or 0), int(estimates[1] or 0), 1)
        wanted = max(1, min(MAX_LEVEL_BUCKETS, -(-biggest // self.leaf_rows)))
        if plan.strategy == "range":
            lows = [int(v) for v in (s_stats[0], t_stats[0]) if v is not None]
            highs = [int(v) for v in (s_stats[1], t_stats[1]) if v is not None]
            if not lows:
                result["rows_source"] = result["rows_target"] = 0
                return
            plan.base, plan.top = min(lows), max(highs)
            span = plan.top - plan.base + 1
            shift = (-(-span // wanted) - 1).bit_length()  # smallest s with 2**s * wanted >= span
        else:
            shift = HASH_BITS - min(16, (wanted - 1).bit_length())
        parents, parent_shift = None, 0  # type: Optional[List[int]], int
        while True:
            stats["levels"] += 1
            batches = [None] if parents is None else chunks(parents, max(1, MAX_LEVEL_BUCKETS >> self.factor_bits))
            leaves, deeper = [], []  # type: List[Tuple[int, int]], List[int]
            for batch in batches:
                statements = dialect.level_sql(plan, shift, batch, parent_shift)
                rows_s, rows_t = self.both(
                    lambda sql=statements: self.source.many(sql), lambda sql=statements: self.target.many(sql)
                )
                seg_s = {int(r[0]): (int(r[1]), r[2]) for r in rows_s}
                seg_t = {int(r[0]): (int(r[1]), r[2]) for r in rows_t}
                if parents is None:  # level 1 covers every row
                    result["rows_source"] = sum(v[0] for v in seg_s.values())
                    result["rows_target"] = sum(v[0] for v in seg_t.values())
                stats["segments"] += len(set(seg_s) | set(seg_t))
                for bucket in set(seg_s) | set(seg_t):
                    a, b = seg_s.get(bucket, (0, 0)), seg_t.get(bucket, (0, 0))
                    if a[0] == b[0] and a[1] == b[1]:
                        continue
                    size = max(a[0], b[0])
                    if size <= self.leaf_rows or shift == 0:
                        leaves.append((bucket, size))
                    else:
                        deeper.append(bucket)
            if leaves:
                self._leaves(plan, shift, leaves, diff, stats)
            if not deeper:
                return
            parents, parent_shift = sorted(deeper), shift
            shift = max(0, shift - self.factor_bits)

    def _leaves(self, plan: Plan, shift: int, leaves: List[Tuple[int, int]], diff: Diff, stats: Dict[str, int]) -> None:
        dialect = self.source.dialect
        batch, rows = [], 0  # type: List[int], int
        groups = []  # type: List[List[int]]
        for bucket, size in sorted(leaves):
            if batch and rows + size > LEAF_CHUNK_ROWS:
                groups.append(batch)
                batch, rows = [], 0
            batch.append(bucket)
            rows += size
        if batch:
            groups.append(batch)
        for group in groups:
            src_sql = dialect.leaf_sql(plan, shift, group, True)
            tgt_sql = dialect.leaf_sql(plan, shift, group, False)
            rows_s, rows_t = self.both(
                lambda sql=src_sql: self.source.many(sql), lambda sql=tgt_sql: self.target.many(sql)
            )
            stats["rows_fetched"] += len(rows_s) + len(rows_t)
            if plan.strategy == "rowhash":
                diff_multisets(rows_s, rows_t, diff)
            else:
                diff_keyed(rows_s, rows_t, len(plan.key), bool(plan.change_column), diff)


def chunks(items: Sequence[int], size: int) -> List[List[int]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def diff_keyed(rows_s: Iterable[Row], rows_t: Iterable[Row], key_len: int, has_later: bool, diff: Diff) -> None:
    """Leaf rows ``(key..., hash[, later])`` of both sides -> missing, extra, changed, later changes."""
    target = {}  # type: Dict[Tuple[Any, ...], Any]
    for row in rows_t:
        target[tuple(row[:key_len])] = row[key_len]
    for row in rows_s:
        key = tuple(row[:key_len])
        later = bool(row[key_len + 1]) if has_later else False
        if key not in target:
            diff.add("later_changes" if later else "missing_in_target", json_key(key))
            continue
        other = target.pop(key)
        if other != row[key_len]:
            diff.add("later_changes" if later else "changed", json_key(key))
    for key in sorted(target, key=repr):
        diff.add("extra_in_target", json_key(key))


def diff_multisets(rows_s: Iterable[Row], rows_t: Iterable[Row], diff: Diff) -> None:
    """Leaf rows ``(row md5, count, row text)`` of both sides -> rows missing in or extra on the target."""
    target = {row[0]: (int(row[1]), row[2]) for row in rows_t}
    for digest, count, text in rows_s:
        other, _text = target.pop(digest, (0, None))
        if int(count) > other:
            diff.add("missing_in_target", text, int(count) - other)
        elif other > int(count):
            diff.add("extra_in_target", text, other - int(count))
    for digest in sorted(target):
        count, text = target[digest]
        diff.add("extra_in_target", text, count)


def compare_tables(
    source: Side,
    target: Side,
    specs: List[Dict[str, Any]],
    max_keys: int = DEFAULT_MAX_KEYS,
    leaf_rows: int = DEFAULT_LEAF_ROWS,
    bisection_factor: int = DEFAULT_FACTOR,
    changed_since: Any = None,
    hash_function: str = "auto",
) -> List[Dict[str, Any]]:
    """Compare every table of ``specs`` (empty: every table of the source) between the two sides.

    Both sides must share one dialect object. ``hash_function``: ``auto`` (the fastest hash both
    servers have) or ``md5`` (portable, e.g. across major versions).
    """
    comparer = Comparer(source, target, max_keys, leaf_rows, bisection_factor, changed_since)
    try:
        capability = source.dialect.capability_sql()
        if capability is not None and hasattr(source.dialect, "mode"):
            if hash_function == "auto":
                (fast_s,), (fast_t,) = comparer.both(lambda: source.rows(*capability), lambda: target.rows(*capability))
                source.dialect.mode = "record" if (fast_s[0] and fast_t[0]) else "md5"
            else:
                source.dialect.mode = "md5"
        if not specs:
            sql, params = source.dialect.list_tables_sql()
            specs = [
                {"name": ".".join(source.dialect.quote(p) for p in row), "key": None, "columns": None}
                for row in source.rows(sql, params)
            ]
            for spec in specs:
                spec["change_column"] = None
        return [comparer.compare(spec) for spec in specs]
    finally:
        comparer.close()


def parse_since(value: Optional[str]) -> Optional[_dt.datetime]:
    """ISO 8601 with an offset (``2024-05-01T02:00:00+08:00``) -> aware datetime; ValueError otherwise."""
    if value in (None, ""):
        return None
    text = str(value).strip().replace(" ", "T", 1)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
    parsed = fromisoformat(text)
    if parsed.tzinfo is None:
        raise ValueError("changed_since %r needs a UTC offset, e.g. 2024-05-01T02:00:00+08:00" % value)
    return parsed
