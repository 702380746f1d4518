"""healthops.inspect.system: CPU, memory, processes, systemd, system facts, packages, reboot, time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from ansible.module_utils.healthops.inspect import base as hi
from ansible.module_utils.healthops.inspect import system as sy
from healthops_testlib import FIXTURES_DIR

FIX = FIXTURES_DIR / "inspect"
DEBIAN = FIX / "hosts" / "debian12"
ROCKY = FIX / "hosts" / "rocky9"
TH = hi.resolve_thresholds(None)
NOW = 1714521600.0


def text(path: Path) -> str:
    return path.read_text()


# ---------------------------------------------------------------- CPU and memory


def test_proc_stat_and_iowait_between_two_samples() -> None:
    first = sy.parse_proc_stat(text(DEBIAN / "root/proc/stat"))
    second = sy.parse_proc_stat(text(DEBIAN / "root/proc/stat.2"))
    assert first["ncpu"] == 2
    assert first["btime"] == 1714400000
    assert first["cpu"][4] == 308
    # 40 jiffies passed (user 10, system 5, idle 11, iowait 10, softirq 3, ...), 10 of them iowait
    assert sy.iowait_percent(first["cpu"], second["cpu"]) == 25.0
    check = sy.eval_iowait(25.0, 0.2, TH)
    assert check["status"] == "WARN"
    assert check["detail"] == "sampled over 0.20 s"
    assert sy.iowait_percent(first["cpu"], first["cpu"]) is None
    assert sy.eval_iowait(None, 0.2, TH)["status"] == "ERROR"


def test_load_per_core() -> None:
    load = sy.parse_loadavg(text(DEBIAN / "root/proc/loadavg"))
    assert load == {"load1": 1.2, "load5": 1.05, "load15": 0.96, "running": 2, "tasks": 187}
    check = sy.eval_load(load, 2, TH)
    assert check["value"] == 0.48
    assert check["status"] == "PASS"
    assert sy.eval_load(load, 1, TH)["status"] == "WARN"
    assert sy.eval_load(dict(load, load15=6.0), 4, TH)["status"] == "FAIL"
    assert sy.eval_load(load, 0, TH)["status"] == "ERROR"
    assert sy.eval_cpu_count(4)["value"] == 4
    assert sy.eval_cpu_count(0)["status"] == "ERROR"


def test_memory_uses_memavailable() -> None:
    mem = sy.parse_meminfo(text(DEBIAN / "root/proc/meminfo"))
    used, swap = sy.eval_memory(mem, TH)
    assert used["id"] == "memory.used"
    assert used["value"] == 90.0
    assert used["status"] == "WARN"
    assert "(MemAvailable)" in used["detail"]
    assert swap["value"] == 20.0
    assert swap["status"] == "WARN"


def test_memory_without_memavailable_estimates() -> None:
    mem = sy.parse_meminfo(text(FIX / "proc/meminfo_rhel7_no_memavailable"))
    used, swap = sy.eval_memory(mem, TH)
    assert used["value"] == 55.0
    assert used["status"] == "PASS"
    assert "no MemAvailable" in used["detail"]
    assert swap["value"] == 50.0
    assert swap["status"] == "FAIL"


def test_no_swap_is_info_and_missing_total_is_error() -> None:
    _used, swap = sy.eval_memory({"MemTotal": 1024, "MemAvailable": 512, "SwapTotal": 0, "SwapFree": 0}, TH)
    assert swap["status"] == "INFO"
    assert swap["detail"] == "no swap configured"
    assert sy.eval_memory({}, TH)[0]["status"] == "ERROR"


def test_parse_meminfo_keeps_unitless_counters() -> None:
    mem = sy.parse_meminfo("MemTotal:  2 kB\nHugePages_Total:      7\n")
    assert mem == {"MemTotal": 2048, "HugePages_Total": 7}


# ---------------------------------------------------------------- processes


def procs(root: Path) -> list[dict]:
    result = []
    for pid_dir in sorted((root / "root/proc").iterdir()):
        if pid_dir.name.isdigit():
            proc = sy.parse_pid_stat((pid_dir / "stat").read_text())
            proc["cmdline"] = (pid_dir / "cmdline").read_text().replace("\0", " ").strip()
            result.append(proc)
    return result


def test_parse_pid_stat_with_spaces_and_parentheses_in_comm() -> None:
    parsed = sy.parse_pid_stat("950 (my app (v2)) S 1 950 950 0 -1 4194560")
    assert parsed == {"pid": 950, "comm": "my app (v2)", "state": "S", "ppid": 1}


def test_zombies_counted_with_their_parent() -> None:
    check = sy.eval_zombies(procs(DEBIAN), TH)
    assert check["value"] == 2
    assert check["status"] == "PASS"
    assert check["detail"] == "2 left by pid 700 (java)"
    many = [{"pid": i, "comm": "x", "state": "Z", "ppid": 1} for i in range(2, 60)]
    assert sy.eval_zombies(many, TH)["status"] == "FAIL"


def test_expected_processes_by_name_argv0_and_cmdline() -> None:
    checks = sy.eval_expected_processes(
        procs(DEBIAN), ["cron", "myapp", "cmdline:org.apache.catalina.startup.Bootstrap", "my app (v2)", "nginx"]
    )
    assert [c["status"] for c in checks] == ["PASS", "PASS", "PASS", "PASS", "FAIL"]
    assert checks[2]["id"] == "process.present:cmdline:org.apache.catalina.startup.Bootstrap"
    assert checks[2]["detail"] == "1 running (pid 700)"
    assert checks[4]["value"] == 0
    assert checks[4]["detail"] == "no matching process"


def test_process_name_longer_than_comm_matches_truncated_comm() -> None:
    proc = {"pid": 5, "comm": "ora_pmon_orclcd", "cmdline": ""}
    assert sy.process_matches("ora_pmon_orclcdb1", proc)
    assert not sy.process_matches("ora_pmon", proc)


def test_cron_detection() -> None:
    assert sy.eval_cron(procs(DEBIAN))["status"] == "PASS"
    assert sy.eval_cron(procs(ROCKY))["status"] == "WARN"  # crond failed on the RHEL fixture


def test_pid_use_and_open_files() -> None:
    assert sy.eval_pid_use(187, 4194304, TH)["value"] == 0.0
    assert sy.eval_pid_use(30000, 32768, TH)["status"] == "FAIL"
    assert sy.eval_pid_use(None, 32768, TH)["status"] == "ERROR"
    check = sy.eval_open_files(text(ROCKY / "root/proc/sys/fs/file-nr"), TH)
    assert check["value"] == 0.21
    assert check["status"] == "PASS"
    assert sy.eval_open_files("900\t0\t1000\n", TH)["status"] == "FAIL"
    huge = sy.eval_open_files(text(DEBIAN / "root/proc/sys/fs/file-nr"), TH)  # file-max of 2^63-1
    assert huge["value"] == 0.0
    assert huge["status"] == "PASS"


# ---------------------------------------------------------------- systemd


def test_services_from_systemctl_show() -> None:
    units = sy.parse_systemctl_show(text(ROCKY / "commands/systemctl_show.out"))
    assert [u["Id"] for u in units] == ["sshd.service", "chronyd.service", "crond.service"]
    checks = sy.eval_services(["sshd", "chronyd", "crond"], units)
    assert [(c["id"], c["status"]) for c in checks] == [
        ("service.active:sshd", "PASS"),
        ("service.active:chronyd", "PASS"),
        ("service.active:crond", "FAIL"),
    ]
    assert checks[2]["detail"] == "crond.service is failed (failed)"


def test_service_not_found_and_alias() -> None:
    units = sy.parse_systemctl_show(text(DEBIAN / "commands/systemctl_show.out"))
    checks = sy.eval_services(["sshd", "cron", "tomcat10"], units)
    assert checks[0]["detail"] == "ssh.service is active (running)"  # sshd is an alias of ssh on Debian
    assert checks[2]["status"] == "FAIL"
    assert checks[2]["value"] == "not-found"


def test_services_without_systemctl_are_errors() -> None:
    checks = sy.eval_services(["sshd"], None, "systemctl not installed")
    assert checks[0]["status"] == "ERROR"
    assert checks[0]["detail"] == "systemctl not installed"
    assert sy.eval_services(["a", "b"], [{"Id": "a.service", "ActiveState": "active"}])[1]["status"] == "ERROR"


@pytest.mark.parametrize(
    ("name", "units"),
    [
        ("rocky9/commands/systemctl_list-units.out", ["crond.service", "kdump.service"]),
        ("../cmd/systemctl_failed_plain.txt", ["mcelog.service", "var-lib-nfs.mount"]),
        ("../cmd/systemctl_failed_ascii.txt", ["kdump.service"]),
        ("debian12/commands/systemctl_list-units.out", []),
    ],
)
def test_parse_failed_units(name: str, units: list[str]) -> None:
    assert sy.parse_failed_units((FIX / "hosts" / name).read_text()) == units


def test_failed_units_graded() -> None:
    check = sy.eval_failed_units(["crond.service", "kdump.service"], TH)
    assert check["status"] == "FAIL"
    assert check["value"] == 2
    assert check["detail"] == "failed: crond.service, kdump.service"
    assert sy.eval_failed_units([], TH)["status"] == "PASS"
    assert sy.eval_failed_units(None, TH, "systemctl not installed")["status"] == "ERROR"


# ---------------------------------------------------------------- system facts


@pytest.mark.parametrize(
    ("release", "family"),
    [
        ('ID=debian\nVERSION_ID="12"\n', "debian"),
        ("ID=ubuntu\nID_LIKE=debian\n", "debian"),
        ('ID=uos\nID_LIKE="debian"\n', "debian"),
        ('ID="rocky"\nID_LIKE="rhel centos fedora"\n', "redhat"),
        ('ID="kylin"\nVERSION_ID="V10"\n', "redhat"),
        ('ID="openEuler"\nVERSION_ID="22.03"\n', "redhat"),
        ('ID="anolis"\nID_LIKE="rhel fedora centos"\n', "redhat"),
        ("ID=alpine\n", "unknown"),
    ],
)
def test_os_family(release: str, family: str) -> None:
    assert sy.os_family(sy.parse_os_release(release)) == family


def test_os_and_kernel_are_info() -> None:
    release = sy.parse_os_release(text(ROCKY / "root/etc/os-release"))
    check = sy.eval_os(release)
    assert check["status"] == "INFO"
    assert check["value"] == "Rocky Linux 9.3 (Blue Onyx)"
    assert check["detail"] == "ID=rocky VERSION_ID=9.3 family=redhat"
    assert sy.eval_os({})["status"] == "ERROR"
    assert sy.eval_kernel("6.1.0-18-amd64", "#1 SMP", "x86_64")["value"] == "6.1.0-18-amd64"


def test_uptime() -> None:
    check = sy.eval_uptime(text(DEBIAN / "root/proc/uptime"), TH)
    assert check["value"] == 136.0
    assert check["status"] == "PASS"
    assert check["detail"] == "up 136 d 0 h"
    assert sy.eval_uptime("40000000.0 1.0", TH)["status"] == "WARN"


def test_reboot_required_debian() -> None:
    check = sy.eval_reboot_required("debian", True, text(DEBIAN / "root/var/run/reboot-required.pkgs"))
    assert check["status"] == "WARN"
    assert check["detail"].endswith("(packages: libc6, linux-image-6.1.0-21-amd64)")
    assert sy.eval_reboot_required("debian", False)["status"] == "PASS"
    # no flag file (nothing on this host writes it) but a newer kernel installed
    newer = sy.eval_reboot_required("debian", False, "", None, "6.1.0-18-amd64", ["6.1.0-18-amd64", "6.1.0-21-amd64"])
    assert newer["status"] == "WARN"
    same = sy.eval_reboot_required("debian", False, "", None, "6.1.0-21-amd64", ["6.1.0-18-amd64", "6.1.0-21-amd64"])
    assert same["status"] == "PASS"
    assert same["detail"] == "running the newest installed kernel 6.1.0-21-amd64; /var/run/reboot-required absent"


def test_reboot_required_rhel() -> None:
    out = text(ROCKY / "commands/needs-restarting_-r.out")
    check = sy.eval_reboot_required("redhat", False, "", (1, out))
    assert check["status"] == "WARN"
    assert "Reboot is required" in check["detail"]
    assert sy.eval_reboot_required("redhat", False, "", (0, "No core libraries or services"))["status"] == "PASS"
    kernels = ["5.14.0-362.8.1.el9_3.x86_64", "5.14.0-362.24.1.el9_3.x86_64"]
    newer = sy.eval_reboot_required("redhat", False, "", None, "5.14.0-362.8.1.el9_3.x86_64", kernels)
    assert newer["status"] == "WARN"
    assert "newer kernel 5.14.0-362.24.1.el9_3.x86_64" in newer["detail"]
    same = sy.eval_reboot_required("redhat", False, "", None, "5.14.0-362.24.1.el9_3.x86_64", kernels)
    assert same["status"] == "PASS"
    assert sy.eval_reboot_required("redhat", False)["status"] == "INFO"


def test_version_key_orders_kernel_releases_numerically() -> None:
    assert sy.version_key("5.14.0-362.24.1.el9") > sy.version_key("5.14.0-362.8.1.el9")
    assert sy.version_key("6.1.0-21-amd64") > sy.version_key("6.1.0-9-amd64")


def test_last_package_change_dpkg_and_dnf() -> None:
    assert sy.last_package_change(text(DEBIAN / "root/var/log/dpkg.log"), "dpkg") == datetime(2024, 3, 15, 6, 25, 9)
    assert sy.last_package_change(text(ROCKY / "root/var/log/dnf.rpm.log"), "dnf") == datetime(2024, 4, 18, 2, 30, 45)
    assert sy.last_package_change("2024-04-20 10:00:00 remove tmux:amd64 3.3a-3 <none>\n", "dpkg") is None


def test_days_since_update() -> None:
    last = NOW - 200 * 86400
    check = sy.eval_days_since_update(last, "/var/log/dpkg.log", NOW, TH)
    assert check["value"] == 200.0
    assert check["status"] == "WARN"
    assert "(/var/log/dpkg.log)" in check["detail"]
    assert sy.eval_days_since_update(NOW - 400 * 86400, "x", NOW, TH)["status"] == "FAIL"
    assert sy.eval_days_since_update(None, "", NOW, TH)["status"] == "ERROR"


def test_core_dumps() -> None:
    check = sy.eval_core_dumps([("/var/crash/a.crash", NOW - 3 * 86400)], TH, NOW)
    assert check["status"] == "WARN"
    assert check["detail"] == "/var/crash/a.crash (3 d ago)"
    assert sy.eval_core_dumps([], TH, NOW)["status"] == "PASS"


# ---------------------------------------------------------------- time


def test_chronyc_synchronised() -> None:
    info = sy.parse_chronyc_tracking(text(ROCKY / "commands/chronyc_tracking.out"))
    assert info["synchronised"] is True
    assert info["stratum"] == 3
    assert info["ref_name"] == "10.30.0.53"
    assert info["offset"] == pytest.approx(-0.000123456)


def test_chronyc_unsynchronised() -> None:
    info = sy.parse_chronyc_tracking(text(FIX / "cmd/chronyc_tracking_unsynchronised.txt"))
    assert info["synchronised"] is False
    assert info["leap_status"] == "Not synchronised"
    sync, offset = sy.eval_time(dict(info, source="chronyc", detail="reference 00000000"), TH)
    assert sync["status"] == "FAIL"
    assert sync["detail"].startswith("not synchronised; chronyc: reference")
    assert offset["status"] == "PASS"
    assert offset["value"] == 0.0


def test_chronyc_large_offset_fails() -> None:
    info = sy.parse_chronyc_tracking(text(FIX / "cmd/chronyc_tracking_fast.txt"))
    sync, offset = sy.eval_time(dict(info, source="chronyc"), TH)
    assert sync["status"] == "PASS"
    assert offset["status"] == "FAIL"
    assert offset["value"] == 3.2145
    assert offset["detail"] == "chronyc: +3.214500 s"


def test_chronyc_daemon_down_output_is_not_synchronised() -> None:
    assert sy.parse_chronyc_tracking(text(FIX / "cmd/chronyc_506.txt"))["synchronised"] is False


def test_ntpq() -> None:
    info = sy.parse_ntpq_peers(text(FIX / "cmd/ntpq_pn.txt"))
    assert info == {"synchronised": True, "offset": pytest.approx(-0.61244), "peer": "10.30.0.53"}
    sync, offset = sy.eval_time(dict(info, source="ntpq"), TH)
    assert sync["status"] == "PASS"
    assert offset["status"] == "WARN"
    assert sy.parse_ntpq_peers(text(FIX / "cmd/ntpq_pn_unsynchronised.txt"))["synchronised"] is False


def test_timedatectl_has_no_offset() -> None:
    values = sy.parse_key_values(text(FIX / "cmd/timedatectl_show_unsynchronised.txt"))
    sync, offset = sy.eval_time({"source": "timedatectl", "synchronised": values["NTPSynchronized"] == "yes"}, TH)
    assert sync["status"] == "FAIL"
    assert offset["status"] == "INFO"
    assert offset["detail"] == "timedatectl does not report an offset"


def test_no_time_tool_is_error_with_the_reasons() -> None:
    why = ["chronyc: chronyc not installed", "ntpq: ntpq not installed", "timedatectl: System has not been booted"]
    sync, offset = sy.eval_time({"source": "", "errors": why}, TH)
    assert sync["status"] == offset["status"] == "ERROR"
    assert sync["detail"] == "no NTP client tool answered: " + "; ".join(why)


def test_earlier_tool_failures_are_kept_in_the_detail() -> None:
    sync, _ = sy.eval_time(
        {"source": "timedatectl", "synchronised": True, "detail": "NTP=yes", "errors": ["chronyc: 506 Cannot talk"]},
        TH,
    )
    assert sync["status"] == "PASS"
    assert "chronyc: 506 Cannot talk" in sync["detail"]


def test_timezone() -> None:
    assert sy.eval_timezone("Asia/Shanghai", "+0800", None)["status"] == "INFO"
    assert sy.eval_timezone("Asia/Shanghai", "+0800", "Asia/Shanghai")["status"] == "PASS"
    wrong = sy.eval_timezone("Etc/UTC", "+0000", "Asia/Shanghai")
    assert wrong["status"] == "WARN"
    assert wrong["detail"].startswith("expected Asia/Shanghai")
