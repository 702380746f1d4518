# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""db_compare's PostgreSQL dialect: the SQL of every step, 64-bit row hashes computed in the server."""

# ruff: noqa: S608 - SQL text is built from identifiers passed through quote(); every value is a bound parameter.
from __future__ import absolute_import, division, print_function

import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ansible.module_utils.healthops.db.compare.engine import SQL, Dialect, Plan, range_bounds

__metaclass__ = type


class PostgresDialect(Dialect):
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
            params: Dict[str, Any] = {"base": plan.base, "shift": shift}
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
        params: Dict[str, Any] = {"shift": shift}
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
