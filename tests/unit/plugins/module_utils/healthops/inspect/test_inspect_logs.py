"""healthops.inspect.logs: error lines since the last run (offset + inode), rotation, truncation, kernel log."""

from __future__ import annotations

from pathlib import Path

from ansible.module_utils.healthops.inspect import base as hi
from ansible.module_utils.healthops.inspect import logs
from healthops_testlib import FIXTURES_DIR

FIX = FIXTURES_DIR / "inspect"
TH = hi.resolve_thresholds(None)
PATTERNS = hi.DEFAULT_LOG_PATTERNS
NOW = 1714521600.0


def scan(path: Path, prev: dict | None, max_bytes: int = 1 << 20, max_lines: int = 20) -> tuple[dict, dict | None]:
    return logs.scan_log(str(path), PATTERNS, prev, max_lines, max_bytes, TH, None, NOW)


def test_first_run_scans_the_file_and_records_offset_and_inode(tmp_path: Path) -> None:
    log = tmp_path / "alert.log"
    log.write_text("Starting ORACLE instance\nORA-00600: internal error code\nSEVERE: boom\nfine\n")
    check, state = scan(log, None)
    assert check["id"] == "log.errors:" + str(log)
    assert check["status"] == "WARN"
    assert check["value"] == 2
    assert check["detail"].startswith("2 matching line(s): ORA-00600: internal error code | SEVERE: boom | first run")
    st = log.stat()
    assert state == {"inode": st.st_ino, "dev": st.st_dev, "offset": st.st_size, "time": NOW}


def test_only_new_lines_are_read(tmp_path: Path) -> None:
    log = tmp_path / "catalina.out"
    log.write_text("SEVERE: old\n")
    _, state = scan(log, None)
    with log.open("a") as handle:
        handle.write("INFO ok\njava.lang.OutOfMemoryError: Java heap space\n")
    check, state2 = scan(log, state)
    assert check["value"] == 1
    assert "OutOfMemoryError" in check["detail"]
    assert "SEVERE: old" not in check["detail"]
    again, _ = scan(log, state2)
    assert again["status"] == "PASS"
    assert again["value"] == 0


def test_a_line_being_written_is_left_for_the_next_run(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text("ok\nFATAL: half")
    check, state = scan(log, None)
    assert check["value"] == 0
    assert state["offset"] == 3
    with log.open("a") as handle:
        handle.write(" written\n")
    check, _ = scan(log, state)
    assert check["value"] == 1
    assert "FATAL: half written" in check["detail"]


def test_rotated_log_finishes_the_old_file_then_reads_the_new(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text("SEVERE: before\n")
    _, state = scan(log, None)
    with log.open("a") as handle:
        handle.write("SEVERE: after the last run, before rotation\n")
    log.rename(tmp_path / "app.log.1")
    (tmp_path / "app.log.2.gz").write_bytes(b"\x1f\x8b")  # compressed ones are never opened
    log.write_text("PANIC: in the new file\n")
    check, state2 = scan(log, state)
    assert check["value"] == 2
    assert "SEVERE: after the last run, before rotation | PANIC: in the new file" in check["detail"]
    assert "SEVERE: before" not in check["detail"].replace("before rotation", "")
    assert "rotated: rest of %s read" % (tmp_path / "app.log.1") in check["detail"]
    assert state2["inode"] == log.stat().st_ino
    assert state2["offset"] == log.stat().st_size


def test_rotated_log_whose_old_file_is_gone(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text("x\n")
    _, state = scan(log, None)
    log.unlink()
    log.write_text("FATAL: new\n")
    check, _ = scan(log, dict(state, inode=state["inode"] + 12345))
    assert check["value"] == 1
    assert "previous file is gone or compressed" in check["detail"]


def test_truncated_log_is_read_from_the_start(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text("ok\n" * 100)
    _, state = scan(log, None)
    with log.open("w") as handle:  # copytruncate: same inode, shorter
        handle.write("ORA-01555: snapshot too old\n")
    check, state2 = scan(log, state)
    assert check["value"] == 1
    assert "truncated since last run" in check["detail"]
    assert state2["inode"] == state["inode"]
    assert state2["offset"] == log.stat().st_size


def test_max_bytes_skips_the_oldest_part_and_max_lines_limits_quotes(tmp_path: Path) -> None:
    log = tmp_path / "big.log"
    log.write_text("".join(f"SEVERE line {i:03d}\n" for i in range(200)))  # 16 bytes a line
    check, state = scan(log, None, max_bytes=800, max_lines=3)
    assert check["value"] == 50  # the last 800 bytes hold 50 whole lines
    assert check["detail"].startswith("50 matching line(s): SEVERE line 150 | SEVERE line 151 | SEVERE line 152 | ")
    assert "2.3 KiB skipped (over max_bytes 800 B)" in check["detail"]
    assert state["offset"] == log.stat().st_size
    check, _ = scan(log, None, max_bytes=808, max_lines=1)  # the cut falls inside line 149: it is dropped
    assert check["value"] == 50
    assert "SEVERE line 150 |" in check["detail"]
    assert "2.3 KiB skipped" in check["detail"]


def test_own_limits_and_missing_file(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_text("FATAL 1\nFATAL 2\n")
    check, _ = logs.scan_log(str(log), PATTERNS, None, 20, 1000, TH, {"warn": 5, "fail": 10}, NOW)
    assert check["status"] == "PASS"
    assert check["threshold"] == ">=5/10"
    check, _ = logs.scan_log(str(log), PATTERNS, None, 20, 1000, TH, {"warn": None, "fail": 2}, NOW)
    assert check["status"] == "FAIL"
    missing, state = scan(tmp_path / "none.log", {"inode": 1, "offset": 5})
    assert missing["status"] == "ERROR"
    assert missing["detail"].endswith("none.log: not found")
    assert state == {"inode": 1, "offset": 5}  # kept for when the file comes back


def test_plan_segments() -> None:
    assert logs.plan_segments(None, 5, 1, 100, None) == ([("current", 0, 100)], ["first run"])
    assert logs.plan_segments({"inode": 5, "dev": 1, "offset": 40}, 5, 1, 100, None) == ([("current", 40, 100)], [])
    segments, _notes = logs.plan_segments({"inode": 4, "dev": 1, "offset": 40}, 5, 1, 100, ("/l.1", 60))
    assert segments == [("rotated", 40, 60), ("current", 0, 100)]
    segments, _ = logs.plan_segments({"inode": 4, "dev": 1, "offset": 60}, 5, 1, 100, ("/l.1", 60))
    assert segments == [("current", 0, 100)]


def test_kmsg_since_boot_and_since_last_run() -> None:
    lines = (FIX / "hosts/debian12/root/dev/kmsg").read_text().splitlines(keepends=True)
    records = []
    for line in lines:  # the device hands out one record per read, continuation lines included
        if line.startswith(" ") and records:
            records[-1] += line
        else:
            records.append(line)
    parsed = logs.parse_kmsg(records)
    assert [r["seq"] for r in parsed] == [0, 1, 412, 413, 5120, 5121, 5122, 5123]
    assert parsed[4]["level"] == 3
    assert parsed[4]["message"].startswith("blk_update_request: I/O error, dev sda")
    regex = logs.compile_patterns(hi.DEFAULT_KERNEL_PATTERNS)
    check, state = logs.eval_kernel_kmsg(parsed, regex, None, "boot-a", 20, TH)
    # the MCE boot banners and the segfault are not hardware errors
    assert check["value"] == 2
    assert check["status"] == "WARN"
    assert "[9877s] blk_update_request: I/O error" in check["detail"]
    assert "since boot" in check["detail"]
    assert state == {"source": "kmsg", "boot_id": "boot-a", "seq": 5123}
    again, _ = logs.eval_kernel_kmsg(parsed, regex, state, "boot-a", 20, TH)
    assert again["status"] == "PASS"
    assert again["value"] == 0
    middle, _ = logs.eval_kernel_kmsg(parsed, regex, dict(state, seq=5120), "boot-a", 20, TH)
    assert middle["value"] == 1
    assert "EXT4-fs error" in middle["detail"]
    rebooted, _ = logs.eval_kernel_kmsg(parsed, regex, state, "boot-b", 20, TH)
    assert rebooted["value"] == 2
    assert "rebooted" in rebooted["detail"]


def test_kmsg_notes_messages_lost_from_the_ring_buffer() -> None:
    parsed = logs.parse_kmsg(["3,900,1,-;Buffer I/O error on dev sdb\n"])
    regex = logs.compile_patterns(hi.DEFAULT_KERNEL_PATTERNS)
    check, _ = logs.eval_kernel_kmsg(parsed, regex, {"source": "kmsg", "boot_id": "b", "seq": 100}, "b", 20, TH)
    assert "799 message(s) already dropped from the ring buffer" in check["detail"]


def test_journal_fallback() -> None:
    text = (FIX / "hosts/rocky9/commands/journalctl_-k.out").read_text()
    lines, cursor = logs.parse_journal(text)
    assert len(lines) == 5
    assert cursor.startswith("s=9d1c4e5f")
    regex = logs.compile_patterns(hi.DEFAULT_KERNEL_PATTERNS)
    check, state = logs.eval_kernel_journal(lines, cursor, regex, None, 20, TH, "/dev/kmsg: Operation not permitted")
    assert check["value"] == 3
    assert check["status"] == "WARN"
    assert state == {"source": "journal", "cursor": cursor}
    empty, kept = logs.eval_kernel_journal([], None, regex, state, 20, TH, "note")
    assert empty["status"] == "PASS"
    assert kept["cursor"] == cursor


def test_kernel_patterns_do_not_match_ordinary_messages() -> None:
    regex = logs.compile_patterns(hi.DEFAULT_KERNEL_PATTERNS)
    for message in (
        "MCE: In-kernel MCE decoding enabled.",
        "mce: CPU0: Thermal monitoring enabled (TM1)",
        "XFS (dm-0): Mounting V5 Filesystem",
        "EXT4-fs (dm-3): re-mounted. Quota mode: none.",
        "EDAC MC: Ver: 3.0.0",
    ):
        assert not regex.search(message), message
    for message in (
        "Out of memory: Killed process 4242 (java) total-vm:8123456kB",
        "INFO: task kworker/0:1:123 blocked for more than 120 seconds.",
        "sd 2:0:0:0: [sdb] tag#0 Sense Key : Medium Error [current]",
        "BTRFS error (device sda2): bdev /dev/sda2 errs: wr 0, rd 1",
    ):
        assert regex.search(message), message
