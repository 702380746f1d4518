"""roles/db_backup/files: the backup job (Oracle path with a fake rman), the receiver, the RMAN template.

No database and no network: rman is a small script that writes what RMAN would (and, asked to,
what a hostile database OS user would plant in the set), the receiver runs with
SSH_ORIGINAL_COMMAND set as sshd would set it.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import importlib.util
import json
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import jinja2
import pytest
from ansible.module_utils.healthops.backup import sets as hb
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS
from ansible.module_utils.healthops.inspect.sec import eval_backup
from healthops_testlib import REPO, backup_shared_files

FILES = REPO / "roles" / "db_backup" / "files"
TEMPLATES = REPO / "roles" / "db_backup" / "templates"
ME = pwd.getpwuid(os.geteuid()).pw_name

FAKE_RMAN = """#!/bin/sh
# Fake rman: target / cmdfile=<f> log=<log> using <level> <set dir>
for a in "$@"; do case "$a" in log=*) LOG="${a#log=}";; esac; done
LEVEL="$6"; SET="$7"
echo "$@" > "$SET/../rman_args.txt"
printf 'piece' > "$SET/db_L${LEVEL}_HEALTH_0a2p3q4r_1_1.bkp"
# What a hostile oracle user could leave in the set it writes, for root's job to trip over.
[ -z "${FAKE_RMAN_PLANT}" ] || ln -s "${FAKE_RMAN_PLANT}" "$SET/backup.json"
[ -z "${FAKE_RMAN_FIFO}" ] || mkfifo "$SET/pipe.bkp"
[ -z "${FAKE_RMAN_OPEN}" ] || chmod 0777 "$SET"
[ -z "${FAKE_RMAN_SLEEP}" ] || sleep "${FAKE_RMAN_SLEEP}"
cat > "$LOG" <<EOF
Recovery Manager: Release 19.0.0.0.0 - Production
Starting backup
piece handle=$SET/db_L${LEVEL}_HEALTH_0a2p3q4r_1_1.bkp tag=HEALTHOPS_L${LEVEL} comment=NONE
${FAKE_RMAN_ERROR}
Recovery Manager complete.
EOF
[ -z "${FAKE_RMAN_ERROR}" ] || exit 1
"""


@pytest.fixture
def install(tmp_path: Path) -> Path:
    """The job and its shared logic installed side by side, as the role does."""
    lib = tmp_path / "lib"
    lib.mkdir()
    for source in (FILES / "healthops_backup_job.py", FILES / "healthops_backup_receiver.py"):
        shutil.copy(source, lib)
    for shared in backup_shared_files():
        (lib / shared).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "plugins" / "module_utils" / shared, lib / shared)
    return lib


@pytest.fixture
def oracle(tmp_path: Path) -> dict:
    home = tmp_path / "oracle_home"
    (home / "bin").mkdir(parents=True)
    rman = home / "bin" / "rman"
    rman.write_text(FAKE_RMAN)
    rman.chmod(0o755)
    config = {
        "engine": "oracle",
        "host": "bj-ora-01",
        "db_os_user": ME,
        "backup_dir": str(tmp_path / "sets"),
        "status_file": str(tmp_path / "state" / "status.json"),
        "oracle": {
            "oracle_home": str(home),
            "oracle_sid": "HEALTH",
            "level0_weekday": dt.datetime.now().isoweekday(),
            "rman_script": str(tmp_path / "rman_backup.rman"),
        },
        "offline": {"enabled": False},
        "retention": {"local": {"keep_days": 0, "keep_count": 2}},
        "timeout_seconds": 3600,
    }
    (tmp_path / "config.json").write_text(json.dumps(config))
    return config


def run_job(install: Path, config_file: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(install / "healthops_backup_job.py"), "--config", str(config_file), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


def old_good_set(root: Path, name: str) -> None:
    path = root / name
    path.mkdir(parents=True)
    (path / "x.bkp").write_text("old")
    (path / hb.META).write_text(json.dumps({"status": "success"}))
    hb.write_manifest(str(path))


def test_oracle_run_writes_set_manifest_status_and_applies_retention(
    install: Path, oracle: dict, tmp_path: Path
) -> None:
    sets = Path(oracle["backup_dir"])
    for name in ("20240101T020000Z", "20240102T020000Z", "20240103T020000Z"):
        old_good_set(sets, name)
    proc = run_job(install, tmp_path / "config.json", "backup")
    assert proc.returncode == 0, proc.stderr
    status = json.loads(Path(oracle["status_file"]).read_text())
    assert status["status"] == "success"
    assert status["engine"] == "oracle"
    assert status["rman"]["level"] == 0  # today is the configured level 0 day
    assert status["rman"]["pieces"] == 1
    assert "using 0" in (sets / "rman_args.txt").read_text()
    new = sets / status["set"]
    assert sorted(p.name for p in new.iterdir()) == sorted(
        ["MANIFEST.sha256", "backup.json", "rman.log", "db_L0_HEALTH_0a2p3q4r_1_1.bkp"]
    )
    assert hb.check_set(str(new))["ok"]
    # Keep 2 good sets: the new one and the newest old one.
    remaining = sorted(p.name for p in sets.iterdir() if hb.set_time(p.name))
    assert remaining == ["20240103T020000Z", status["set"]]
    assert status["retention"]["local"]["deleted"] == ["20240101T020000Z", "20240102T020000Z"]


def test_oracle_errors_fail_the_run_and_delete_nothing(install: Path, oracle: dict, tmp_path: Path) -> None:
    sets = Path(oracle["backup_dir"])
    for name in ("20240101T020000Z", "20240102T020000Z", "20240103T020000Z"):
        old_good_set(sets, name)
    error = 'ORA-19502: write error on file "/backup/x.bkp", block number 12345'
    proc = run_job(install, tmp_path / "config.json", "backup", env={"FAKE_RMAN_ERROR": error})
    assert proc.returncode == 1
    status = json.loads(Path(oracle["status_file"]).read_text())
    assert status["status"] == "failed"
    assert "rman level 0 failed: ORA-19502: write error" in status["message"]
    assert status["last_success"] is None
    assert status["retention"]["local"]["deleted"] == []
    assert len([p for p in sets.iterdir() if hb.set_time(p.name)]) == 4
    # The failed set is complete (manifest written) but marked failed, so it is not "good".
    assert json.loads((sets / status["set"] / hb.META).read_text())["status"] == "failed"


def test_a_second_run_waits_for_nothing_while_the_lock_is_held(install: Path, oracle: dict, tmp_path: Path) -> None:
    lock = Path(oracle["status_file"]).parent / "backup.lock"
    lock.parent.mkdir(parents=True)
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        proc = run_job(install, tmp_path / "config.json", "backup")
    assert proc.returncode == 75
    assert "another backup run holds" in proc.stderr
    assert not Path(oracle["status_file"]).exists()


def test_bad_configuration_exits_2(install: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(json.dumps({"engine": "mysql", "backup_dir": "/x", "status_file": "/y"}))
    proc = run_job(install, tmp_path / "bad.json", "backup")
    assert proc.returncode == 2
    assert "db_os_user is required" in proc.stderr


def test_verify_prints_the_result_as_json(install: Path, oracle: dict, tmp_path: Path) -> None:
    old_good_set(Path(oracle["backup_dir"]), "20240103T020000Z")
    proc = run_job(install, tmp_path / "config.json", "verify")
    assert proc.returncode == 0, proc.stdout
    assert json.loads(proc.stdout)["set"] == "20240103T020000Z"
    (Path(oracle["backup_dir"]) / "20240103T020000Z" / "x.bkp").write_text("tampered")
    proc = run_job(install, tmp_path / "config.json", "verify")
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["local"]["problems"][0]["file"] == "x.bkp"


# --------------------------------------------------------------------------- root never writes through planted files


def test_a_symlink_the_database_user_plants_in_the_set_is_not_written_through(
    install: Path, oracle: dict, tmp_path: Path
) -> None:
    victim = tmp_path / "etc-shadow"
    victim.write_text("root:$6$secret:19000::::::\n")
    proc = run_job(install, tmp_path / "config.json", "backup", env={"FAKE_RMAN_PLANT": str(victim)})
    assert proc.returncode == 1, proc.stderr
    assert victim.read_text() == "root:$6$secret:19000::::::\n"
    status = json.loads(Path(oracle["status_file"]).read_text())
    assert status["status"] == "failed"
    assert "symlink" in status["message"]
    partial = Path(oracle["backup_dir"]) / (status["set"] + hb.PARTIAL_SUFFIX)
    assert (partial / hb.META).is_symlink()  # left as it was: refused, not replaced or followed
    assert not (partial / hb.MANIFEST).exists()


def test_a_fifo_in_the_set_fails_the_run_instead_of_hanging_it(install: Path, oracle: dict, tmp_path: Path) -> None:
    started = time.monotonic()
    proc = run_job(install, tmp_path / "config.json", "backup", env={"FAKE_RMAN_FIFO": "1"})
    assert time.monotonic() - started < 30
    assert proc.returncode == 1, proc.stderr
    status = json.loads(Path(oracle["status_file"]).read_text())
    assert status["status"] == "failed"
    assert status["problems"] == [{"file": "pipe.bkp", "problem": "not a regular file", "detail": "FIFO"}]
    assert "pipe.bkp: not a regular file (FIFO)" in status["message"]


def test_the_set_directory_is_roots_again_before_root_writes_into_it(
    install: Path, oracle: dict, tmp_path: Path
) -> None:
    # The database user owns the set while it writes the dumps, so it can open it to everyone.
    proc = run_job(install, tmp_path / "config.json", "backup", env={"FAKE_RMAN_OPEN": "1"})
    assert proc.returncode == 0, proc.stderr
    status = json.loads(Path(oracle["status_file"]).read_text())
    st = (Path(oracle["backup_dir"]) / status["set"]).stat()
    assert stat.S_IMODE(st.st_mode) == 0o750
    if os.geteuid() == 0:
        assert st.st_uid == 0
    assert stat.S_IMODE(Path(oracle["status_file"]).stat().st_mode) == 0o640


# --------------------------------------------------------------------------- the final status is always written


def test_own_dir_never_follows_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(OSError, match=r"Not a directory|Too many levels"):
        hb.own_dir(str(tmp_path / "link"), 0, 0, 0o777)
    assert stat.S_IMODE(real.stat().st_mode) == 0o700


def test_sigterm_ends_the_run_with_a_failed_status(install: Path, oracle: dict, tmp_path: Path) -> None:
    job = subprocess.Popen(
        [sys.executable, str(install / "healthops_backup_job.py"), "--config", str(tmp_path / "config.json"), "backup"],
        env={**os.environ, "FAKE_RMAN_SLEEP": "60"},
        stderr=subprocess.PIPE,
        text=True,
    )
    status_file = Path(oracle["status_file"])
    deadline = time.monotonic() + 20
    while not (status_file.exists() and json.loads(status_file.read_text())["status"] == "running"):
        assert time.monotonic() < deadline, "the job never said it was running"
        time.sleep(0.1)
    running = json.loads(status_file.read_text())
    assert running["deadline"]  # started + timeout_seconds
    time.sleep(0.5)  # inside rman
    job.send_signal(signal.SIGTERM)
    _out, err = job.communicate(timeout=20)
    assert job.returncode == 1, err
    status = json.loads(status_file.read_text())
    assert status["status"] == "failed"
    assert "stopped by SIGTERM" in status["message"]
    assert "deadline" not in status
    assert status["retention"]["local"]["deleted"] == []


def load_job(install: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "healthops_backup_job_under_test", install / "healthops_backup_job.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_unexpected_error_still_ends_in_a_failed_status(
    install: Path, oracle: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = load_job(install)

    def broken(*_args: object) -> dict:
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(job, "run_set", broken)
    assert job.backup(oracle) == job.EXIT_FAILED
    status = json.loads(Path(oracle["status_file"]).read_text())
    assert status["status"] == "failed"
    assert "job error RuntimeError: something nobody expected" in status["message"]


def test_a_status_that_cannot_be_written_at_the_end_is_read_as_failed_after_the_deadline(
    install: Path, oracle: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = load_job(install)
    real_write = job.write_status
    calls = []

    def disk_full_after_the_first(config: dict, previous: dict | None, fields: dict) -> None:
        calls.append(fields["status"])
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(config, previous, fields)

    monkeypatch.setattr(job, "write_status", disk_full_after_the_first)
    assert job.backup(oracle) == job.EXIT_FAILED
    assert calls == ["running", "success", "success"]  # the full status, then the short one
    text = Path(oracle["status_file"]).read_text()
    status = json.loads(text)
    assert status["status"] == "running"
    later = time.time() + oracle["timeout_seconds"] + 60
    checks = {c["id"]: c for c in eval_backup("/s.json", text, "", True, True, later, DEFAULT_THRESHOLDS)}
    assert checks["backup.last_run"]["status"] == "FAIL"


# --------------------------------------------------------------------------- receiver

KEEP = ("--keep-days", "0", "--keep-count", "2")


def receive(install: Path, root: Path, command: str, keep: tuple[str, ...] = KEEP) -> tuple[int, dict]:
    proc = subprocess.run(
        [sys.executable, str(install / "healthops_backup_receiver.py"), *keep, str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "SSH_ORIGINAL_COMMAND": command},
        timeout=60,
        check=False,
    )
    return proc.returncode, json.loads(proc.stdout)


def snapshot(root: Path) -> dict[str, str]:
    """Every path under root with its kind, mode and content hash (or link target): what "unchanged" means."""
    found = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        rel = str(path.relative_to(root))
        if stat.S_ISLNK(st.st_mode):
            found[rel] = f"link {path.readlink()}"
        elif stat.S_ISREG(st.st_mode):
            found[rel] = f"{st.st_mode:o} {hashlib.sha256(path.read_bytes()).hexdigest()}"
        else:
            found[rel] = f"{st.st_mode:o}"
    return found


def stage(root: Path, name: str, content: str = "dump") -> Path:
    """What an rsync upload of set ``name`` leaves in the receiver's staging directory."""
    path = root / hb.INCOMING_DIR / name
    path.mkdir(parents=True)
    (path / "x.bkp").write_text(content)
    (path / hb.META).write_text(json.dumps({"status": "success"}))
    hb.write_manifest(str(path))
    return path


def placed(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if hb.valid_set_name(p.name))


def test_receiver_places_a_checked_upload_read_only_and_applies_its_own_retention(
    install: Path, tmp_path: Path
) -> None:
    root = tmp_path / "store"
    root.mkdir()
    names = ["20240101T020000Z", "20240102T020000Z", "20240103T020000Z"]
    for name in names:
        stage(root, name)
        rc, reply = receive(install, root, f"healthops-backup commit {name}")
        assert (rc, reply["ok"], reply["files"]) == (0, True, 2), reply
    # Retention is the forced command's (keep 0 days, 2 sets), applied by the receiver itself.
    assert reply["retention"]["deleted"] == ["20240101T020000Z"]
    assert placed(root) == names[1:]
    assert list((root / hb.INCOMING_DIR).iterdir()) == []
    newest = root / names[-1]
    assert stat.S_IMODE(newest.stat().st_mode) == 0o550
    assert stat.S_IMODE((newest / "x.bkp").stat().st_mode) == 0o440
    assert (root / hb.VERIFIED_DIR / names[-1]).is_file()
    assert not (newest / hb.VERIFIED_MARK).exists()  # a placed set is never written to
    assert [s["good"] for s in hb.storage_sets(str(root))] == [True, True]


def test_receiver_never_replaces_a_placed_set(install: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    root.mkdir()
    stage(root, "20240103T020000Z", "the real backup")
    assert receive(install, root, "healthops-backup commit 20240103T020000Z")[0] == 0
    before = snapshot(root)
    stage(root, "20240103T020000Z", "a replacement")
    rc, reply = receive(install, root, "healthops-backup commit 20240103T020000Z")
    assert rc == 1
    assert reply["problems"][0]["problem"] == "exists"
    assert snapshot(root) == before  # the staged replacement is discarded too


@pytest.mark.parametrize(
    ("plant", "problem"),
    [
        (lambda s, t: (s / "link.bkp").symlink_to(t), "not a regular file"),
        (lambda s, t: (s / "sub").symlink_to(t.parent), "not a regular file"),
        (lambda s, t: os.mkfifo(s / "pipe.bkp"), "not a regular file"),
        (lambda s, t: os.link(s / "x.bkp", s / "x-again.bkp"), "hard link"),
        (lambda s, t: (s / "extra.bkp").write_text("unlisted"), "not in manifest"),
        (lambda s, t: (s / hb.VERIFIED_MARK).write_text("trust me"), "not in manifest"),
        (lambda s, t: (s / "x.bkp").write_text("changed after the manifest"), "checksum mismatch"),
        (lambda s, t: (s / hb.MANIFEST).unlink(), "missing"),
        (lambda s, t: s.rename(s.parent / "20990101T000000Z"), "future"),
    ],
    ids=["symlink", "dir-symlink", "fifo", "hard-link", "unlisted", "marker", "checksum", "no-manifest", "future"],
)
def test_receiver_refuses_an_upload_that_does_not_check_out(
    install: Path, tmp_path: Path, plant: object, problem: str
) -> None:
    root = tmp_path / "store"
    root.mkdir()
    target = tmp_path / "elsewhere"
    target.write_text("outside the host's directory")
    staged = stage(root, "20240104T020000Z")
    plant(staged, target)  # type: ignore[operator]
    name = "20240104T020000Z" if staged.exists() else "20990101T000000Z"
    rc, reply = receive(install, root, f"healthops-backup commit {name}")
    assert rc == 1, reply
    assert problem in {p["problem"] for p in reply["problems"]}
    assert placed(root) == []
    assert list((root / hb.INCOMING_DIR).iterdir()) == []
    assert target.read_text() == "outside the host's directory"


def test_receiver_takes_no_retention_from_the_client(install: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    root.mkdir()
    for name in ("20240101T020000Z", "20240102T020000Z", "20240103T020000Z"):
        stage(root, name)
        assert receive(install, root, f"healthops-backup commit {name}", keep=("--keep-count", "5"))[0] == 0
    before = snapshot(root)
    rc, reply = receive(install, root, "healthops-backup prune 0 1", keep=("--keep-count", "5"))
    assert rc == 2
    assert "retention is configured on the storage host" in reply["error"]
    assert snapshot(root) == before
    # "prune" alone applies the storage host's own values: keep 5, so nothing goes.
    rc, reply = receive(install, root, "healthops-backup prune", keep=("--keep-days", "0", "--keep-count", "5"))
    assert (rc, reply["deleted"]) == (0, [])
    assert snapshot(root) == before


def test_receiver_verify_reads_a_placed_set_and_records_the_result_beside_it(install: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    root.mkdir()
    stage(root, "20240103T020000Z")
    assert receive(install, root, "healthops-backup commit 20240103T020000Z")[0] == 0
    placed_set = root / "20240103T020000Z"
    before = snapshot(placed_set)
    rc, reply = receive(install, root, "healthops-backup verify 20240103T020000Z")
    assert (rc, reply["ok"], reply["files"]) == (0, True, 2)
    assert snapshot(placed_set) == before
    # Damage on the storage host itself (not through the receiver): found, and the set no longer counts as good.
    (placed_set / "x.bkp").chmod(0o640)
    (placed_set / "x.bkp").write_text("bit rot")
    rc, reply = receive(install, root, "healthops-backup verify 20240103T020000Z")
    assert rc == 1
    assert reply["problems"] == [
        {"file": "x.bkp", "problem": "checksum mismatch", "detail": "sha256 differs from manifest"}
    ]
    assert not (root / hb.VERIFIED_DIR / "20240103T020000Z").exists()


def test_receiver_prunes_only_behind_a_verified_newest_set(install: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    for name in ("20240101T020000Z", "20240102T020000Z", "20240103T020000Z"):
        old_good_set(root, name)  # placed by an older receiver: its marker is inside the set
        (root / name / hb.VERIFIED_MARK).write_text("x")
    (root / "20240104T020000Z").mkdir()  # newest, never verified (a copy that failed)
    keep = ("--keep-days", "0", "--keep-count", "1")
    rc, reply = receive(install, root, "healthops-backup prune", keep)
    assert (rc, reply["deleted"]) == (0, [])
    assert "not good" in reply["reason"]
    shutil.rmtree(root / "20240104T020000Z")
    rc, reply = receive(install, root, "healthops-backup prune", keep)
    assert reply["deleted"] == ["20240101T020000Z", "20240102T020000Z"]
    assert placed(root) == ["20240103T020000Z"]


def test_receiver_reports_space_discards_stale_uploads_and_refuses_other_commands(
    install: Path, tmp_path: Path
) -> None:
    root = tmp_path / "store"
    root.mkdir()
    stale = stage(root, "20240101T020000Z")
    (stale / "x.bkp").chmod(0)
    rc, reply = receive(install, root, "healthops-backup space")
    assert rc == 0
    assert reply["path"] == str(root)
    assert reply["free_bytes"] > 0
    assert list((root / hb.INCOMING_DIR).iterdir()) == []
    rc, reply = receive(install, root, "cat /etc/shadow")
    assert rc == 2
    assert reply["error"].startswith("refused")


def test_receiver_checks_nothing_while_an_upload_holds_the_directory(install: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    root.mkdir()
    stage(root, "20240101T020000Z")
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what the receiver holds for rsync until the upload ends
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-c", "import sys; sys.argv=['r']; "
             f"sys.path.insert(0, {str(install)!r}); import healthops_backup_receiver as r; "
             "r.LOCK_WAIT_SECONDS = 1; "
             f"sys.exit(r.main(['r', {str(root)!r}]))"],
            capture_output=True,
            text=True,
            env={**os.environ, "SSH_ORIGINAL_COMMAND": "healthops-backup commit 20240101T020000Z"},
            timeout=60,
            check=False,
        )  # fmt: skip
        assert time.monotonic() - started < 30
    finally:
        os.close(fd)
    assert proc.returncode == 75, proc.stdout
    assert "another transfer or check" in json.loads(proc.stdout)["error"]
    assert placed(root) == []


# --------------------------------------------------------------------------- RMAN script


def render(name: str, **overrides: object) -> str:
    loader = jinja2.FileSystemLoader(str(TEMPLATES))
    env = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined)  # noqa: S701 - RMAN text, not HTML
    values = {
        "ansible_managed": "Ansible managed",
        "db_backup_oracle_sid": "HEALTH",
        "db_backup_oracle_level0_weekday": 7,
        "db_backup_oracle_channels": 2,
        "db_backup_oracle_compressed": True,
        "db_backup_oracle_archivelog_delete_input": False,
        "db_backup_oracle_validate": True,
    }
    values.update(overrides)
    return env.get_template(name).render(**values)


def test_rman_script_has_levels_archivelogs_autobackup_and_validate() -> None:
    script = render("rman_backup.rman.j2")
    assert "CONFIGURE CONTROLFILE AUTOBACKUP ON;" in script
    assert "CONFIGURE CONTROLFILE AUTOBACKUP FORMAT FOR DEVICE TYPE DISK TO '&2/cf_%F';" in script
    assert "BACKUP INCREMENTAL LEVEL &1 DATABASE" in script
    assert "BACKUP ARCHIVELOG ALL NOT BACKED UP 1 TIMES" in script
    assert "DELETE INPUT" not in script
    assert "PARALLELISM 2 BACKUP TYPE TO COMPRESSED BACKUPSET" in script
    assert "BACKUP VALIDATE CHECK LOGICAL DATABASE ARCHIVELOG ALL;" in script
    assert script.rstrip().endswith("EXIT;")
    other = render(
        "rman_backup.rman.j2", db_backup_oracle_archivelog_delete_input=True, db_backup_oracle_validate=False
    )
    assert "TAG 'HEALTHOPS_ARCH' DELETE INPUT;" in other
    assert "BACKUP VALIDATE" not in other


def test_rman_validate_script_reads_the_set() -> None:
    script = render("rman_validate.rman.j2")
    assert "CATALOG START WITH '&1/' NOPROMPT;" in script
    assert "RESTORE DATABASE VALIDATE CHECK LOGICAL;" in script


def test_the_job_runs_its_commands_through_the_shared_runner(install: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One subprocess runner for the job, the receiver's package and db_restore: healthops.backup's run_command.
    job = load_job(install)
    calls: list[tuple] = []

    def runner(command: list[str], timeout: float | None, cwd: str | None = None, label: str = "") -> tuple:
        calls.append((command, timeout, cwd, label))
        return 0, "app\npostgres\n", ""

    monkeypatch.setattr(job.hb, "run_command", runner)
    assert job.pg_databases({"db_os_user": "", "postgres": {"port": 5433}}) == (["app", "postgres"], "")
    assert [(c[1], c[2], c[3]) for c in calls] == [(120, "/", "psql")]
    assert not hasattr(job, "subprocess"), "the job has no subprocess runner of its own"
