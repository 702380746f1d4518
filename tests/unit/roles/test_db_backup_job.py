"""roles/db_backup/files: the backup job (Oracle path with a fake rman), the receiver, the RMAN template.

No database and no network: rman is a small script that writes what RMAN would, the receiver
runs with SSH_ORIGINAL_COMMAND set as sshd would set it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from ansible.module_utils import healthops_backup as hb
from healthops_testlib import REPO

FILES = REPO / "roles" / "db_backup" / "files"
TEMPLATES = REPO / "roles" / "db_backup" / "templates"
ME = pwd.getpwuid(os.geteuid()).pw_name

FAKE_RMAN = """#!/bin/sh
# Fake rman: target / cmdfile=<f> log=<log> using <level> <set dir>
for a in "$@"; do case "$a" in log=*) LOG="${a#log=}";; esac; done
LEVEL="$6"; SET="$7"
echo "$@" > "$SET/../rman_args.txt"
printf 'piece' > "$SET/db_L${LEVEL}_HEALTH_0a2p3q4r_1_1.bkp"
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
    shutil.copy(REPO / "plugins" / "module_utils" / "healthops_backup.py", lib)
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


# --------------------------------------------------------------------------- receiver


def receive(install: Path, root: Path, command: str) -> tuple[int, dict]:
    proc = subprocess.run(
        [sys.executable, str(install / "healthops_backup_receiver.py"), str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "SSH_ORIGINAL_COMMAND": command},
        timeout=60,
        check=False,
    )
    return proc.returncode, json.loads(proc.stdout)


def test_receiver_verifies_with_sha256sum_and_marks_the_set(install: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    old_good_set(root, "20240103T020000Z")
    rc, reply = receive(install, root, "healthops-backup verify 20240103T020000Z")
    assert (rc, reply["ok"], reply["files"]) == (0, True, 2)
    assert (root / "20240103T020000Z" / hb.VERIFIED_MARK).exists()
    (root / "20240103T020000Z" / "x.bkp").write_text("tampered")
    rc, reply = receive(install, root, "healthops-backup verify 20240103T020000Z")
    assert rc == 1
    assert reply["problems"] == [
        {"file": "x.bkp", "problem": "checksum mismatch", "detail": "sha256 differs from manifest"}
    ]
    assert not (root / "20240103T020000Z" / hb.VERIFIED_MARK).exists()


def test_receiver_prunes_only_behind_a_verified_newest_set(install: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    for name in ("20240101T020000Z", "20240102T020000Z", "20240103T020000Z"):
        old_good_set(root, name)
        assert receive(install, root, f"healthops-backup verify {name}")[0] == 0
    (root / "20240104T020000Z").mkdir()  # newest, never verified (a copy that failed)
    rc, reply = receive(install, root, "healthops-backup prune 0 1")
    assert (rc, reply["deleted"]) == (0, [])
    assert "not good" in reply["reason"]
    shutil.rmtree(root / "20240104T020000Z")
    rc, reply = receive(install, root, "healthops-backup prune 0 1")
    assert reply["deleted"] == ["20240101T020000Z", "20240102T020000Z"]
    assert sorted(p.name for p in root.iterdir()) == ["20240103T020000Z"]


def test_receiver_reports_space_and_refuses_other_commands(install: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    root.mkdir()
    rc, reply = receive(install, root, "healthops-backup space")
    assert rc == 0
    assert reply["path"] == str(root)
    assert reply["free_bytes"] > 0
    rc, reply = receive(install, root, "cat /etc/shadow")
    assert rc == 2
    assert reply["error"].startswith("refused")


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
