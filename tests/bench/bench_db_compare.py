"""Benchmark: db_compare against reladiff 0.6.0 on the same two PostgreSQL databases, in one run.

    make bench-db-compare            # or: .venv/bin/python tests/bench/bench_db_compare.py [--rows N]

Starts a throwaway PostgreSQL cluster on 127.0.0.1 (tests/integration/pg.py), loads a table of
1,000,000 rows into database ``bench_a`` with generate_series, copies it to ``bench_b`` (CREATE
DATABASE ... TEMPLATE) and makes the two differ in 100 rows: 34 updated and 33 deleted in
``bench_b`` (changed, missing in target) and 33 deleted in ``bench_a`` (extra in target). Then it
times, each in its own child process so peak memory is measured per tool (``ru_maxrss`` from
``wait4``, the client library included):

* a full-table hash per side (``count(*)``, ``sum`` of 64-bit row hashes) as the floor;
* ``db_compare`` (plugins/module_utils/healthops/db/compare/, the module's engine and dialects);
* ``reladiff`` (``diff_tables`` with its defaults: hash diff, bisection factor 32, threshold 16384).

It checks that both find exactly the 100 keys and prints the ratio. Exit status 1 when db_compare
misses the target: the same keys, at most a quarter of reladiff's time, peak memory under 200 MB.
reladiff is optional (``pip install "reladiff[postgresql]==0.6.0"``); without it only db_compare runs.
"""

# ruff: noqa: S608 - the benchmark's SQL names its own table; no outside input
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "integration"))
sys.path.insert(0, str(REPO / "tests"))

TABLE = "accounts"
COLUMNS = ("id", "name", "amount", "status", "note", "updated_at")
TARGET_RATIO = 0.25
TARGET_RSS_MB = 200


# --------------------------------------------------------------------------- children


def child_hash(dsn: str) -> dict[str, Any]:
    import psycopg

    t0 = time.perf_counter()
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            f"SELECT count(*), sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint) FROM {TABLE} t"
        ).fetchone()
    return {"seconds": time.perf_counter() - t0, "rows": row[0] if row else None}


def child_db_compare(dsn_a: str, dsn_b: str, hash_function: str = "auto") -> dict[str, Any]:
    import healthops_testlib  # noqa: F401 - makes ansible.module_utils.healthops_* importable
    import psycopg
    from ansible.module_utils.healthops.db.compare.engine import Side, compare_tables
    from ansible.module_utils.healthops.db.compare.postgres import PostgresDialect

    t0 = time.perf_counter()
    dialect = PostgresDialect()
    conns = [psycopg.connect(dsn_a), psycopg.connect(dsn_b)]
    try:
        sides = [Side(c, dialect, label) for c, label in zip(conns, ("source", "target"), strict=True)]
        for side in sides:
            for sql, params in dialect.session_sql(600000, "UTC"):
                side.rows(sql, params)
        (result,) = compare_tables(
            sides[0],
            sides[1],
            [{"name": TABLE, "key": None, "columns": None}],
            max_keys=1000,
            hash_function=hash_function,
        )
    finally:
        for conn in conns:
            conn.close()
    seconds = time.perf_counter() - t0
    keys = result["missing_in_target"] + result["extra_in_target"] + result["changed"]
    return {
        "seconds": seconds,
        "keys": sorted(keys),
        "missing": result["missing_in_target_total"],
        "extra": result["extra_in_target_total"],
        "changed": result["changed_total"],
        "rows_source": result["rows_source"],
        "levels": result["levels"],
        "segments": result["segments"],
        "rows_fetched": result["rows_fetched"],
        "queries": sides[0].queries + sides[1].queries,
        "hash_function": dialect.mode,
    }


def child_reladiff(url_a: str, url_b: str) -> dict[str, Any]:
    import reladiff

    t0 = time.perf_counter()
    extra = tuple(c for c in COLUMNS if c != "id")
    table_a = reladiff.connect_to_table(url_a, TABLE, "id")
    table_b = reladiff.connect_to_table(url_b, TABLE, "id")
    keys = set()
    for _sign, row in reladiff.diff_tables(table_a, table_b, key_columns=("id",), extra_columns=extra):
        keys.add(int(row[0]))
    return {"seconds": time.perf_counter() - t0, "keys": sorted(keys), "version": reladiff.__version__}


def run_child(args: list[str]) -> tuple[dict[str, Any], float, float]:
    """Run this script as a child; (its JSON result, wall seconds, peak RSS in MB)."""
    with tempfile.TemporaryFile() as errors:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, stderr=errors)
        out = proc.stdout.read()  # type: ignore[union-attr]
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"child {args[0]} failed ({proc.returncode}):\n{errors.read().decode()[-3000:]}")
    return json.loads(out), wall, usage.ru_maxrss / 1024.0


# --------------------------------------------------------------------------- data


def load(server: Any, rows: int, differences: int, seed: int) -> set[int]:
    server.psql("CREATE DATABASE bench_a")
    server.psql(
        f"""
        CREATE TABLE {TABLE} (
            id integer PRIMARY KEY,
            name text NOT NULL,
            amount numeric(12, 2) NOT NULL,
            status smallint NOT NULL,
            note text,
            updated_at timestamptz NOT NULL
        );
        INSERT INTO {TABLE}
        SELECT g, 'customer ' || g, (g % 100000) / 100.0, g % 7,
               CASE WHEN g % 3 = 0 THEN NULL ELSE md5(g::text) END,
               timestamptz '2024-01-01 00:00:00+08' + g * interval '1 second'
        FROM generate_series(1, {rows}) AS g;
        """,
        "bench_a",
    )
    server.psql("CREATE DATABASE bench_b TEMPLATE bench_a")
    picks = random.Random(seed).sample(range(1, rows + 1), differences)  # noqa: S311 - test data, not security
    third = differences // 3
    updated, deleted_b, deleted_a = picks[: differences - 2 * third], picks[-2 * third : -third], picks[-third:]
    ids = ",".join
    server.psql(
        f"UPDATE {TABLE} SET amount = amount + 1 WHERE id IN ({ids(map(str, updated))});"
        f"DELETE FROM {TABLE} WHERE id IN ({ids(map(str, deleted_b))})",
        "bench_b",
    )
    server.psql(f"DELETE FROM {TABLE} WHERE id IN ({ids(map(str, deleted_a))})", "bench_a")
    for db in ("bench_a", "bench_b"):
        server.psql(f"VACUUM ANALYZE {TABLE}", db)
    return set(picks)


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node()}: {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--differences", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each tool; the best time counts")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--hash", choices=["auto", "md5"], default="auto", help="db_compare hash_function")
    args = parser.parse_args()

    from pg import start_postgres

    try:
        import reladiff  # noqa: F401

        have_reladiff = True
    except ImportError:
        have_reladiff = False

    with start_postgres() as server:
        server.psql("ALTER SYSTEM SET shared_buffers = '256MB'")
        server.psql("ALTER SYSTEM SET work_mem = '64MB'")
        server.run(str(server.bindir / "pg_ctl"), "-D", str(server.datadir), "-w", "restart", "-l", str(server.logfile))
        t0 = time.perf_counter()
        expected = load(server, args.rows, args.differences, args.seed)
        print(f"loaded 2 x {args.rows} rows, {args.differences} differences in {time.perf_counter() - t0:.1f}s")
        dsn = {db: server.conninfo(db) for db in ("bench_a", "bench_b")}
        url = {
            db: f"postgresql://{server.superuser}:{server.password}@{server.host}:{server.port}/{db}"
            for db in ("bench_a", "bench_b")
        }
        # Warm the cache of both databases the same way for every tool.
        for db in ("bench_a", "bench_b"):
            run_child(["hash", dsn[db]])
        floor = max(run_child(["hash", dsn[db]])[0]["seconds"] for db in ("bench_a", "bench_b"))

        def best(tool: str, *cargs: str) -> tuple[dict[str, Any], float, float]:
            runs = [run_child([tool, *cargs]) for _ in range(args.repeat)]
            return min(runs, key=lambda r: r[0]["seconds"])

        ours, ours_wall, ours_rss = best("db_compare", dsn["bench_a"], dsn["bench_b"], args.hash)
        theirs = None
        if have_reladiff:
            theirs = best("reladiff", url["bench_a"], url["bench_b"])

    ok_keys = set(ours["keys"]) == expected
    print(f"machine: {machine()}")
    print(f"date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"PostgreSQL {server.version}, table {TABLE}: {args.rows} rows, {args.differences} differences")
    print(f"full-table hash, one side:  {floor:6.2f} s")
    print(
        f"db_compare:                 {ours['seconds']:6.2f} s  (process {ours_wall:.2f} s, peak RSS {ours_rss:.0f} MB)"
        f"  keys {len(ours['keys'])}, same as expected: {ok_keys}"
        f"  [hash {ours['hash_function']}; missing {ours['missing']}, extra {ours['extra']}, changed {ours['changed']};"
        f" {ours['levels']} levels, {ours['segments']} segments, {ours['rows_fetched']} rows fetched,"
        f" {ours['queries']} queries]"
    )
    result: dict[str, Any] = {
        "machine": machine(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "rows": args.rows,
        "differences": args.differences,
        "full_table_hash_seconds": floor,
        "db_compare": {
            "seconds": ours["seconds"],
            "process_seconds": ours_wall,
            "peak_rss_mb": ours_rss,
            "hash_function": ours["hash_function"],
        },
    }
    failures = []
    if not ok_keys:
        failures.append("db_compare did not find exactly the expected keys")
    if ours_rss >= TARGET_RSS_MB:
        failures.append(f"db_compare peak RSS {ours_rss:.0f} MB >= {TARGET_RSS_MB} MB")
    if theirs is not None:
        data, wall, rss = theirs
        same = set(data["keys"]) == set(ours["keys"])
        ratio = ours["seconds"] / data["seconds"]
        print(
            f"reladiff {data['version']}:             {data['seconds']:6.2f} s  (process {wall:.2f} s, peak RSS"
            f" {rss:.0f} MB)  keys {len(data['keys'])}, same as db_compare: {same}"
        )
        print(f"ratio db_compare / reladiff: {ratio:.3f} (target <= {TARGET_RATIO})")
        result["reladiff"] = {"version": data["version"], "seconds": data["seconds"], "peak_rss_mb": rss}
        result["ratio"] = ratio
        if not same:
            failures.append("reladiff and db_compare found different keys")
        if ratio > TARGET_RATIO:
            failures.append(f"ratio {ratio:.3f} > {TARGET_RATIO}")
    else:
        print("reladiff is not installed: pip install 'reladiff[postgresql]==0.6.0' to compare")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        print("PASS: targets met")
    return 1 if failures else 0


def child_main(argv: list[str]) -> int:
    tool, *rest = argv
    if tool == "hash":
        out = child_hash(rest[0])
    elif tool == "db_compare":
        out = child_db_compare(*rest)
    else:
        out = child_reladiff(rest[0], rest[1])
    sys.stdout.write(json.dumps(out))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.exit(child_main(sys.argv[2:]))
    sys.exit(main())
