"""The backup job and the restore test against a real PostgreSQL, without containers.

The job runs as installed (job and the healthops package's backup and common parts side by side) and
copies to a "storage host" that is a local directory: its ssh is a stand-in that runs the real
receiver with SSH_ORIGINAL_COMMAND set and the forced command's arguments (retention) as the
role writes them, as sshd does for the forced command, so rsync, rrsync and sha256sum on the
receiving side are real. Then db_restore restores the set into a scratch database and
db_compare compares it with the original.

The database host's key is then used as a compromised host would use it (rsync and receiver
commands of its own choosing): nothing it sends changes a set already on the storage host or
anything outside its own directory. And the restore test's safety rules are checked against
the real server: free space, tagged scratch databases only.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ansible.module_utils.healthops.backup import sets as hb
from healthops_testlib import REPO, backup_shared_files, load_library_module
from module_args import run_module
from pg import PgServer

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (shutil.which("rsync") and shutil.which("sha256sum") and Path("/usr/bin/rrsync").exists()),
        reason="needs rsync, rrsync and sha256sum",
    ),
]

restore_module = load_library_module("db_restore")
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
keep = ["--keep-days", "0", "--keep-count", "2"]  # what storage.yml writes from the inventory
os.execv(sys.executable, [sys.executable, receiver] + keep + [os.environ["FAKE_STORE"]])
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
    for shared in backup_shared_files():
        (lib / shared).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "plugins" / "module_utils" / shared, lib / shared)
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
    assert (setup["store"] / ".verified-sets" / name).exists()
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


# --------------------------------------------------------------------------- a compromised database host


def tree(*roots: Path) -> dict[str, str]:
    """Recursive listing with kind, mode, size and sha256 (or link target) of everything under roots."""
    found = {}
    for root in roots:
        entries = [root, *sorted(root.rglob("*"))] if root.is_dir() else [root]
        for path in entries:
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                found[str(path)] = f"link {path.readlink()}"
            elif stat.S_ISREG(st.st_mode):
                found[str(path)] = f"{st.st_mode:o} {st.st_size} {hashlib.sha256(path.read_bytes()).hexdigest()}"
            else:
                found[str(path)] = f"{st.st_mode:o}"
    return found


def as_the_client(setup: dict, *words: str) -> subprocess.CompletedProcess:
    """One receiver command sent with the database host's key, as the job would send it."""
    command = [str(setup["work"] / "ssh"), "healthops-backup@store1", " ".join(words)]
    return subprocess.run(command, env=setup["env"], capture_output=True, text=True, timeout=120, check=False)


def rsync_as_the_client(setup: dict, *args: str) -> subprocess.CompletedProcess:
    """An rsync of the client's choosing, through the database host's key."""
    command = ["rsync", "-e", str(setup["work"] / "ssh"), *args]
    return subprocess.run(command, env=setup["env"], capture_output=True, text=True, timeout=120, check=False)


def test_a_compromised_database_host_cannot_change_the_offline_copy(setup: dict) -> None:
    for _ in range(2):
        rc, status = backup(setup)
        assert rc == 0, status
    store, work = setup["store"], setup["work"]
    placed = sets(store)
    old = placed[0]
    # Another database host's directory and a file beside both: out of this key's reach.
    other = work / "other-host"
    shutil.copytree(store / old, other / old)
    outside = work / "outside.txt"
    outside.write_text("not the backup's")
    guarded = (store, other, outside)
    before = tree(*guarded)

    # 1. Re-upload an old set's files under the same name with other content (and a matching manifest).
    forged = work / "forged" / old
    shutil.copytree(Path(setup["config"]["backup_dir"]) / old, forged)
    (forged / "bk_app.dump").write_bytes(b"PGDMP forged")
    (forged / "MANIFEST.sha256").unlink()
    hb.write_manifest(str(forged))
    upload = rsync_as_the_client(setup, "-a", "--inplace", f"{forged}/", f"store1:{old}/")
    assert upload.returncode == 0, upload.stderr  # it lands in the upload area, nowhere else
    commit = as_the_client(setup, "healthops-backup", "commit", old)
    assert commit.returncode == 1
    assert json.loads(commit.stdout)["problems"][0]["problem"] == "exists"

    # 2. Retention of the client's choosing.
    for words in (["prune", "0", "1"], ["prune", "0"], ["prune", "--keep-count=1"]):
        refused = as_the_client(setup, "healthops-backup", *words)
        assert refused.returncode == 2, refused.stdout
        assert "retention is configured on the storage host" in refused.stdout or "refused" in refused.stdout

    # 3. Writing outside the host's directory, or into a placed set: "..", absolute paths, options.
    payload = work / "payload.txt"
    payload.write_text("planted")
    for target in (f"store1:../other-host/{old}/", f"store1:../{old}/", "store1:../../outside.txt"):
        attempt = rsync_as_the_client(setup, str(payload), target)
        assert attempt.returncode != 0, target
    rsync_as_the_client(setup, str(payload), f"store1:{store}/{old}/bk_app.dump")  # absolute: still the upload area
    rsync_as_the_client(setup, str(payload), f"store1:{other}/{old}/")
    for option in (f"--backup-dir=../{old}", f"--partial-dir=../{old}", f"--temp-dir=../{old}", "--delete"):
        attempt = rsync_as_the_client(setup, "-a", "-b", option, f"{forged}/", f"store1:{old}/")
        assert attempt.returncode != 0, option

    # 4. Symlink tricks: a link in an upload that points at a placed set or elsewhere, then a write through it.
    tricks = work / "tricks" / "20300101T000000Z"
    tricks.mkdir(parents=True)
    (tricks / "up").symlink_to(f"../../{old}")
    (tricks / "abs").symlink_to(other / old)
    (tricks / "out").symlink_to(outside)
    rsync_as_the_client(setup, "-a", f"{tricks}/", "store1:20300101T000000Z/")
    for through in ("up/bk_app.dump", "abs/bk_app.dump", "out"):
        rsync_as_the_client(setup, "--inplace", str(payload), f"store1:20300101T000000Z/{through}")
    (tricks / "MANIFEST.sha256").write_text("")
    commit = as_the_client(setup, "healthops-backup", "commit", "20300101T000000Z")
    assert commit.returncode == 1
    assert sets(store) == placed

    # Nothing outside the upload area changed; the next run's space check empties the upload area.
    upload_area = store / ".incoming"
    assert {k: v for k, v in tree(*guarded).items() if not k.startswith(str(upload_area) + "/")} == before
    assert as_the_client(setup, "healthops-backup", "space").returncode == 0
    assert tree(*guarded) == before
    # And the sets still check out where they are.
    for name in placed:
        assert as_the_client(setup, "healthops-backup", "verify", name).returncode == 0


# --------------------------------------------------------------------------- restore test safety


def scratch_names(pg: PgServer) -> dict[str, str | None]:
    with pg.connect() as conn:
        rows = conn.execute(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname LIKE 'healthops\\_restore%' ORDER BY 1"
        ).fetchall()
    return dict(rows)


def test_a_restore_without_room_is_not_started(setup: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    rc, status = backup(setup)
    assert rc == 0, status
    real_statvfs = os.statvfs

    def nearly_full(path: object) -> os.statvfs_result:
        st = real_statvfs(path)
        # 1 MiB free of the file system: far less than bk_app needs with 10 % kept free.
        fields = list(st)
        fields[4] = fields[3] = max(1, 2**20 // st.f_frsize)
        return os.statvfs_result(fields)

    monkeypatch.setenv("FAKE_LIB", str(setup["lib"]))
    monkeypatch.setenv("FAKE_STORE", str(setup["store"]))
    monkeypatch.setattr(restore_module.os, "statvfs", nearly_full)
    config = str(setup["work"] / "backup.json")
    result, failed = run_module(monkeypatch, restore_module.main, {"config": config, "state": "restored"})
    assert not failed, result
    check = {c["id"]: c for c in result["checks"]}["backup.restore:bk_app"]
    assert check["status"] == "FAIL"
    assert "not restored: bk_app on " in check["detail"]
    assert result["changed"] is False
    assert "healthops_restore_bk_app" not in scratch_names(setup["pg"])


def test_only_the_restore_tests_own_databases_are_replaced_or_dropped(
    setup: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    rc, status = backup(setup)
    assert rc == 0, status
    pg = setup["pg"]
    with pg.connect() as conn:
        # A production database that happens to share the prefix: never the restore test's to drop.
        conn.execute("DROP DATABASE IF EXISTS healthops_restore_prod")
        conn.execute("CREATE DATABASE healthops_restore_prod")
    monkeypatch.setenv("FAKE_LIB", str(setup["lib"]))
    monkeypatch.setenv("FAKE_STORE", str(setup["store"]))
    config = str(setup["work"] / "backup.json")
    try:
        result, failed = run_module(monkeypatch, restore_module.main, {"config": config, "state": "restored"})
        assert not failed, result
        found = scratch_names(pg)
        assert found["healthops_restore_bk_app"].startswith(f"healthops restore test {status['set']} ")
        assert found["healthops_restore_prod"] is None

        dropped, failed = run_module(monkeypatch, restore_module.main, {"config": config, "state": "absent"})
        assert not failed
        assert dropped["dropped"] == ["healthops_restore_bk_app"]
        check = {c["id"]: c for c in dropped["checks"]}["backup.scratch"]
        assert check["status"] == "WARN"
        assert "healthops_restore_prod" in check["detail"]
        assert list(scratch_names(pg)) == ["healthops_restore_prod"]

        # An untagged database under the scratch name is not replaced by a restore either.
        with pg.connect() as conn:
            conn.execute("CREATE DATABASE healthops_restore_bk_app")
        with pg.connect("healthops_restore_bk_app") as conn:
            conn.execute("CREATE TABLE keep_me (id integer)")
        result, failed = run_module(monkeypatch, restore_module.main, {"config": config, "state": "restored"})
        assert not failed
        check = {c["id"]: c for c in result["checks"]}["backup.restore:bk_app"]
        assert check["status"] == "FAIL"
        assert "was not created by the restore test" in check["detail"]
        with pg.connect("healthops_restore_bk_app") as conn:
            assert conn.execute("SELECT to_regclass('keep_me') IS NOT NULL").fetchone() == (True,)
    finally:
        with pg.connect() as conn:
            conn.execute("DROP DATABASE IF EXISTS healthops_restore_prod")
            conn.execute("DROP DATABASE IF EXISTS healthops_restore_bk_app")


def test_a_prefix_without_restore_is_an_argument_error(setup: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    config = str(setup["work"] / "backup.json")
    args = {"config": config, "state": "absent", "scratch_prefix": "bk_app_copies_"}
    result, failed = run_module(monkeypatch, restore_module.main, args)
    assert failed
    assert "contain 'restore'" in result["msg"]


# --------------------------------------------------------------------------- what the database user leaves in a set

PLANTING_PG_DUMP = """#!/bin/sh
# pg_dump as a hostile database OS user would run it: the real dump, then traps for root's job in
# the set directory it was given to write into (its working directory).
"{bindir}/pg_dump" "$@" || exit $?
case "$PLANT" in
  symlink) ln -s "{victim}" backup.json && ln -s "{victim}" MANIFEST.sha256 ;;
  fifo) mkfifo trap.dump ;;
esac
"""


@pytest.mark.parametrize("plant", ["symlink", "fifo"])
def test_root_never_writes_through_or_waits_on_what_the_database_user_plants(setup: dict, plant: str) -> None:
    victim = setup["work"] / "victim"
    victim.write_text("root's file\n")
    victim.chmod(0o600)
    bindir = setup["work"] / "bin"
    bindir.mkdir()
    bindir.chmod(0o755)
    real = setup["pg"].bindir
    (bindir / "pg_dumpall").symlink_to(real / "pg_dumpall")
    (bindir / "pg_dump").write_text(PLANTING_PG_DUMP.format(bindir=real, victim=victim))
    (bindir / "pg_dump").chmod(0o755)
    config = json.loads(json.dumps(setup["config"]))
    config["postgres"]["bindir"] = str(bindir)
    setup["env"]["PLANT"] = plant
    started = time.monotonic()
    rc, status = backup(setup, config)
    assert time.monotonic() - started < 120  # a FIFO is reported, not waited on
    assert rc == 1
    assert status["status"] == "failed"
    assert status["offline_copy"]["status"] == "skipped"  # nothing copied
    assert victim.read_text() == "root's file\n"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600
    if plant == "symlink":
        assert f"backup set {status['set']}: [Errno 40] refusing to write through a symlink" in status["message"]
    else:
        assert status["problems"] == [{"file": "trap.dump", "problem": "not a regular file", "detail": "FIFO"}]
    assert sets(setup["store"]) == []
