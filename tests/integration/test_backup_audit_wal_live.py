"""The backup audit's RPO on a real PostgreSQL (issue 21): read as the backup job connects (its OS user, the
server's socket and port; healthops.backup_audit.collect.read_wal_archiving) and judged (rpo.rpo_check).

Without archiving the RPO is the base backups' longest gap; with archive_mode and an archive_command it is
the archive lag (pg_stat_archiver): seconds right after a WAL switch is archived, unarchived WAL as old
as the last archived segment once time passes, a failing archive_command a FAIL whatever the backups; a
pg_receivewal stream counts as archiving too. One cluster of its own (tests/integration/pg.py), restarted
once to turn archive_mode on.
"""

from __future__ import annotations

import os
import pwd
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.backup_audit.collect import read_wal_archiving
from ansible.module_utils.healthops.backup_audit.policy import merge_policy
from ansible.module_utils.healthops.backup_audit.rpo import rpo_check
from pg import PgServer, own_cluster, wait_for

pytestmark = pytest.mark.integration

HOUR = 3600.0


@pytest.fixture(scope="module")
def server() -> Iterator[PgServer]:
    with own_cluster(tls=False) as pg:
        pg.psql("CREATE TABLE w (id int)")
        yield pg


@pytest.fixture(autouse=True)
def as_superuser(monkeypatch: pytest.MonkeyPatch, server: PgServer) -> None:
    """psql connects as the job's OS user (postgres when root); PGUSER names the role when not root."""
    monkeypatch.setenv("PGUSER", server.superuser)


def config(server: PgServer) -> dict[str, Any]:
    """The backup job's configuration (backup.json) as the db_backup role writes it for this server."""
    return {
        "engine": "postgres",
        "db_os_user": server.run_as or "",
        "postgres": {"bindir": str(server.bindir), "port": server.port, "socket_dir": str(server.socket_dir)},
    }


def judged(wal: dict[str, Any], gap_hours: float = 72.0) -> dict[str, Any]:
    """The RPO check with base backups this far apart (beyond the 26 h target: only WAL can pass it)."""
    now = float(wal.get("now") or 0) or 1.8e9
    sets = [{"name": "a", "time": now - gap_hours * HOUR, "good": True}]
    read = {"now": now, "sets": sets, "wal": wal}
    return rpo_check(merge_policy({"rpo_hours": 26}), read, None)


def owned_dir(server: PgServer, name: str) -> Path:
    path = server.root / name
    path.mkdir(mode=0o750, exist_ok=True)
    if server.run_as:
        entry = pwd.getpwnam(server.run_as)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return path


def restart(server: PgServer) -> None:
    pg_ctl = str(server.bindir / "pg_ctl")
    server.run(pg_ctl, "-D", str(server.datadir), "-l", str(server.logfile), "-w", "-t", "60", "restart", timeout=90)


def switch(server: PgServer) -> str:
    """A row, then the segment closed: its name (what the archiver must archive next)."""
    return server.psql("INSERT INTO w VALUES (1); SELECT pg_walfile_name(pg_switch_wal())").strip()


def test_without_archiving_the_base_backups_give_the_rpo(server: PgServer) -> None:
    wal = read_wal_archiving(config(server))
    assert wal["error"] == ""
    assert wal["archive_mode"] == "off"
    assert wal["receivers"] == []
    check = judged(wal, gap_hours=72)
    assert check["status"] == "FAIL"
    assert check["value"] == 72.0
    assert check["detail"].startswith("no WAL archiving: the longest time without a good backup")


def test_archived_wal_gives_an_rpo_of_nothing_pending(server: PgServer) -> None:
    archive = owned_dir(server, "archive")
    server.psql("ALTER SYSTEM SET archive_mode = on")
    server.psql(f"ALTER SYSTEM SET archive_command = 'test ! -f {archive}/%f && cp %p {archive}/%f'")
    restart(server)
    closed = switch(server)
    wait_for((archive / closed).exists, timeout=30)
    wait_for(lambda: read_wal_archiving(config(server)).get("last_archived_wal") == closed, timeout=30)
    wal = read_wal_archiving(config(server))
    assert wal["archive_mode"] == "on"
    assert wal["failed_count"] == 0
    check = judged(wal)  # base backups 72 h apart, yet no committed change is only in pg_wal
    assert check["status"] == "PASS", check
    assert check["value"] < 0.01  # seconds: at most the server's own records (running xacts) since the switch
    assert closed in check["detail"]


def test_unarchived_wal_is_as_old_as_the_last_archived_segment(server: PgServer) -> None:
    server.psql("INSERT INTO w SELECT generate_series(1, 1000)")  # in the open segment: not archived yet
    wal = read_wal_archiving(config(server))
    assert wal["current_wal_bytes"] > 0
    now = judged(wal)
    assert now["status"] == "PASS"
    assert 0 <= now["value"] < 1
    assert "bytes of WAL not archived since the last archived segment" in now["detail"]
    later = judged(dict(wal, now=wal["last_archived_time"] + 30 * HOUR))  # the same state, 30 h on
    assert later["status"] == "FAIL"
    assert later["value"] == 30.0
    assert "Recommendation: fix WAL archiving" in later["detail"]


def test_a_failing_archive_command_fails_whatever_the_lag(server: PgServer) -> None:
    server.psql("ALTER SYSTEM SET archive_command = 'false'")
    server.psql("SELECT pg_reload_conf()")
    switch(server)
    wait_for(lambda: (read_wal_archiving(config(server)).get("failed_count") or 0) > 0, timeout=30)
    check = judged(read_wal_archiving(config(server)), gap_hours=1)  # even with hourly base backups
    assert check["status"] == "FAIL"
    assert "archiving fails:" in check["detail"]


def test_pg_receivewal_streaming_counts_as_archiving(server: PgServer) -> None:
    server.psql("ALTER SYSTEM RESET archive_command")
    server.psql("ALTER SYSTEM RESET archive_mode")
    restart(server)
    target = owned_dir(server, "receivewal")
    command = [
        str(server.bindir / "pg_receivewal"),
        "-D", str(target), "-h", str(server.socket_dir), "-p", str(server.port), "-U", server.superuser, "-n",
    ]  # fmt: skip
    if server.run_as:
        command = ["runuser", "-u", server.run_as, "--", *command]
    receiver = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: read_wal_archiving(config(server)).get("receivers"), timeout=30)
        wal = read_wal_archiving(config(server))
        assert wal["archive_mode"] == "off"
        check = judged(wal)
        assert check["status"] == "PASS", check
        assert check["value"] < 1
        assert "pg_receivewal from local streaming" in check["detail"]
    finally:
        receiver.terminate()
        receiver.wait(timeout=30)
