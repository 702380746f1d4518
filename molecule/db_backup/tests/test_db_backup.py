"""The daily backup end to end: timer, a real run, the restore test, rows changed later, the faults,
then the database host's key used as a compromised host would use it, and a storage host key that
no longer matches the reviewed one.

The tests run in file order and build on each other (the sets a run leaves are what the next
test checks). Retention in this scenario keeps 0 days and the 2 newest good sets, so a good
run deletes older sets and a failed run visibly deletes nothing.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import testinfra

if TYPE_CHECKING:
    from testinfra.backend.base import CommandResult
    from testinfra.host import Host

REPO = Path(__file__).resolve().parents[3]
EPHEMERAL = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"))
INVENTORY = os.environ.get("MOLECULE_INVENTORY_FILE", "")
DB, STORE = "db-backup-pg", "db-backup-store"
BACKUP_DIR = "/var/backups/healthops"
STORE_DIR = f"/srv/backup/healthops/{DB}"
STATUS = "/var/lib/healthops/backup/status.json"
JOB = "/usr/bin/python3 /usr/local/lib/healthops/backup/healthops_backup_job.py"
SET_RE = re.compile(r"^\d{8}T\d{6}Z$")
KEY_DIR = "/var/lib/healthops/backup/ssh"
# Exactly how the job reaches the storage host: its key, its known_hosts, strict checking.
CLIENT_SSH = (
    f"ssh -i {KEY_DIR}/id_ed25519 -o UserKnownHostsFile={KEY_DIR}/known_hosts -o StrictHostKeyChecking=yes"
    " -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR"
)

# The inspection's parser of the status file, as host_inspect runs it.
import ansible.module_utils  # noqa: E402

if str(REPO / "plugins" / "module_utils") not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(str(REPO / "plugins" / "module_utils"))
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS  # noqa: E402
from ansible.module_utils.healthops.inspect.sec import eval_backup  # noqa: E402

# What a passing restore test shows, shared with the backup lab's test.
sys.path.insert(0, str(REPO / "tests" / "integration"))
from restore_checks import assert_restore_passed  # noqa: E402


@pytest.fixture(scope="module")
def db() -> Host:
    return testinfra.get_host(f"podman://{DB}")


@pytest.fixture(scope="module")
def store() -> Host:
    return testinfra.get_host(f"podman://{STORE}")


def sets(host: Host, root: str) -> list[str]:
    out = host.check_output(f"ls -1 {root}")
    return sorted(n for n in out.split() if SET_RE.match(n))


def newest(host: Host, root: str) -> str:
    return f"{root}/{sets(host, root)[-1]}"


def status(db: Host) -> dict[str, Any]:
    return json.loads(db.file(STATUS).content_string)


def run_backup(db: Host) -> tuple[int, dict[str, Any]]:
    time.sleep(1.1)  # set names have a one-second resolution
    rc = db.run("systemctl start healthops-db-backup.service").rc
    return rc, status(db)


def job_verify(db: Host) -> tuple[int, dict[str, Any]]:
    result = db.run(f"{JOB} verify")
    return result.rc, json.loads(result.stdout)


def write_byte(host: Host, path: str, offset: int, value: int) -> None:
    # POSIX printf (dash) knows octal escapes, not \x.
    host.check_output(f"printf '\\{value:03o}' | dd of={path} bs=1 seek={offset} conv=notrunc 2>/dev/null")


def flip_byte(host: Host, path: str, offset: int) -> int:
    """Flip every bit of one byte of a file in place; returns the original byte."""
    original = int(host.check_output(f"dd if={path} bs=1 skip={offset} count=1 2>/dev/null | od -An -tu1").strip())
    write_byte(host, path, offset, original ^ 0xFF)
    return original


def restore_test(run_id: str) -> tuple[int, dict[str, dict[str, Any]], str]:
    """Run playbooks/backup_verify.yml against the scenario; (exit status, checks by id, output)."""
    port = subprocess.run(["podman", "port", DB, "5432/tcp"], check=True, capture_output=True, text=True).stdout.strip()
    reports = EPHEMERAL / "reports"
    command = [
        str(Path(sys.executable).with_name("ansible-playbook")),
        "-i",
        INVENTORY,
        str(REPO / "playbooks" / "backup_verify.yml"),
        "-e",
        "db_backup_verify_login_host=127.0.0.1",
        "-e",
        f"db_backup_verify_login_port={port.rsplit(':', 1)[-1]}",
        "-e",
        f"healthops_report_dir={reports}",
        "-e",
        f"healthops_run_id={run_id}",
    ]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=600, check=False)
    report = json.loads((reports / run_id / "report.json").read_text(encoding="utf-8"))
    (entry,) = [h for h in report["hosts"] if h["host"] == DB]
    return proc.returncode, {c["id"]: c for c in entry["checks"]}, proc.stdout[-3000:]


# --------------------------------------------------------------------------- install and a run


def test_timer_is_installed_enabled_and_scheduled(db: Host) -> None:
    timer = db.file("/etc/systemd/system/healthops-db-backup.timer").content_string
    assert "OnCalendar=*-*-* 01:30:00" in timer
    assert "Persistent=true" in timer
    assert "RandomizedDelaySec=60" in timer
    assert db.check_output("systemctl is-enabled healthops-db-backup.timer") == "enabled"
    assert db.check_output("systemctl is-active healthops-db-backup.timer") == "active"
    assert db.check_output("systemctl show -P NextElapseUSecRealtime healthops-db-backup.timer")
    service = db.file("/etc/systemd/system/healthops-db-backup.service").content_string
    assert "ExecStart=/usr/bin/python3 /usr/local/lib/healthops/backup/healthops_backup_job.py" in service


def test_the_storage_key_is_restricted_to_the_receiver_with_the_inventorys_retention(store: Host) -> None:
    keys = store.file("/var/lib/healthops-backup/.ssh/authorized_keys").content_string
    (line,) = [k for k in keys.splitlines() if k.strip()]
    assert line.startswith(
        'restrict,command="/usr/bin/python3 /usr/local/lib/healthops/backup/healthops_backup_receiver.py'
        f' --keep-days 0.0 --keep-count 2 {STORE_DIR}"'
    )


def test_the_job_trusts_the_reviewed_storage_host_key_only(db: Host) -> None:
    def entries(text: str) -> list[list[str]]:
        return [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]

    reviewed = entries((EPHEMERAL / "known_hosts").read_text())
    trusted = entries(db.file(f"{KEY_DIR}/known_hosts").content_string)
    assert reviewed
    assert sorted(e[1:3] for e in trusted) == sorted(e[1:3] for e in reviewed)
    assert {e[0] for e in trusted} == {STORE}


def test_a_run_writes_the_set_manifest_status_and_a_verified_offline_copy(db: Host, store: Host) -> None:
    rc, state = run_backup(db)
    assert rc == 0, state
    assert state["status"] == "success"
    assert state["offline_copy"]["status"] == "success"
    assert state["offline_copy"]["verified"] is True
    assert {d["name"] for d in state["databases"] if d["kind"] == "database"} >= {"petition", "postgres"}
    assert all(d["exit_status"] == 0 and d["size_bytes"] > 0 for d in state["databases"])
    name = state["set"]
    local, remote = f"{BACKUP_DIR}/{name}", f"{STORE_DIR}/{name}"
    manifest = db.file(f"{local}/MANIFEST.sha256").content_string
    assert "petition.dump" in manifest
    assert "globals.sql" in manifest
    assert "backup.json" in manifest
    assert store.file(f"{remote}/MANIFEST.sha256").content_string == manifest
    # The copy checks out at the destination with the tool itself.
    assert store.run(f"cd {remote} && sha256sum --check --strict --quiet MANIFEST.sha256").rc == 0
    assert db.run(f"cd {local} && sha256sum --check --strict --quiet MANIFEST.sha256").rc == 0
    assert store.file(f"{STORE_DIR}/.verified-sets/{name}").exists
    # Placed read-only, outside the upload area.
    assert store.file(remote).mode == 0o550
    assert store.file(f"{remote}/petition.dump").mode == 0o440
    assert store.check_output(f"ls -A {STORE_DIR}/.incoming") == ""
    # The inspection reads the file the job wrote.
    text = db.file(STATUS).content_string
    checks = {c["id"]: c for c in eval_backup(STATUS, text, "", True, True, time.time(), DEFAULT_THRESHOLDS)}
    assert checks["backup.last_run"]["status"] == "PASS"
    assert checks["backup.age"]["status"] == "PASS"


# --------------------------------------------------------------------------- the restore test


def test_the_restore_test_passes_on_an_unchanged_database() -> None:
    rc, checks, out = restore_test("restore-ok")
    assert rc == 0, out
    assert_restore_passed(checks)


def test_rows_changed_after_the_backup_are_reported_with_their_keys(db: Host) -> None:
    db.check_output(
        "runuser -u postgres -- psql -X -q -d petition -v ON_ERROR_STOP=1 "
        "-c \"UPDATE letters SET title = 'changed', updated_at = now() WHERE id = 7\" "
        "-c \"UPDATE units SET name = 'renamed' WHERE code = 'U010'\""
    )
    rc, checks, out = restore_test("restore-changed")
    assert rc != 0, out
    letters = checks["db_compare:petition.public.letters"]
    assert letters["status"] == "INFO"  # explained by updated_at: a later change, not an error
    assert "changed after the backup" in letters["detail"]
    assert "key 7)" in letters["detail"]
    units = checks["db_compare:petition.public.units"]
    assert units["status"] == "FAIL"
    assert units["value"] == 1
    assert "key U010" in units["detail"]
    assert checks["db_compare:petition.public.audit_log"]["status"] == "PASS"
    scratch = "SELECT count(*) FROM pg_database WHERE datname LIKE 'healthops_restore%'"
    assert db.check_output(f'runuser -u postgres -- psql -X -A -t -c "{scratch}"') == "0"


# --------------------------------------------------------------------------- faults


def test_a_corrupted_byte_fails_the_restore_test_naming_the_file(db: Host, store: Host) -> None:
    before = (sets(db, BACKUP_DIR), sets(store, STORE_DIR))
    dump = f"{newest(db, BACKUP_DIR)}/petition.dump"
    original = flip_byte(db, dump, 600)
    try:
        rc, checks, out = restore_test("fault-corrupt")
        assert rc != 0, out
        local = checks["backup.manifest.local"]
        assert local["status"] == "FAIL"
        assert "petition.dump: checksum mismatch" in local["detail"]
        assert checks["backup.restore"]["status"] == "FAIL"  # a damaged set is not restored
        assert checks["backup.manifest.offline"]["status"] == "PASS"
    finally:
        write_byte(db, dump, 600, original)
    assert job_verify(db)[0] == 0
    assert (sets(db, BACKUP_DIR), sets(store, STORE_DIR)) == before


def test_a_missing_file_fails_naming_the_file(db: Host, store: Host) -> None:
    before = (sets(db, BACKUP_DIR), sets(store, STORE_DIR))
    target = newest(db, BACKUP_DIR)
    db.check_output(f"mv {target}/globals.sql /root/globals.sql.kept")
    try:
        rc, result = job_verify(db)
        assert rc == 1
        assert result["local"]["problems"] == [
            {"file": "globals.sql", "problem": "missing", "detail": "listed in MANIFEST.sha256, not found"}
        ]
        assert "globals.sql: missing" in result["local"]["message"]
    finally:
        db.check_output(f"mv /root/globals.sql.kept {target}/globals.sql")
    assert job_verify(db)[0] == 0
    assert (sets(db, BACKUP_DIR), sets(store, STORE_DIR)) == before


def test_a_corrupted_offline_copy_fails_naming_the_host_and_file(db: Host, store: Host) -> None:
    dump = f"{newest(store, STORE_DIR)}/postgres.dump"
    original = flip_byte(store, dump, 100)
    try:
        rc, result = job_verify(db)
        assert rc == 1
        assert result["local"]["ok"] is True
        assert f"offline copy {STORE}:" in result["offline"]["message"]
        assert "postgres.dump: checksum mismatch" in result["offline"]["message"]
        assert not store.file(f"{STORE_DIR}/.verified-sets/{newest(store, STORE_DIR).rsplit('/', 1)[-1]}").exists
    finally:
        write_byte(store, dump, 100, original)
    assert job_verify(db)[0] == 0


def test_an_unreachable_storage_host_fails_the_run_and_nothing_is_deleted(db: Host, store: Host) -> None:
    rc, _state = run_backup(db)  # a second good set: a good run would now delete the oldest
    assert rc == 0
    local_before, remote_before = sets(db, BACKUP_DIR), sets(store, STORE_DIR)
    assert len(local_before) == 2
    previous_success = status(db)["last_success"]
    store.check_output("systemctl stop ssh.service")
    try:
        rc, state = run_backup(db)
    finally:
        store.check_output("systemctl start ssh.service")
    assert rc != 0
    assert state["status"] == "failed"
    assert f"storage host {STORE} unreachable" in state["message"]
    assert state["offline_copy"]["status"] == "failed"
    assert state["retention"]["local"]["deleted"] == []
    assert state["last_success"] == previous_success
    after = sets(db, BACKUP_DIR)
    assert set(local_before) <= set(after)
    assert len(after) == len(local_before) + 1
    assert sets(store, STORE_DIR) == remote_before
    checks = {
        c["id"]: c
        for c in eval_backup(STATUS, db.file(STATUS).content_string, "", True, True, time.time(), DEFAULT_THRESHOLDS)
    }
    assert checks["backup.last_run"]["status"] == "FAIL"


def test_a_full_destination_fails_the_run_and_nothing_is_deleted(db: Host, store: Host) -> None:
    local_before, remote_before = sets(db, BACKUP_DIR), sets(store, STORE_DIR)
    free = int(store.check_output("df -B1 --output=avail /srv/backup | tail -1"))
    store.check_output(f"fallocate -l {free - 2 * 1024 * 1024} /srv/backup/filler")
    try:
        rc, state = run_backup(db)
    finally:
        store.check_output("rm -f /srv/backup/filler")
    assert rc != 0
    assert state["status"] == "failed"
    assert f"storage host {STORE}: destination {STORE_DIR} full" in state["message"]
    assert state["retention"]["offline"]["deleted"] == []
    after = sets(db, BACKUP_DIR)
    assert set(local_before) <= set(after)
    assert len(after) == len(local_before) + 1
    assert sets(store, STORE_DIR) == remote_before


def test_a_good_run_after_the_faults_applies_retention_on_both_sides(db: Host, store: Host) -> None:
    rc, state = run_backup(db)
    assert rc == 0, state
    local, remote = sets(db, BACKUP_DIR), sets(store, STORE_DIR)
    # The two newest good sets stay; the failed ones and the older good ones are gone.
    assert len(local) == 2
    assert len(remote) == 2
    assert local[-1] == state["set"]
    assert remote[-1] == state["set"]
    assert state["retention"]["local"]["deleted"]
    assert state["last_success_set"] == state["set"]


# --------------------------------------------------------------------------- a compromised database host


def store_tree(store: Host) -> str:
    """Recursive listing (type, mode, size, link target) and checksums of everything under /srv/backup."""
    listing = store.check_output("cd /srv/backup && find . -printf '%p %y %m %s %l\\n' | LC_ALL=C sort")
    sums = store.check_output("cd /srv/backup && find . -type f -exec sha256sum {} + | LC_ALL=C sort")
    return listing + "\n" + sums


REMOTE = f"healthops-backup@{STORE}"


def client(db: Host, words: str) -> CommandResult:
    """A receiver command sent with the database host's own key."""
    return db.run(f"{CLIENT_SSH} {REMOTE} {shlex.quote(words)}")


def client_rsync(db: Host, args: str) -> CommandResult:
    return db.run(f"rsync -e {shlex.quote(CLIENT_SSH)} {args}")


def test_the_database_hosts_key_cannot_change_what_the_storage_host_keeps(db: Host, store: Host) -> None:
    placed = sets(store, STORE_DIR)
    old = placed[0]
    # Another database host's directory and a file beside all of them: out of this key's reach.
    store.check_output(
        f"install -d -o healthops-backup -g healthops-backup -m 0750 /srv/backup/healthops/other-host"
        f" && cp -a {STORE_DIR}/{old} /srv/backup/healthops/other-host/"
        " && echo 'not the backup' > /srv/backup/outside.txt"
    )
    before = store_tree(store)

    # Re-upload the old set's files under the same name, with other content and a manifest to match.
    db.check_output(
        f"rm -rf /root/forged && mkdir /root/forged && cp -a {newest(db, BACKUP_DIR)} /root/forged/{old}"
        f" && cd /root/forged/{old} && printf forged >> petition.dump && rm MANIFEST.sha256"
        " && find . -type f -printf '%P\\n' | LC_ALL=C sort | xargs sha256sum > /root/forged/manifest"
        " && mv /root/forged/manifest MANIFEST.sha256"
    )
    assert client_rsync(db, f"-a --inplace /root/forged/{old}/ {REMOTE}:{old}/").rc == 0  # into the upload area
    commit = client(db, f"healthops-backup commit {old}")
    assert commit.rc == 1
    assert json.loads(commit.stdout)["problems"][0]["problem"] == "exists"

    # Retention of the client's choosing.
    for words in ("healthops-backup prune 0 1", "healthops-backup prune 0", "healthops-backup verify ../other-host"):
        refused = client(db, words)
        assert refused.rc == 2, refused.stdout

    # Writes outside the host's directory or into a placed set: "..", absolute paths, options.
    db.check_output("echo planted > /root/payload")
    for target in (f"../other-host/{old}/", f"../{DB}/{old}/", "../../outside.txt", f"../{old}/petition.dump"):
        assert client_rsync(db, f"/root/payload {REMOTE}:{target}").rc != 0, target
    for target in (f"{STORE_DIR}/{old}/petition.dump", f"/srv/backup/healthops/other-host/{old}/", "/srv/backup/"):
        client_rsync(db, f"/root/payload {REMOTE}:{target}")  # rrsync: relative to the upload area
    for option in (f"--backup-dir=../{old}", f"--partial-dir=../{old}", "--delete"):
        assert client_rsync(db, f"-a -b {option} /root/forged/{old}/ {REMOTE}:{old}/").rc != 0, option

    # Symlink tricks: links in an upload pointing at a placed set or elsewhere, then writes through them.
    db.check_output(
        "rm -rf /root/tricks && mkdir -p /root/tricks/20300101T000000Z && cd /root/tricks/20300101T000000Z"
        f" && ln -s ../../{old} up && ln -s /srv/backup/healthops/other-host abs && ln -s /srv/backup/outside.txt out"
        " && : > MANIFEST.sha256"
    )
    client_rsync(db, f"-a /root/tricks/20300101T000000Z/ {REMOTE}:20300101T000000Z/")
    for through in ("up/petition.dump", f"abs/{old}/petition.dump", "out"):
        client_rsync(db, f"--inplace /root/payload {REMOTE}:20300101T000000Z/{through}")
    assert client(db, "healthops-backup commit 20300101T000000Z").rc == 1

    # Nothing changed but the upload area, which the next run's space check empties.
    uploads = f"./healthops/{DB}/.incoming/"
    assert [line for line in store_tree(store).splitlines() if uploads not in line] == [
        line for line in before.splitlines() if uploads not in line
    ]
    assert client(db, "healthops-backup space").rc == 0
    assert store_tree(store) == before
    for name in placed:
        assert client(db, f"healthops-backup verify {name}").rc == 0
    store.check_output("rm -rf /srv/backup/healthops/other-host /srv/backup/outside.txt")


# --------------------------------------------------------------------------- the storage host's key


def converge_ssh(known_hosts: Path) -> subprocess.CompletedProcess:
    """The role's SSH part only (key, known_hosts) with another reviewed known_hosts file."""
    command = [
        str(Path(sys.executable).with_name("ansible-playbook")),
        "-i",
        INVENTORY,
        str(REPO / "playbooks" / "backup.yml"),
        "--tags",
        "db_backup_ssh",
        "-e",
        f"db_backup_storage_known_hosts_file={known_hosts}",
    ]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=600, check=False)


def test_a_storage_host_missing_from_the_reviewed_file_stops_the_role() -> None:
    empty = EPHEMERAL / "known_hosts.empty"
    empty.write_text("# nothing reviewed yet\n")
    proc = converge_ssh(empty)
    assert proc.returncode != 0
    output = " ".join((proc.stdout + proc.stderr).split())  # ansible-core prints a task's failure on stderr
    assert f"No reviewed SSH host key for the storage host {STORE} ({STORE})" in output


def test_a_storage_host_key_that_is_not_the_reviewed_one_fails_the_run(db: Host, store: Host) -> None:
    reviewed = EPHEMERAL / "known_hosts"
    other = EPHEMERAL / "known_hosts.other"
    # A key the storage host does not have (what a host answering in its place would show).
    fake = db.check_output("rm -f /root/fake && ssh-keygen -q -t ed25519 -N '' -f /root/fake && cat /root/fake.pub")
    other.write_text(f"{STORE} {' '.join(fake.split()[:2])}\n")
    try:
        assert converge_ssh(other).returncode == 0
        remote_before = sets(store, STORE_DIR)
        rc, state = run_backup(db)
        assert rc != 0
        assert f"storage host {STORE}: host key verification failed" in state["message"]
        assert sets(store, STORE_DIR) == remote_before
    finally:
        assert converge_ssh(reviewed).returncode == 0
    rc, state = run_backup(db)
    assert rc == 0, state
