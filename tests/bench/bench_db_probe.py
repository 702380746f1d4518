"""Benchmark: a monthly and a tuning run of postgres_probe against a throwaway PostgreSQL.

Not a pytest test (no test_ functions): run it with

    .venv/bin/python tests/bench/bench_db_probe.py [--runs N]

It starts the test cluster of tests/integration/pg.py on 127.0.0.1, creates a
small application database so the per-database statements have work to do,
probes it as the pg_monitor-only account, and prints the seconds of each run
against the 5 s target. Exit status 1 when a median exceeds the target, 2 when
PostgreSQL binaries are missing. The Oracle probe cannot be timed here (no
Oracle server); every Oracle statement carries a call timeout instead.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS), str(TESTS / "integration")]

import healthops_testlib  # noqa: E402 - makes ansible.module_utils.healthops_* importable
from pg import find_pg_bindir, start_postgres  # noqa: E402
from psycopg import sql  # noqa: E402

TARGET_SECONDS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per profile (default 5)")
    args = parser.parse_args()
    if find_pg_bindir() is None:
        print("no PostgreSQL binaries (/usr/lib/postgresql/*/bin): nothing to benchmark", file=sys.stderr)
        return 2
    probe = healthops_testlib.load_library_module("postgres_probe")
    worst = 0.0
    with start_postgres() as server:
        with server.connect() as conn:
            conn.execute("CREATE DATABASE bench")
        with server.connect("bench") as conn:
            for i in range(20):
                table = sql.Identifier(f"t{i}")
                conn.execute(sql.SQL("CREATE TABLE {} (id int PRIMARY KEY, v text)").format(table))
                conn.execute(
                    sql.SQL("INSERT INTO {} SELECT g, md5(g::text) FROM generate_series(1, 2000) g").format(table)
                )
                conn.execute(sql.SQL("CREATE INDEX ON {} (v)").format(table))
        print(f"PostgreSQL {server.version} on 127.0.0.1:{server.port}, {args.runs} run(s) per profile")
        for profile in ("monthly", "tuning"):
            options = server.probe_options()
            options["profile"] = profile
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                result = probe.run_probe(options)
                times.append(time.perf_counter() - started)
            median = statistics.median(times)
            worst = max(worst, median)
            verdict = "ok" if median < TARGET_SECONDS else "OVER TARGET"
            print(
                f"{profile:8s} median {median:.3f} s  min {min(times):.3f} s  max {max(times):.3f} s  "
                f"checks {len(result['checks'])}  target {TARGET_SECONDS:.0f} s  {verdict}"
            )
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
