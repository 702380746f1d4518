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

Dialects build the SQL; the engine (``compare_tables``) only talks DB-API to two
connections. PostgreSQL-family is tested live; Oracle builds the same queries with
``STANDARD_HASH`` and is tested through its SQL text.
"""

# ruff: noqa: S608 - SQL text is built from identifiers passed through quote(); every value is a bound parameter.
from __future__ import absolute_import, annotations, division, print_function

import datetime as _dt
import decimal
import math
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, make_check

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


# =========================================================================== dialects


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


class PostgresDialect:
    """PostgreSQL, KingbaseES, openGauss-compatible (psycopg 3 placeholders, arrays as parameters).

    Row hashes are 64-bit integers. ``record`` mode (both servers have ``hash_record_extended``,
    PostgreSQL 14+) hashes the row's values with their types' own hash functions, columns of types
    without one as text, and mixes the result once more through ``hashint8extended`` (the record
    hash combines columns linearly, so two rows swapping a value would otherwise cancel out in a
    sum). ``md5`` mode (any version) takes 64 bits of ``md5(ROW(...)::text)``.
    """

    name = "postgres"
    fold = "lower"
    INTEGER_TYPES = frozenset(["smallint", "integer", "bigint"])
    # Types whose default hash operator class has an extended (64-bit) support function.
    HASHABLE_TYPES = frozenset(
        [
            "smallint", "integer", "bigint", "numeric", "real", "double precision", "boolean", '"char"', "name",
            "text", "character varying", "character", "bytea", "date", "time without time zone",
            "time with time zone", "timestamp without time zone", "timestamp with time zone", "interval", "uuid",
            "inet", "cidr", "macaddr", "macaddr8", "jsonb", "oid", "pg_lsn",
        ]
    )  # fmt: skip
    MASK60 = (1 << 60) - 1

    def __init__(self, mode: str = "md5") -> None:
        self.mode = mode  # record | md5

    @staticmethod
    def quote(ident: str) -> str:
        return '"%s"' % ident.replace('"', '""')

    def qualified(self, parts: Sequence[str]) -> str:
        return ".".join(self.quote(p) for p in parts)

    def session_sql(self, statement_timeout_ms: int, timezone: str) -> List[SQL]:
        out = [
            ("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", None),
            ("SELECT set_config('statement_timeout', %s, false)", (str(int(statement_timeout_ms)),)),
            ("SELECT set_config('DateStyle', 'ISO, YMD', false)", None),
            ("SELECT set_config('IntervalStyle', 'postgres', false)", None),
            ("SELECT set_config('extra_float_digits', '3', false)", None),
            ("SELECT set_config('bytea_output', 'hex', false)", None),
        ]
        if timezone:
            out.append(("SELECT set_config('TimeZone', %s, false)", (timezone,)))
        return out

    def capability_sql(self) -> SQL:
        """One row: whether the fast record hash is available on this server."""
        return (
            "SELECT to_regprocedure('hash_record_extended(record,bigint)') IS NOT NULL "
            "AND to_regprocedure('hashint8extended(bigint,bigint)') IS NOT NULL",
            None,
        )

    def list_tables_sql(self) -> SQL:
        return (
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%%' "
            "ORDER BY 1, 2",
            None,
        )

    def columns_sql(self, parts: Sequence[str]) -> SQL:
        return (
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            "WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
            (self.qualified(parts),),
        )

    def primary_key_sql(self, parts: Sequence[str]) -> SQL:
        return (
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
            "ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
            "WHERE i.indrelid = to_regclass(%s) AND i.indisprimary "
            "ORDER BY array_position(i.indkey::int2[], a.attnum)",
            (self.qualified(parts),),
        )

    def is_integer(self, type_text: str) -> bool:
        return type_text in self.INTEGER_TYPES

    def hashable(self, type_text: str) -> bool:
        base = re.sub(r"\(\d+(,\d+)?\)", "", type_text or "").strip()
        while base.endswith("[]"):
            base = base[:-2]
        return base in self.HASHABLE_TYPES

    # -- expressions (the table is always aliased t)
    def _row_text(self, columns: Sequence[str]) -> str:
        return "ROW(%s)::text" % ", ".join("t.%s" % self.quote(c) for c in columns)

    def _record(self, plan: Plan, columns: Sequence[str]) -> str:
        types = getattr(plan, "types", {})
        values = []
        for column in columns:
            ref = "t.%s" % self.quote(column)
            values.append(ref if self.hashable(types.get(column, "")) else "%s::text" % ref)
        return "ROW(%s)" % ", ".join(values)

    def row_hash(self, plan: Plan) -> str:
        """Signed 64-bit hash of the compared columns."""
        if self.mode == "record":
            return "hashint8extended(hash_record_extended(%s, 0), 0)" % self._record(plan, plan.columns)
        return "('x' || substr(md5(%s), 1, 16))::bit(64)::bigint" % self._row_text(plan.columns)

    def key_bits(self, plan: Plan) -> str:
        """Non-negative 60-bit hash of the key (segments of the hash strategy)."""
        if self.mode == "record":
            return "((hashint8extended(hash_record_extended(%s, 0), 1) >> 4) & %d)" % (
                self._record(plan, plan.key),
                self.MASK60,
            )
        return "('x' || substr(md5(%s), 1, 15))::bit(60)::bigint" % self._row_text(plan.key)

    def _bits_of(self, hash_expr: str) -> str:
        return "((%s >> 4) & %d)" % (hash_expr, self.MASK60)

    def _later(self, plan: Plan) -> str:
        return "COALESCE(t.%s > %%(since)s::timestamptz, false)" % self.quote(plan.change_column or "")

    # -- queries
    def stats_sql(self, plan: Plan) -> SQL:
        """One row ``(lowest key, highest key, estimated rows or NULL)``; range keys come from the index."""
        estimate = (
            "(SELECT CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END FROM pg_class c "
            "WHERE c.oid = to_regclass(%s))"
        )
        if plan.strategy == "range":
            key = self.quote(plan.key[0])
            sql = "SELECT (SELECT min(%s)::bigint FROM %s), (SELECT max(%s)::bigint FROM %s), %s" % (
                key,
                plan.qualified,
                key,
                plan.qualified,
                estimate,
            )
            return sql, (plan.qualified,)
        return "SELECT NULL, NULL, %s" % estimate, (plan.qualified,)

    def count_sql(self, plan: Plan) -> SQL:
        return "SELECT count(*) FROM %s" % plan.qualified, None

    def _ranges(self, plan: Plan, buckets: Sequence[int], shift: int) -> Tuple[List[int], List[int]]:
        return range_bounds(plan.base, plan.top, buckets, shift)

    def _range_join(self, plan: Plan) -> str:
        key = "t.%s" % self.quote(plan.key[0])
        return "unnest(%%(lo)s::bigint[], %%(hi)s::bigint[]) AS r(lo, hi) JOIN %s t ON %s >= r.lo AND %s <= r.hi" % (
            plan.qualified,
            key,
            key,
        )

    def level_sql(self, plan: Plan, shift: int, parents: Optional[Sequence[int]], parent_shift: int) -> List[SQL]:
        """Rows ``(bucket, rows, sum of row hashes)``, within the parent buckets when given."""
        if plan.strategy == "range":
            bucket = "((t.%s::bigint - %%(base)s::bigint) >> %%(shift)s)" % self.quote(plan.key[0])
            params = {"base": plan.base, "shift": shift}  # type: Dict[str, Any]
            if parents is None:
                source = "%s t" % plan.qualified
            else:
                lows, highs = self._ranges(plan, parents, parent_shift)
                params.update(lo=lows, hi=highs)
                source = self._range_join(plan)
            sql = "SELECT %s AS b, count(*), sum(%s) FROM %s GROUP BY 1" % (bucket, self.row_hash(plan), source)
            return [(sql, params)]
        if plan.strategy == "hash":
            bits = self.key_bits(plan)
            sql = "SELECT (%s >> %%(shift)s) AS b, count(*), sum(%s) FROM %s t" % (
                bits,
                self.row_hash(plan),
                plan.qualified,
            )
            params = {"shift": shift}
            if parents is not None:
                sql += " WHERE (%s >> %%(pshift)s) = ANY (%%(parents)s::bigint[])" % bits
                params.update(pshift=parent_shift, parents=list(parents))
            return [(sql + " GROUP BY 1", params)]
        # rowhash: the row's hash is computed once and is both the bucket key and the summed value
        inner = "SELECT %s AS h FROM %s t OFFSET 0" % (self.row_hash(plan), plan.qualified)
        bits = self._bits_of("q.h")
        sql = "SELECT (%s >> %%(shift)s) AS b, count(*), sum(q.h) FROM (%s) q" % (bits, inner)
        params = {"shift": shift}
        if parents is not None:
            sql += " WHERE (%s >> %%(pshift)s) = ANY (%%(parents)s::bigint[])" % bits
            params.update(pshift=parent_shift, parents=list(parents))
        return [(sql + " GROUP BY 1", params)]

    def leaf_sql(self, plan: Plan, shift: int, buckets: Sequence[int], source: bool) -> List[SQL]:
        """Rows ``(key..., row hash[, changed later])``; for rowhash ``(row hash, rows, row text)``."""
        params = {"shift": shift}  # type: Dict[str, Any]
        if plan.strategy == "rowhash":
            inner = "SELECT %s AS h, %s AS rt FROM %s t OFFSET 0" % (
                self.row_hash(plan),
                self._row_text(plan.columns),
                plan.qualified,
            )
            sql = (
                "SELECT q.h, count(*), min(q.rt) FROM (%s) q "
                "WHERE (%s >> %%(shift)s) = ANY (%%(buckets)s::bigint[]) GROUP BY q.h"
            ) % (inner, self._bits_of("q.h"))
            params["buckets"] = list(buckets)
            return [(sql, params)]
        cols = ", ".join("t.%s" % self.quote(k) for k in plan.key)
        extra = ""
        if source and plan.change_column:
            extra = ", %s" % self._later(plan)
            params["since"] = plan.since
        head = "SELECT %s, %s%s" % (cols, self.row_hash(plan), extra)
        if plan.strategy == "range":
            lows, highs = self._ranges(plan, buckets, shift)
            params.update(lo=lows, hi=highs)
            del params["shift"]
            return [("%s FROM %s" % (head, self._range_join(plan)), params)]
        params["buckets"] = list(buckets)
        sql = "%s FROM %s t WHERE (%s >> %%(shift)s) = ANY (%%(buckets)s::bigint[])" % (
            head,
            plan.qualified,
            self.key_bits(plan),
        )
        return [(sql, params)]


class OracleDialect:
    """Oracle 12.1+ (``STANDARD_HASH``), python-oracledb named binds; lists expand into binds."""

    name = "oracle"
    fold = "upper"
    IN_LIST_LIMIT = 1000
    RANGES_PER_QUERY = 400

    @staticmethod
    def quote(ident: str) -> str:
        return '"%s"' % ident.replace('"', '""')

    def qualified(self, parts: Sequence[str]) -> str:
        return ".".join(self.quote(p) for p in parts)

    def session_sql(self, statement_timeout_ms: int, timezone: str) -> List[SQL]:
        out = [("SET TRANSACTION READ ONLY", None)]
        if timezone:
            out.insert(0, ("ALTER SESSION SET TIME_ZONE = '%s'" % timezone.replace("'", ""), None))
        return out

    def list_tables_sql(self) -> SQL:
        return ("SELECT USER, table_name FROM user_tables WHERE nested = 'NO' AND secondary = 'N' ORDER BY 2", None)

    def _owner_table(self, parts: Sequence[str]) -> Tuple[str, Dict[str, Any]]:
        if len(parts) == 2:
            return "owner = :owner AND table_name = :name", {"owner": parts[0], "name": parts[1]}
        return "owner = USER AND table_name = :name", {"name": parts[0]}

    def columns_sql(self, parts: Sequence[str]) -> SQL:
        where, binds = self._owner_table(parts)
        sql = (
            "SELECT column_name, data_type || CASE WHEN data_type = 'NUMBER' AND data_scale = 0 "
            "THEN ':INTEGER' END FROM all_tab_columns WHERE %s ORDER BY column_id"
        ) % where
        return sql, binds

    def primary_key_sql(self, parts: Sequence[str]) -> SQL:
        where, binds = self._owner_table(parts)
        where = where.replace("owner", "c.owner").replace("table_name", "c.table_name")
        sql = (
            "SELECT cc.column_name FROM all_constraints c JOIN all_cons_columns cc "
            "ON cc.owner = c.owner AND cc.constraint_name = c.constraint_name "
            "WHERE c.constraint_type = 'P' AND %s ORDER BY cc.position"
        ) % where
        return sql, binds

    def is_integer(self, type_text: str) -> bool:
        return type_text.endswith(":INTEGER")

    def _text(self, column: str, type_text: str = "") -> str:
        col = self.quote(column)
        if type_text.startswith("DATE"):
            return "TO_CHAR(%s, 'YYYY-MM-DD HH24:MI:SS')" % col
        if type_text.startswith("TIMESTAMP"):
            return "TO_CHAR(%s, 'YYYY-MM-DD HH24:MI:SS.FF9')" % col
        if type_text.startswith(("NUMBER", "FLOAT", "BINARY_")):
            return "TO_CHAR(%s, 'TM9')" % col
        if type_text in ("CLOB", "NCLOB"):
            return "TO_CHAR(DBMS_LOB.SUBSTR(%s, 4000, 1))" % col
        if type_text == "BLOB":
            return "RAWTOHEX(DBMS_LOB.SUBSTR(%s, 2000, 1))" % col
        if type_text == "RAW":
            return "RAWTOHEX(%s)" % col
        return "TO_CHAR(%s)" % col

    def _row_text(self, plan: Plan, columns: Sequence[str]) -> str:
        types = getattr(plan, "types", {})
        parts = ["NVL2(%s, 'v' || %s, 'n')" % (self.quote(c), self._text(c, types.get(c, ""))) for c in columns]
        return " || CHR(31) || ".join(parts)

    @staticmethod
    def _md5(text_expr: str) -> str:
        return "RAWTOHEX(STANDARD_HASH(%s, 'MD5'))" % text_expr

    @staticmethod
    def _h64(md5_expr: str) -> str:
        return "TO_NUMBER(SUBSTR(%s, 1, 16), 'XXXXXXXXXXXXXXXX')" % md5_expr

    @staticmethod
    def _kh(md5_expr: str) -> str:
        return "TO_NUMBER(SUBSTR(%s, 1, 15), 'XXXXXXXXXXXXXXX')" % md5_expr

    def capability_sql(self) -> Optional[SQL]:
        return None

    def stats_sql(self, plan: Plan) -> SQL:
        """One row ``(lowest key, highest key, NULL)``: Oracle's NUM_ROWS may be stale, so rows are counted."""
        if plan.strategy == "range":
            key = self.quote(plan.key[0])
            return ("SELECT MIN(%s), MAX(%s), NULL FROM %s" % (key, key, plan.qualified), {})
        return ("SELECT NULL, NULL, NULL FROM dual", {})

    def count_sql(self, plan: Plan) -> SQL:
        return ("SELECT COUNT(*) FROM %s" % plan.qualified, {})

    def _range_where(self, key: str, lows: Sequence[int], highs: Sequence[int], binds: Dict[str, Any]) -> str:
        terms = []
        for i, (low, high) in enumerate(zip(lows, highs)):
            binds["lo%d" % i], binds["hi%d" % i] = low, high
            terms.append("(%s BETWEEN :lo%d AND :hi%d)" % (key, i, i))
        return " OR ".join(terms)

    def _in_where(self, expr: str, values: Sequence[int], binds: Dict[str, Any]) -> str:
        names = []
        for i, value in enumerate(values):
            binds["p%d" % i] = value
            names.append(":p%d" % i)
        return "%s IN (%s)" % (expr, ", ".join(names))

    def _bucket(self, expr: str, shift_bind: str) -> str:
        return "FLOOR((%s) / POWER(2, :%s))" % (expr, shift_bind)

    def level_sql(self, plan: Plan, shift: int, parents: Optional[Sequence[int]], parent_shift: int) -> List[SQL]:
        h64 = self._h64(self._md5(self._row_text(plan, plan.columns)))
        if plan.strategy == "range":
            key = "t.%s" % self.quote(plan.key[0])
            bucket = self._bucket("%s - :base" % key, "shift")
            head = "SELECT %s AS b, COUNT(*), SUM(%s) FROM %s t" % (bucket, h64, plan.qualified)
            if parents is None:
                return [(head + " GROUP BY %s" % bucket, {"base": plan.base, "shift": shift})]
            lows, highs = range_bounds(plan.base, plan.top, parents, parent_shift)
            out = []
            for i in range(0, len(lows), self.RANGES_PER_QUERY):
                binds = {"base": plan.base, "shift": shift}  # type: Dict[str, Any]
                where = self._range_where(
                    key, lows[i : i + self.RANGES_PER_QUERY], highs[i : i + self.RANGES_PER_QUERY], binds
                )
                out.append(("%s WHERE %s GROUP BY %s" % (head, where, bucket), binds))
            return out
        if plan.strategy == "hash":
            kh = self._kh(self._md5(self._row_text(plan, plan.key)))
            inner = "SELECT %s AS kh, %s AS h FROM %s t" % (kh, h64, plan.qualified)
        else:
            inner = "SELECT %s AS kh, %s AS h FROM (SELECT %s AS m FROM %s t) s" % (
                self._kh("s.m"),
                self._h64("s.m"),
                self._md5(self._row_text(plan, plan.columns)),
                plan.qualified,
            )
        bucket = self._bucket("q.kh", "shift")
        head = "SELECT %s AS b, COUNT(*), SUM(q.h) FROM (%s) q" % (bucket, inner)
        if parents is None:
            return [(head + " GROUP BY %s" % bucket, {"shift": shift})]
        out = []
        for i in range(0, len(parents), self.IN_LIST_LIMIT):
            binds = {"shift": shift, "pshift": parent_shift}
            where = self._in_where(self._bucket("q.kh", "pshift"), parents[i : i + self.IN_LIST_LIMIT], binds)
            out.append(("%s WHERE %s GROUP BY %s" % (head, where, bucket), binds))
        return out

    def leaf_sql(self, plan: Plan, shift: int, buckets: Sequence[int], source: bool) -> List[SQL]:
        out = []
        if plan.strategy == "rowhash":
            md5 = self._md5(self._row_text(plan, plan.columns))
            inner = "SELECT %s AS m, %s AS rt FROM %s t" % (md5, self._row_text(plan, plan.columns), plan.qualified)
            for i in range(0, len(buckets), self.IN_LIST_LIMIT):
                binds = {"shift": shift}  # type: Dict[str, Any]
                where = self._in_where(
                    self._bucket(self._kh("q.m"), "shift"), buckets[i : i + self.IN_LIST_LIMIT], binds
                )
                out.append(
                    ("SELECT q.m, COUNT(*), MIN(q.rt) FROM (%s) q WHERE %s GROUP BY q.m" % (inner, where), binds)
                )
            return out
        cols = ", ".join("t.%s" % self.quote(k) for k in plan.key)
        h64 = self._h64(self._md5(self._row_text(plan, plan.columns)))
        extra = ""
        if source and plan.change_column:
            extra = ", CASE WHEN t.%s > :since THEN 1 ELSE 0 END" % self.quote(plan.change_column)
        head = "SELECT %s, %s%s FROM %s t" % (cols, h64, extra, plan.qualified)
        if plan.strategy == "range":
            lows, highs = range_bounds(plan.base, plan.top, buckets, shift)
            key = "t.%s" % self.quote(plan.key[0])
            for i in range(0, len(lows), self.RANGES_PER_QUERY):
                binds = {}  # type: Dict[str, Any]
                if extra:
                    binds["since"] = plan.since
                where = self._range_where(
                    key, lows[i : i + self.RANGES_PER_QUERY], highs[i : i + self.RANGES_PER_QUERY], binds
                )
                out.append(("%s WHERE %s" % (head, where), binds))
            return out
        kh = self._kh(self._md5(self._row_text(plan, plan.key)))
        for i in range(0, len(buckets), self.IN_LIST_LIMIT):
            binds = {"shift": shift}
            if extra:
                binds["since"] = plan.since
            where = self._in_where(self._bucket(kh, "shift"), buckets[i : i + self.IN_LIST_LIMIT], binds)
            out.append(("%s WHERE %s" % (head, where), binds))
        return out


DIALECTS = {"postgres": PostgresDialect, "oracle": OracleDialect}


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


# =========================================================================== checks


def table_check(result: Dict[str, Any], label: str = "", shown: int = 10) -> Dict[str, Any]:
    """One check of the result model per compared table."""
    name = "%s.%s" % (label, result["name"]) if label else result["name"]
    check_id = "db_compare:%s" % name
    title, title_zh = "Consistency of %s" % name, "数据一致性 %s" % name
    if result.get("error"):
        return make_check(check_id, "consistency", title, title_zh, ERROR, None, "0", "rows", result["error"])
    counts = "rows source %s, target %s" % (result.get("rows_source"), result.get("rows_target"))
    noun = "row" if result.get("strategy") == "rowhash" else "key"
    parts = []
    for kind, words in (
        ("missing_in_target", "missing in target"),
        ("extra_in_target", "extra in target"),
        ("changed", "changed"),
    ):
        total = result.get(kind + "_total", 0)
        if total:
            keys = ", ".join(str(k) for k in result[kind][:shown])
            more = " …" if total > min(shown, len(result[kind])) else ""
            parts.append("%d %s (%s %s%s)" % (total, words, noun, keys, more))
    later = result.get("later_changes_total", 0)
    later_text = ""
    if later:
        keys = ", ".join(str(k) for k in result["later_changes"][:shown])
        more = " …" if later > min(shown, len(result["later_changes"])) else ""
        later_text = "%d changed after the backup per %s (key %s%s)" % (
            later,
            result.get("change_column", "change column"),
            keys,
            more,
        )
    mismatches = result.get("mismatches", 0)
    if mismatches:
        detail = "; ".join(parts + ([later_text] if later_text else [])) + "; " + counts
        return make_check(check_id, "consistency", title, title_zh, FAIL, mismatches, "0", "rows", detail)
    if later:
        return make_check(check_id, "consistency", title, title_zh, INFO, 0, "0", "rows", later_text + "; " + counts)
    return make_check(check_id, "consistency", title, title_zh, PASS, 0, "0", "rows", "identical; " + counts)


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
    parsed = _dt.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        raise ValueError("changed_since %r needs a UTC offset, e.g. 2024-05-01T02:00:00+08:00" % value)
    return parsed
