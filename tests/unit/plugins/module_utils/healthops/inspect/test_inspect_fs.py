"""healthops.inspect.fs: mounts, fstab, space, inodes, days to full, read-only remounts."""

from __future__ import annotations

from typing import Any

import pytest
from ansible.module_utils.healthops.inspect import base as hi
from ansible.module_utils.healthops.inspect import fs
from healthops_testlib import FIXTURES_DIR

FIX = FIXTURES_DIR / "inspect"
DEBIAN = FIX / "hosts" / "debian12" / "root"
ROCKY = FIX / "hosts" / "rocky9" / "root"
TH = hi.resolve_thresholds(None)
NOW = 1714521600.0
DAY = 86400.0


def st(blocks: int, bfree: int, bavail: int, files: int = 1000, ffree: int = 500, frsize: int = 4096) -> dict[str, int]:
    return {"frsize": frsize, "blocks": blocks, "bfree": bfree, "bavail": bavail, "files": files, "ffree": ffree}


def debian_mounts() -> list[dict[str, Any]]:
    return fs.parse_mounts((DEBIAN / "proc/self/mounts").read_text())


def test_parse_mounts_unescapes_octal_and_splits_options() -> None:
    mounts = {m["mount"]: m for m in debian_mounts()}
    assert mounts["/srv/www files"]["device"] == "/dev/mapper/app01--vg-var"
    assert mounts["/data"]["options"][0] == "ro"
    assert mounts["/mnt/backup"]["fstype"] == "nfs4"


def test_select_mounts_skips_pseudo_file_systems_and_unlisted_tmpfs() -> None:
    chosen = fs.select_mounts(debian_mounts(), hi.DEFAULT_FS_TYPES_EXCLUDE, hi.DEFAULT_TMPFS_MOUNTS, [])
    points = [m["mount"] for m in chosen]
    assert points == ["/run", "/", "/dev/shm", "/tmp", "/boot", "/var", "/data", "/boot/efi", "/mnt/backup"]
    # /run/user/1000 and /run/lock are tmpfs not listed; /srv/www files is a bind mount of /var's device


def test_select_mounts_honours_exclude_globs_and_tmpfs_option() -> None:
    chosen = fs.select_mounts(debian_mounts(), hi.DEFAULT_FS_TYPES_EXCLUDE, [], ["/mnt/*", "/boot*"])
    assert [m["mount"] for m in chosen] == ["/", "/var", "/data"]


def test_select_mounts_btrfs_subvolumes_stay_and_overlay_only_as_root() -> None:
    mounts = fs.parse_mounts((FIX / "proc" / "mounts_btrfs_vfat").read_text())
    chosen = fs.select_mounts(mounts, hi.DEFAULT_FS_TYPES_EXCLUDE, [], [])
    assert [(m["mount"], m["fstype"]) for m in chosen] == [("/home", "btrfs"), ("/boot/efi", "vfat"), ("/", "overlay")]
    # squashfs (snaps) is excluded; the later overlay mounted over / hides the btrfs root


def test_select_mounts_drops_container_overlays_on_rhel() -> None:
    mounts = fs.parse_mounts((ROCKY / "proc/self/mounts").read_text())
    chosen = fs.select_mounts(mounts, hi.DEFAULT_FS_TYPES_EXCLUDE, hi.DEFAULT_TMPFS_MOUNTS, [])
    assert [m["mount"] for m in chosen] == ["/dev/shm", "/run", "/", "/boot", "/u01", "/home"]


def test_parse_fstab_skips_comments_and_keeps_options() -> None:
    entries = fs.parse_fstab((DEBIAN / "etc/fstab").read_text())
    assert [e["mount"] for e in entries][:3] == ["/", "/boot", "/boot/efi"]
    assert entries[0]["options"] == ["errors=remount-ro"]
    assert next(e for e in entries if e["mount"] == "/media/cdrom0")["options"] == ["user", "noauto"]


def test_space_is_graded_like_df() -> None:
    # 4 M of 5 M blocks used, 0.75 M available to users (reserved blocks count for neither)
    check = fs.eval_space("/", st(5_000_000, 1_000_000, 750_000), TH)
    assert check["id"] == "fs.space:/"
    assert check["value"] == 84.2
    assert check["status"] == "WARN"
    assert check["unit"] == "%"
    assert check["threshold"] == ">=80/90%"
    assert "15.3 GiB used of 19.1 GiB" in check["detail"]
    assert fs.eval_space("/", st(100, 5, 5), TH)["status"] == "FAIL"
    assert fs.eval_space("/", st(100, 50, 50), TH)["status"] == "PASS"


def test_zero_byte_tmpfs_is_info_not_a_division_by_zero() -> None:
    empty = st(0, 0, 0, files=0, ffree=0)
    space = fs.eval_space("/tmp", empty, TH)
    assert space["status"] == "INFO"
    assert space["value"] is None
    assert "0 bytes" in space["detail"]
    days, sample = fs.eval_days_to_full("/tmp", empty, TH, {"used": 0, "time": NOW - 2 * DAY}, NOW)
    assert days["status"] == "INFO"
    assert sample == {"used": 0, "time": NOW}


def test_zero_inodes_is_info() -> None:
    check = fs.eval_inodes("/boot/efi", st(130812, 129300, 129300, files=0, ffree=0), TH)
    assert check["status"] == "INFO"
    assert check["value"] is None
    assert "no fixed inode table" in check["detail"]


def test_inodes_graded() -> None:
    check = fs.eval_inodes("/var", st(100, 50, 50, files=1000, ffree=50), TH)
    assert check["value"] == 95.0
    assert check["status"] == "FAIL"
    assert "950 of 1000" in check["detail"]


def test_days_to_full_first_run_records_a_baseline() -> None:
    check, sample = fs.eval_days_to_full("/var", st(1000, 400, 400), TH, None, NOW)
    assert check["status"] == "INFO"
    assert check["value"] is None
    assert "first sample" in check["detail"]
    assert sample == {"used": 600 * 4096, "time": NOW}


def test_days_to_full_from_growth() -> None:
    gib = 1024**3 // 4096  # blocks per GiB
    now_st = st(100 * gib, 40 * gib, 40 * gib)  # 60 GiB used, 40 GiB available
    prev = {"used": 50 * 1024**3, "time": NOW - 2 * DAY}  # grew 10 GiB in 2 days: 5 GiB/day
    check, sample = fs.eval_days_to_full("/var", now_st, TH, prev, NOW)
    assert check["value"] == 8.0
    assert check["status"] == "WARN"
    assert "growing 5.0 GiB/day" in check["detail"]
    assert sample["used"] == 60 * 1024**3
    fast = {"used": 20 * 1024**3, "time": NOW - 2 * DAY}  # 20 GiB/day: 2 days left
    assert fs.eval_days_to_full("/var", now_st, TH, fast, NOW)[0]["status"] == "FAIL"


def test_days_to_full_shrink_is_pass_without_a_value() -> None:
    gib = 1024**3 // 4096
    prev = {"used": 70 * 1024**3, "time": NOW - 7 * DAY}
    check, _ = fs.eval_days_to_full("/var", st(100 * gib, 40 * gib, 40 * gib), TH, prev, NOW)
    assert check["status"] == "PASS"
    assert check["value"] is None
    assert check["detail"].startswith("not growing (-10.0 GiB in 7.0 d)")


def test_days_to_full_quick_rerun_keeps_the_older_baseline() -> None:
    prev = {"used": 1, "time": NOW - 600}
    check, sample = fs.eval_days_to_full("/var", st(1000, 10, 10), TH, prev, NOW)
    assert check["status"] == "INFO"
    assert sample == prev


def test_days_to_full_ignores_a_sample_from_the_future_or_garbage() -> None:
    for prev in ({"used": 1, "time": NOW + 10}, {"used": "x", "time": NOW - DAY}, {"used": True, "time": NOW - DAY}):
        check, sample = fs.eval_days_to_full("/var", st(1000, 10, 10), TH, prev, NOW)
        assert check["status"] == "INFO"
        assert sample["time"] == NOW


def test_days_to_full_is_capped_for_a_trickle() -> None:
    prev = {"used": 999 * 4096 - 1, "time": NOW - DAY}
    check, _ = fs.eval_days_to_full("/big", st(10**9, 10**9 - 999, 10**9 - 999), TH, prev, NOW)
    assert check["value"] == fs.MAX_DAYS
    assert check["status"] == "PASS"


def test_readonly_flags_fstab_rw_and_root_only() -> None:
    fstab = fs.parse_fstab((DEBIAN / "etc/fstab").read_text())
    check = fs.eval_readonly(fs.visible_mounts(debian_mounts()), fstab)
    assert check["status"] == "FAIL"
    assert check["value"] == 1
    assert "/data (fstab says defaults)" in check["detail"]
    root_ro = [{"device": "/dev/sda1", "mount": "/", "fstype": "ext4", "options": ["ro", "relatime"]}]
    assert fs.eval_readonly(root_ro, [])["status"] == "FAIL"
    ro_by_design = [
        {"device": "/dev/sr0", "mount": "/media/cdrom0", "fstype": "iso9660", "options": ["ro"]},
        {"device": "/dev/sdb1", "mount": "/archive", "fstype": "ext4", "options": ["ro"]},
    ]
    fstab_ro = [{"spec": "/dev/sdb1", "mount": "/archive", "fstype": "ext4", "options": ["ro", "nofail"]}]
    check = fs.eval_readonly(ro_by_design, fstab_ro)
    assert check["status"] == "PASS"
    assert "/media/cdrom0, /archive" in check["detail"]


def test_fstab_mounted() -> None:
    fstab = fs.parse_fstab((DEBIAN / "etc/fstab").read_text())
    check = fs.eval_fstab_mounted(fstab, debian_mounts())
    assert check["status"] == "FAIL"
    assert check["detail"] == "not mounted: /home"
    rocky = fs.eval_fstab_mounted(
        fs.parse_fstab((ROCKY / "etc/fstab").read_text()), fs.parse_mounts((ROCKY / "proc/self/mounts").read_text())
    )
    assert rocky["status"] == "PASS"
    assert rocky["detail"] == "all 4 fstab file systems mounted"
    assert fs.eval_fstab_mounted(None, [])["status"] == "INFO"
    assert fs.eval_fstab_mounted([], [])["status"] == "INFO"


@pytest.mark.parametrize("frsize", [0, 4096])
def test_statvfs_to_dict_falls_back_to_bsize(frsize: int) -> None:
    class Result:
        f_frsize = frsize
        f_bsize = 1024
        f_blocks, f_bfree, f_bavail, f_files, f_ffree = 10, 5, 4, 100, 50

    assert fs.statvfs_to_dict(Result())["frsize"] == (frsize or 1024)
