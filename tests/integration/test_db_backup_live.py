"""The backup job and the restore test against a real PostgreSQL, without containers.

The job runs as installed (job and healthops_backup.py side by side) and copies to a "storage
host" that is a local directory: its ssh is a stand-in that runs the real receiver with
SSH_ORIGINAL_COMMAND set, as sshd does for the forced command, so rsync, rrsync and
sha256sum on the receiving side are real. Then db_restore_test restores the set into a
scratch database and db_compare compares it with the original.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from healthops_testlib import REPO, load_library_module
from module_args import run_module
from pg import PgServer

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (shutil.which("rsync") and shutil.which("sha256sum") and Path("/usr/bin/rrsync").exists()),
        reason="needs rsync, rrsync and sha256sum",
    ),
]

restore_module = load_library_module("db_restore_test")
compare_module = load_library_module("db_compare")

FAKE_SSH = f"""#!{sys.executable}
# Stand-in for ssh to the storage host: runs the receiver as sshd runs a forced command.
import os, sys
args = sys.argv[1:]
i = 0
while i < len(args) and args[i].startswith("-"):
    i += 2 if args[i] in ("-i", "-p", "-o", "-l") else 1
host = args[i].split("@")[-1]
if host.startswith("unreachable"):
    sys.stderr.write("ssh: connect to host %s port 22: Connection refused\\r\\n" % host)
    sys.exit(255)
os.environ["SSH_ORIGINAL_COMMAND"] = " ".join(args[i + 1:])
receiver = os.path.join(os.environ["FAKE_LIB"], "healthops_backup_receiver.py")
os.execv(sys.executable, [sys.executable, receiver, os.environ["FAKE_STORE"]])
"""


@pytest.fixture
def setup(pg_server: PgServer) -> Iterator[dict]:
    with pg_server.connect() as conn:
        conn.execute("DROP DATABASE IF EXISTS bk_app")
        conn.execute("CREATE DATABASE bk_app")
    with pg_server.connect("bk_app") as conn:
        conn.execute(
            "CREATE TABLE cases (id integer PRIMARY KEY, title text, updated_at timestamptz NOT NULL DEFAULT now());"
            "INSERT INTO cases SELECT g, 'case ' || g, timestamptz '2024-01-01 00:00+08' "
            "FROM generate_series(1, 3000) g;"
            "CREATE TABLE log (line text);"
            "INSERT INTO log SELECT 'line ' || (g % 10) FROM generate_series(1, 200) g;"
        )
    # The database's OS user writes the dumps: the work tree must be reachable by it.
    work = Path(tempfile.mkdtemp(prefix="healthops-bk-"))
    work.chmod(0o755)
    lib, store = work / "lib", work / "store"
    lib.mkdir()
    store.mkdir()
    for source in ("healthops_backup_job.py", "healthops_backup_receiver.py"):
        shutil.copy(REPO / "roles" / "db_backup" / "files" / source, lib)
    shutil.copy(REPO / "plugins" / "module_utils" / "healthops_backup.py", lib)
    ssh = work / "ssh"
    ssh.write_text(FAKE_SSH)
    ssh.chmod(0o755)
    os_user = pg_server.run_as or pwd.getpwuid(os.geteuid()).pw_name
    config = {
        "engine": "postgres",
        "host": "db1",
        "db_os_user": os_user,
        "backup_dir": str(work / "sets"),
        "status_file": str(work / "state" / "status.json"),
        "postgres": {
            "bindir": str(pg_server.bindir),
            "port": pg_server.port,
            "socket_dir": str(pg_server.socket_dir),
            "databases": ["bk_app"],
        },
        "offline": {
            "enabled": True,
            "host": "store1",
            "user": "healthops-backup",
            "identity": "/dev/null",
            "known_hosts": "/dev/null",
            "ssh": str(ssh),
        },
        "retention": {"local": {"keep_days": 0, "keep_count": 2}, "offline": {"keep_days": 0, "keep_count": 2}},
    }
    (work / "backup.json").write_text(json.dumps(config))
    env = {**os.environ, "FAKE_LIB": str(lib), "FAKE_STORE": str(store)}
    yield {"work": work, "lib": lib, "store": store, "config": config, "env": env, "pg": pg_server}
    shutil.rmtree(work, ignore_errors=True)


def backup(setup: dict, config: dict | None = None) -> tuple[int, dict]:
    time.sleep(1.1)  # set names have a one-second resolution
    path = setup["work"] / "backup.json"
    if config is not None:
        path = setup["work"] / "other.json"
        path.write_text(json.dumps(config))
    proc = subprocess.run(
        [sys.executable, str(setup["lib"] / "healthops_backup_job.py"), "--config", str(path), "backup"],
        env=setup["env"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return proc.returncode, json.loads(Path(setup["config"]["status_file"]).read_text())


def sets(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name[:8].isdigit()) if root.exists() else []


def test_backup_offline_copy_restore_and_compare(setup: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    rc, status = backup(setup)
    assert rc == 0, status
    assert status["status"] == "success"
    assert status["offline_copy"]["status"] == "success"
    name = status["set"]
    assert sets(setup["store"]) == [name]
    assert (setup["store"] / name / ".verified").exists()
    local_manifest = (Path(setup["config"]["backup_dir"]) / name / "MANIFEST.sha256").read_text()
    assert (setup["store"] / name / "MANIFEST.sha256").read_text() == local_manifest

    monkeypatch.setenv("FAKE_LIB", str(setup["lib"]))
    monkeypatch.setenv("FAKE_STORE", str(setup["store"]))
    config = str(setup["work"] / "backup.json")
    result, failed = run_module(monkeypatch, restore_module.main, {"config": config, "state": "restored"})
    assert not failed, result
    checks = {c["id"]: c for c in result["checks"]}
    assert checks["backup.manifest.local"]["status"] == "PASS"
    assert checks["backup.manifest.offline"]["status"] == "PASS"
    assert "store1:" in checks["backup.manifest.offline"]["detail"]
    assert checks["backup.restore:bk_app"]["status"] == "PASS", checks
    (restored,) = result["databases"]
    assert restored["scratch"] == "healthops_restore_bk_app"

    pg = setup["pg"]
    with pg.connect("bk_app") as conn:
        conn.execute("UPDATE cases SET title = 'later', updated_at = now() WHERE id = 42")
    args = {
        "source_dsn": pg.conninfo("bk_app"),
        "target_dsn": pg.conninfo(restored["scratch"]),
        "tables": [{"name": "cases", "change_column": "updated_at"}, "log"],
        "changed_since": restored["snapshot_started"],
        "label": "bk_app",
    }
    compared, failed = run_module(monkeypatch, compare_module.main, args)
    assert not failed, compared
    cases, log = compared["tables"]
    assert cases["later_changes"] == [42]
    assert cases["mismatches"] == 0
    assert log["equal"] is True
    assert [c["status"] for c in compared["checks"]] == ["INFO", "PASS"]

    dropped, failed = run_module(monkeypatch, restore_module.main, {"config": config, "state": "absent"})
    assert not failed
    assert dropped["dropped"] == ["healthops_restore_bk_app"]
    with pg.connect() as conn:
        left = conn.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'healthops_restore%'").fetchone()
    assert left == (0,)


def test_faults_fail_the_run_name_the_host_and_delete_nothing(setup: dict) -> None:
    for _ in range(2):
        rc, status = backup(setup)
        assert rc == 0, status
    local_before, remote_before = sets(Path(setup["config"]["backup_dir"])), sets(setup["store"])
    assert len(local_before) == 2

    unreachable = json.loads(json.dumps(setup["config"]))
    unreachable["offline"]["host"] = "unreachable-store"
    rc, status = backup(setup, unreachable)
    unreachable_set = status["set"]  # locally a good set: its dumps succeeded
    assert rc == 1
    assert status["status"] == "failed"
    assert (
        "storage host unreachable-store unreachable: ssh: connect to host unreachable-store port 22"
        in (status["message"])
    )
    assert status["retention"]["local"]["deleted"] == []

    broken = json.loads(json.dumps(setup["config"]))
    broken["postgres"]["databases"] = ["no_such_db"]
    rc, status = backup(setup, broken)
    assert rc == 1
    assert "database no_such_db failed" in status["message"]
    assert status["offline_copy"]["status"] == "skipped"

    local_after = sets(Path(setup["config"]["backup_dir"]))
    assert set(local_before) < set(local_after)
    assert len(local_after) == 4
    assert sets(setup["store"]) == remote_before

    # A good run afterwards cleans up to the two newest good sets on each side: locally the set of
    # the unreachable run counts (its dumps are good), on the storage host it never arrived.
    rc, status = backup(setup)
    assert rc == 0
    assert sets(Path(setup["config"]["backup_dir"])) == [unreachable_set, status["set"]]
    assert sets(setup["store"]) == [local_before[-1], status["set"]]
