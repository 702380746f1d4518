"""plugins/module_utils/healthops/backup/sets.py: manifests, retention, RMAN logs, the status file."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from ansible.module_utils.healthops.backup import sets as hb
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS
from ansible.module_utils.healthops.inspect.sec import eval_backup

DAY = 86400.0
NOW = 1_714_600_000.0  # 2024-05-01T21:46:40Z


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --------------------------------------------------------------------------- names


def test_set_names_round_trip_in_utc() -> None:
    name = hb.set_name(1_714_528_800)  # 2024-05-01 02:00:00 UTC
    assert name == "20240501T020000Z"
    assert hb.set_time(name) == 1_714_528_800
    assert hb.set_time(name + ".partial") == 1_714_528_800
    assert hb.valid_set_name(name)
    assert not hb.valid_set_name(name + ".partial")
    for bad in ("20240501T020000", "../20240501T020000Z", "x", ""):
        assert hb.set_time(bad) is None
        assert not hb.valid_set_name(bad)


def test_dump_file_names_are_safe_and_distinct() -> None:
    names = hb.dump_file_names(["petition", "my db", "my_db", "../etc", "病历"])
    assert names["petition"] == "petition.dump"
    assert names["my db"] == "my_db.dump"
    assert names["my_db"] == "my_db~2.dump"
    assert "/" not in names["../etc"]
    assert not names["../etc"].startswith(".")
    assert len(set(names.values())) == 5


# --------------------------------------------------------------------------- manifest


def test_manifest_is_sha256sum_format_and_parses_back() -> None:
    entries = [("b.dump", digest("b")), ("a/globals.sql", digest("a"))]
    text = hb.format_manifest(entries)
    assert text.splitlines()[0] == f"{digest('a')}  a/globals.sql"
    assert hb.parse_manifest(text) == sorted(entries)


def test_manifest_escapes_odd_names_like_sha256sum() -> None:
    text = hb.format_manifest([("we\\ird\nname", digest("x"))])
    assert text.startswith("\\")
    assert hb.parse_manifest(text) == [("we\\ird\nname", digest("x"))]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "lists no file"),
        ("not a line\n", "line 1 is not"),
        (f"{'0' * 64}  /etc/passwd\n", "outside the set"),
        (f"{'0' * 64}  ../x\n", "outside the set"),
        (f"{'0' * 64}  a\n{'1' * 64}  a\n", "lists a twice"),
    ],
)
def test_bad_manifests_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        hb.parse_manifest(text)


def test_format_manifest_refuses_paths_outside_the_set() -> None:
    with pytest.raises(ValueError, match="relative"):
        hb.format_manifest([("../x", digest("x"))])
    with pytest.raises(ValueError, match="sha256"):
        hb.format_manifest([("x", "abc")])


def test_compare_manifest_names_each_bad_file() -> None:
    expected = [("a.dump", digest("a")), ("b.dump", digest("b")), ("c.sql", digest("c"))]
    problems = hb.compare_manifest(expected, {"a.dump": digest("a"), "b.dump": digest("B"), "c.sql": None})
    assert [(p["file"], p["problem"]) for p in problems] == [("b.dump", "checksum mismatch"), ("c.sql", "missing")]
    assert hb.describe_problems(problems) == "b.dump: checksum mismatch; c.sql: missing"


def test_write_and_check_a_set_on_disk(tmp_path: Path) -> None:
    (tmp_path / "petition.dump").write_bytes(b"\x00dump" * 1000)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "base.tar.gz").write_bytes(b"tar")
    (tmp_path / hb.VERIFIED_MARK).write_text("x")
    summary = hb.write_manifest(str(tmp_path))
    assert summary["files"] == 2
    assert summary["size_bytes"] == 5003
    manifest = (tmp_path / hb.MANIFEST).read_text()
    assert "sub/base.tar.gz" in manifest
    assert hb.VERIFIED_MARK not in manifest
    assert hb.check_set(str(tmp_path)) == {"ok": True, "problems": [], "files": 2}

    data = bytearray((tmp_path / "petition.dump").read_bytes())
    data[2500] ^= 0x01
    (tmp_path / "petition.dump").write_bytes(bytes(data))
    (tmp_path / "sub" / "base.tar.gz").unlink()
    result = hb.check_set(str(tmp_path))
    assert not result["ok"]
    assert [(p["file"], p["problem"]) for p in result["problems"]] == [
        ("petition.dump", "checksum mismatch"),
        ("sub/base.tar.gz", "missing"),
    ]


def test_a_fifo_in_a_set_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "petition.dump").write_bytes(b"dump")
    os.mkfifo(tmp_path / "pipe.dump")  # nobody ever writes to it: opening it for reading would block
    with pytest.raises(hb.NotRegularFile, match="FIFO"):
        hb.sha256_file(str(tmp_path / "pipe.dump"))
    with pytest.raises(hb.SetProblems) as raised:
        hb.write_manifest(str(tmp_path))
    assert raised.value.problems == [{"file": "pipe.dump", "problem": "not a regular file", "detail": "FIFO"}]
    assert "pipe.dump: not a regular file (FIFO)" in str(raised.value)
    assert not (tmp_path / hb.MANIFEST).exists()


def test_a_symlink_in_a_set_is_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("root only")
    backup_set = tmp_path / "set"
    (backup_set / "sub").mkdir(parents=True)
    (backup_set / "petition.dump").write_bytes(b"dump")
    (backup_set / "sub" / "link.dump").symlink_to(secret)
    (backup_set / "dirlink").symlink_to(tmp_path)
    with pytest.raises(hb.NotRegularFile, match="symlink"):
        hb.sha256_file(str(backup_set / "sub" / "link.dump"))
    files, problems = hb.scan_set(str(backup_set))
    assert files == ["petition.dump"]
    assert problems == [
        {"file": "dirlink", "problem": "not a regular file", "detail": "symlink"},
        {"file": "sub/link.dump", "problem": "not a regular file", "detail": "symlink"},
    ]
    # A set whose manifest lists a file that became a symlink afterwards fails its check, naming it.
    (backup_set / "sub" / "link.dump").unlink()
    (backup_set / "dirlink").unlink()
    (backup_set / "sub" / "link.dump").write_text("was a file")
    hb.write_manifest(str(backup_set))
    (backup_set / "sub" / "link.dump").unlink()
    (backup_set / "sub" / "link.dump").symlink_to(secret)
    result = hb.check_set(str(backup_set))
    assert result["ok"] is False
    assert result["problems"] == [
        {"file": "sub/link.dump", "problem": "not a regular file", "detail": "symlink (not a regular file)"}
    ]


def test_the_manifest_is_not_written_through_a_planted_symlink(tmp_path: Path) -> None:
    target = tmp_path / "etc-passwd"
    target.write_text("root:x:0:0\n")
    backup_set = tmp_path / "set"
    backup_set.mkdir()
    (backup_set / "petition.dump").write_bytes(b"dump")
    (backup_set / hb.MANIFEST).symlink_to(target)
    with pytest.raises(hb.SetProblems, match=r"MANIFEST.sha256: not a regular file \(symlink\)"):
        hb.write_manifest(str(backup_set))
    assert target.read_text() == "root:x:0:0\n"
    assert (backup_set / hb.MANIFEST).is_symlink()


def test_check_set_without_a_manifest(tmp_path: Path) -> None:
    result = hb.check_set(str(tmp_path))
    assert not result["ok"]
    assert result["problems"][0]["file"] == hb.MANIFEST


def test_sha256sum_check_output_is_parsed_into_named_files() -> None:
    stdout = "globals.sql: OK\npetition.dump: FAILED\nbackup.json: FAILED open or read\n"
    stderr = (
        "sha256sum: backup.json: No such file or directory\n"
        "sha256sum: WARNING: 1 listed file could not be read\n"
        "sha256sum: WARNING: 1 computed checksum did NOT match\n"
    )
    problems = hb.parse_sha256sum_check(stdout, stderr)
    assert [(p["file"], p["problem"]) for p in problems] == [
        ("petition.dump", "checksum mismatch"),
        ("backup.json", "missing"),
    ]
    assert hb.parse_sha256sum_check("a: OK\nb: OK\n", "") == []


# --------------------------------------------------------------------------- retention


def s(name_days_ago: float, good: bool = True, name: str | None = None) -> dict:
    when = NOW - name_days_ago * DAY
    return {"name": name or hb.set_name(when), "time": when, "good": good}


def test_retention_deletes_old_sets_beyond_the_count_oldest_first() -> None:
    sets = [s(d) for d in (0, 1, 2, 10, 11, 12)]
    plan = hb.select_retention(sets, keep_days=7, keep_count=2, now=NOW)
    assert plan["delete"] == [sets[5]["name"], sets[4]["name"], sets[3]["name"]]
    assert plan["keep"] == [sets[0]["name"], sets[1]["name"], sets[2]["name"]]


def test_retention_keeps_the_count_even_when_all_are_old() -> None:
    sets = [s(d) for d in (30, 31, 32, 33)]
    plan = hb.select_retention(sets, keep_days=7, keep_count=3, now=NOW)
    assert plan["delete"] == [sets[3]["name"]]


def test_retention_never_deletes_the_newest_good_set() -> None:
    sets = [s(100)]
    assert hb.select_retention(sets, keep_days=0, keep_count=0, now=NOW)["delete"] == []
    sets = [s(100), s(101)]
    assert hb.select_retention(sets, keep_days=0, keep_count=0, now=NOW)["delete"] == [sets[1]["name"]]


def test_retention_deletes_nothing_while_the_newest_set_is_bad() -> None:
    sets = [s(0, good=False), s(10), s(20), s(30)]
    plan = hb.select_retention(sets, keep_days=1, keep_count=1, now=NOW)
    assert plan["delete"] == []
    assert "not good" in plan["reason"]
    assert sets[0]["name"] in plan["reason"]


def test_retention_counts_only_good_sets_and_drops_old_bad_ones() -> None:
    sets = [s(0), s(1, good=False), s(2, good=False), s(3)]
    plan = hb.select_retention(sets, keep_days=0, keep_count=2, now=NOW)
    # The two newest good sets are kept; the failed ones in between go.
    assert plan["keep"] == [sets[0]["name"], sets[3]["name"]]
    assert plan["delete"] == [sets[2]["name"], sets[1]["name"]]


def test_retention_leaves_sets_of_unknown_time_alone() -> None:
    sets = [s(0), s(40), {"name": "manual-copy", "time": None, "good": True}]
    plan = hb.select_retention(sets, keep_days=1, keep_count=1, now=NOW)
    assert plan["delete"] == [sets[1]["name"]]
    assert "manual-copy" in plan["keep"]
    assert hb.select_retention([], 1, 1, NOW) == {"delete": [], "keep": [], "reason": "no backup set"}


# --------------------------------------------------------------------------- RMAN

RMAN_OK = """
Recovery Manager: Release 19.0.0.0.0 - Production on Wed May 1 02:00:01 2024
connected to target database: HEALTH (DBID=1234567890)

RMAN> run {
Starting backup at 2024-05-01 02:00:03
channel ORA_DISK_1: starting incremental level 0 datafile backup set
piece handle=/var/backups/healthops/20240501T180000Z/db_L0_HEALTH_0a2p3q4r_1_1.bkp tag=HEALTHOPS_L0 comment=NONE
channel ORA_DISK_1: backup set complete, elapsed time: 00:00:15
Finished backup at 2024-05-01 02:00:20
RMAN-08137: WARNING: archived log not deleted, needed for standby or upstream capture process
piece handle=/var/backups/healthops/20240501T180000Z/cf_c-1234567890-20240501-00 comment=NONE

List of Datafiles
=================
File Status Marked Corrupt Empty Blocks Blocks Examined High SCN
---- ------ -------------- ------------ --------------- ----------
1    OK     0              16830        103680          2345678
  File Name: /u01/oradata/HEALTH/system01.dbf
List of Control File and SPFILE
===============================
File Type    Status Blocks Failing Blocks Examined
------------ ------ -------------- ---------------
SPFILE       OK     0              2
Control File OK     0              646

Recovery Manager complete.
"""

RMAN_FAILED = """
Starting backup at 2024-05-01 02:00:03
RMAN-00571: ===========================================================
RMAN-00569: =============== ERROR MESSAGE STACK FOLLOWS ===============
RMAN-00571: ===========================================================
RMAN-03009: failure of backup command on ORA_DISK_1 channel at 05/01/2024 02:00:20
ORA-19502: write error on file "/var/backups/healthops/x.bkp", block number 12345 (block size=8192)
ORA-27072: File I/O error

Recovery Manager complete.
"""

RMAN_CORRUPT = """
List of Datafiles
=================
File Status Marked Corrupt Empty Blocks Blocks Examined High SCN
---- ------ -------------- ------------ --------------- ----------
1    OK     0              16830        103680          2345678
4    FAILED 0              0            640             2345000
5    OK     3              0            640             2345001
validate found one or more corrupt blocks
Recovery Manager complete.
"""


def test_rman_log_of_a_good_backup() -> None:
    parsed = hb.parse_rman_log(RMAN_OK, 0)
    assert parsed["ok"] is True
    assert parsed["errors"] == []
    assert [w["code"] for w in parsed["warnings"]] == ["RMAN-08137"]
    assert len(parsed["pieces"]) == 2
    assert parsed["validate"] == []


def test_rman_log_errors_are_found_without_the_banner() -> None:
    parsed = hb.parse_rman_log(RMAN_FAILED, 1)
    assert parsed["ok"] is False
    assert [e["code"] for e in parsed["errors"]] == ["RMAN-03009", "ORA-19502", "ORA-27072"]
    assert parsed["errors"][1]["line"] == 7
    text = hb.describe_rman(parsed, 1)
    assert text.startswith("RMAN-03009: failure of backup command")
    assert "ORA-19502" in text
    assert "rman exit status 1" in text


def test_rman_validate_rows_that_are_not_ok_fail_the_backup() -> None:
    parsed = hb.parse_rman_log(RMAN_CORRUPT, 0)
    assert parsed["ok"] is False
    assert [(r["file"], r["status"], r["marked_corrupt"]) for r in parsed["validate"]] == [
        ("4", "FAILED", 0),
        ("5", "OK", 3),
    ]
    assert "validate: file 4 FAILED" in hb.describe_rman(parsed)


def test_rman_log_that_never_completed_is_not_ok() -> None:
    parsed = hb.parse_rman_log("Starting backup at 2024-05-01\n", None)
    assert parsed["ok"] is False
    assert "RMAN did not complete" in hb.describe_rman(parsed)
    assert hb.parse_rman_log(RMAN_OK, 3)["ok"] is False  # a non-zero exit status is never OK


@pytest.mark.parametrize(("weekday", "level"), [(7, 0), (1, 1), (6, 1)])
def test_rman_level_zero_once_a_week(weekday: int, level: int) -> None:
    assert hb.rman_level(weekday, 7) == level


# --------------------------------------------------------------------------- status file


def test_status_file_is_what_the_inspection_reads() -> None:
    run = {"status": "success", "started": NOW - 60, "finished": NOW, "set": "20240501T214540Z", "job": "j"}
    status = hb.build_status(None, dict(run, message="3 item(s)", size_bytes=10))
    assert status["last_success"] == status["finished"]
    assert status["duration_seconds"] == 60.0
    text = json.dumps(status)
    checks = {c["id"]: c for c in eval_backup("/s.json", text, "", True, True, NOW + 3600, DEFAULT_THRESHOLDS)}
    assert checks["backup.last_run"]["status"] == "PASS"
    assert checks["backup.age"]["status"] == "PASS"
    assert checks["backup.age"]["value"] == pytest.approx(1.0, abs=0.01)
    # The run's size and duration, charted by the report over the runs.
    assert (checks["backup.duration"]["value"], checks["backup.duration"]["unit"]) == (1.0, "min")
    assert (checks["backup.size"]["status"], checks["backup.size"]["unit"]) == ("INFO", "GiB")
    assert checks["backup.size"]["detail"] == "set 20240501T214540Z"


def test_a_failed_run_keeps_the_last_success_and_fails_the_inspection() -> None:
    good = hb.build_status(None, {"status": "success", "started": NOW - 2 * DAY, "finished": NOW - 2 * DAY + 60})
    running = hb.build_status(good, {"status": "running", "started": NOW - 30, "message": "running"})
    assert running["last_success"] == good["last_success"]
    assert running["finished"] == good["finished"]
    failed = hb.build_status(
        running,
        {"status": "failed", "started": NOW - 30, "finished": NOW, "local_ok": True, "message": "offline copy failed"},
    )
    assert failed["last_success"] == good["last_success"]
    assert failed["last_local_success"] == hb.iso_time(NOW)
    checks = {c["id"]: c for c in eval_backup("/s.json", json.dumps(failed), "", True, True, NOW, DEFAULT_THRESHOLDS)}
    assert checks["backup.last_run"]["status"] == "FAIL"
    assert "offline copy failed" in checks["backup.last_run"]["detail"]
    assert checks["backup.age"]["status"] == "FAIL"  # 48 h without a full success
    assert "backup.size" not in checks  # a failed run's size says nothing about the backups


def test_a_running_status_past_its_deadline_is_a_failed_run() -> None:
    good = hb.build_status(None, {"status": "success", "started": NOW - DAY, "finished": NOW - DAY + 60})
    running = hb.build_status(good, {"status": "running", "started": NOW - 3600, "deadline": NOW - 60})
    assert running["deadline"] == hb.iso_time(NOW - 60)
    text = json.dumps(running)
    checks = {c["id"]: c for c in eval_backup("/s.json", text, "", True, True, NOW, DEFAULT_THRESHOLDS)}
    assert checks["backup.last_run"]["status"] == "FAIL"
    assert "after its deadline" in checks["backup.last_run"]["detail"]
    # Before the deadline it is simply running; without one (older jobs) too.
    early = {c["id"]: c for c in eval_backup("/s.json", text, "", True, True, NOW - 120, DEFAULT_THRESHOLDS)}
    assert early["backup.last_run"]["status"] == "INFO"
    plain = hb.build_status(good, {"status": "running", "started": NOW - 3600})
    assert "deadline" not in plain
    checks = {c["id"]: c for c in eval_backup("/s.json", json.dumps(plain), "", True, True, NOW, DEFAULT_THRESHOLDS)}
    assert checks["backup.last_run"]["status"] == "INFO"
    # A finished run drops the deadline.
    done = hb.build_status(running, {"status": "failed", "started": NOW - 3600, "finished": NOW, "deadline": NOW})
    assert "deadline" not in done


def test_run_message_names_what_failed() -> None:
    items = [
        {"kind": "database", "name": "petition", "status": "failed", "message": "pg_dump: error: connection refused"},
        {"kind": "globals", "name": "roles", "status": "success", "size_bytes": 10},
    ]
    offline = {"status": "failed", "message": "storage host bak1 unreachable: ssh: connect to host bak1 port 22"}
    message = hb.run_message(items, offline)
    assert message.startswith("database petition failed: pg_dump: error")
    assert "storage host bak1 unreachable" in message
    ok = hb.run_message([{"name": "a", "status": "success", "size_bytes": 2048}], {"status": "success", "host": "b"})
    assert ok == "1 item(s), 2.0 KiB, offline copy verified on b"


# --------------------------------------------------------------------------- offline copy


@pytest.mark.parametrize(
    ("rc", "stderr", "expected"),
    [
        (
            255,
            "ssh: connect to host bak1 port 22: Connection refused\r\n",
            "storage host bak1 unreachable: ssh: connect",
        ),
        (255, "ssh: Could not resolve hostname bak1: Name or service not known", "storage host bak1 unreachable"),
        (
            11,
            'rsync: [receiver] write failed on "/srv/x": No space left on device (28)',
            "storage host bak1: destination full",
        ),
        (255, "Host key verification failed.", "storage host bak1: host key verification failed"),
        (12, "rsync error: error in rsync protocol data stream (code 12)", "storage host bak1: rsync failed with exit"),
    ],
)
def test_remote_errors_name_the_storage_host_and_cause(rc: int, stderr: str, expected: str) -> None:
    assert hb.classify_remote_error("bak1", rc, stderr, "rsync").startswith(expected)


def test_space_check_needs_the_set_and_a_margin() -> None:
    assert hb.space_problem("bak1", "/srv/b", 100 * 2**20, 10 * 2**20) is None
    problem = hb.space_problem("bak1", "/srv/b", 20 * 2**20, 10 * 2**20)
    assert (
        problem
        == "storage host bak1: destination /srv/b full: 20.0 MiB free, the set needs 10.0 MiB (+16.0 MiB margin)"
    )


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("healthops-backup space", ("space", [])),
        ("healthops-backup verify 20240501T020000Z", ("verify", ["20240501T020000Z"])),
        ("healthops-backup commit 20240501T020000Z", ("commit", ["20240501T020000Z"])),
        ("healthops-backup prune", ("prune", [])),
        ("rsync --server -logDtpre.iLsfxCIvu --partial . 20240501T020000Z/", ("rsync", None)),
    ],
)
def test_receiver_accepts_its_commands(original: str, expected: tuple) -> None:
    command, args = hb.parse_receiver_command(original)
    assert command == expected[0]
    if expected[1] is not None:
        assert args == expected[1]


@pytest.mark.parametrize(
    "original",
    [
        "",
        "bash -i",
        "healthops-backup verify ../../etc",
        "healthops-backup verify 20240501T020000Z.partial",
        "healthops-backup prune 30",
        "healthops-backup prune 0 1",  # retention is the storage host's: the client sends no numbers
        "healthops-backup prune x 7",
        "healthops-backup commit ../20240501T020000Z",
        "healthops-backup commit /srv/backup/healthops/other/20240501T020000Z",
        "healthops-backup commit 20240501T020000Z 20240502T020000Z",
        "healthops-backup space now",
        "healthops-backup rm -rf /",
        "scp -t /srv",
    ],
)
def test_receiver_refuses_anything_else(original: str) -> None:
    with pytest.raises(ValueError, match=r"refused|takes"):
        hb.parse_receiver_command(original)


def test_local_sets_and_choosing_the_set_to_verify(tmp_path: Path) -> None:
    def make(name: str, status: str | None, manifest: bool = True) -> None:
        path = tmp_path / name
        path.mkdir()
        if status:
            (path / hb.META).write_text(json.dumps({"status": status}))
        if manifest:
            (path / hb.MANIFEST).write_text("x")

    make("20240501T020000Z", "success")
    make("20240502T020000Z", "failed")
    make("20240503T020000Z.partial", None, manifest=False)
    (tmp_path / "lost+found").mkdir()
    found = hb.local_sets(str(tmp_path))
    assert [(f["name"], f["good"]) for f in found] == [
        ("20240503T020000Z.partial", False),
        ("20240502T020000Z", False),
        ("20240501T020000Z", True),
    ]
    # The newest complete set, even a failed one: its verification then says why.
    assert hb.choose_set(found)["name"] == "20240502T020000Z"
    assert hb.choose_set(found, "20240501T020000Z")["name"] == "20240501T020000Z"
    assert hb.choose_set(found, "20990101T000000Z") is None


def test_verify_copies_reports_a_failed_set_and_a_missing_one(tmp_path: Path) -> None:
    (tmp_path / "20240502T020000Z").mkdir()
    (tmp_path / "20240502T020000Z" / "a.dump").write_text("a")
    (tmp_path / "20240502T020000Z" / hb.META).write_text(json.dumps({"status": "failed"}))
    hb.write_manifest(str(tmp_path / "20240502T020000Z"))
    config = {"backup_dir": str(tmp_path), "offline": {"enabled": False}}
    result = hb.verify_copies(config)
    assert result["ok"] is False
    assert result["local"]["problems"] == [
        {"file": "backup.json", "problem": "backup failed", "detail": "backup.json says failed"}
    ]
    assert result["offline"]["skipped"] is True
    missing = hb.verify_copies({"backup_dir": str(tmp_path / "none"), "offline": {}})
    assert missing["set"] is None
    assert "no complete backup set" in missing["local"]["message"]


def test_ssh_command_is_strict_and_batch() -> None:
    command = hb.ssh_command({"identity": "/k", "known_hosts": "/kh", "port": 2222})
    joined = " ".join(command)
    assert "-i /k" in joined
    assert "-p 2222" in joined
    for option in ("BatchMode=yes", "StrictHostKeyChecking=yes", "UserKnownHostsFile=/kh", "IdentitiesOnly=yes"):
        assert option in command


def test_timing_free_iso_time_has_an_offset() -> None:
    assert hb.iso_time(None) is None
    text = hb.iso_time(time.time())
    assert text is not None
    assert text[-6] in "+-"
