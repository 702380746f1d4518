# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""db_compare's Oracle dialect: the SQL of every step with ``STANDARD_HASH`` and named binds."""

# ruff: noqa: S608 - SQL text is built from identifiers passed through quote(); every value is a bound parameter.
from __future__ import absolute_import, division, print_function

from typing import Any, Dict, List, Optional, Sequence, Tuple

from ansible.module_utils.healthops.db.compare.engine import SQL, Dialect, Plan, range_bounds

__metaclass__ = type


class OracleDialect(Dialect):
    """Oracle 12.1+ (``STANDARD_HASH``), python-oracledb named binds; lists expand into binds."""

    name = "oracle"
    fold = "upper"
    IN_LIST_LIMIT = 1000
    RANGES_PER_QUERY = 400

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
                binds: Dict[str, Any] = {"base": plan.base, "shift": shift}
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
                binds: Dict[str, Any] = {"shift": shift}
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
                binds: Dict[str, Any] = {}
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
