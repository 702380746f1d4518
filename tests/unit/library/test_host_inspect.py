"""library/host_inspect.py: the whole inspection on recorded Debian 12 and Rocky 9 hosts, and main() on this machine.

The recorded hosts are directory trees (tests/unit/fixtures/inspect/hosts/<host>/root) read through the module's
own HostIO with ``root`` pointed at them; commands, statvfs, /dev/kmsg, the clock and name lookups come from the
host's commands/ directory and meta.json.
"""

from __future__ import annotations

import json
import re
from collections import Counter, namedtuple
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible.module_utils.healthops.common.result import STATUSES, validate_check
from ansible.module_utils.healthops.inspect import base as hi
from ansible.module_utils.healthops.inspect.hostio import CmdResult, HostIO
from ansible.module_utils.testing import patch_module_args
from healthops_testlib import load_library_module, module_documentation

host_inspect = load_library_module("host_inspect")

HOSTS = Path(__file__).resolve().parents[1] / "fixtures" / "inspect" / "hosts"
Uname = namedtuple("Uname", "release version machine")


class FakeIO(HostIO):
    """HostIO over a recorded host; records every command it is asked to run."""

    def __init__(
        self,
        name: str,
        overrides: dict[str, str] | None = None,
        now: float | None = None,
        commands: dict[str, tuple[int, str]] | None = None,
    ) -> None:
        super().__init__(root=str(HOSTS / name / "root"))
        self.dir = HOSTS / name
        self.meta = json.loads((self.dir / "meta.json").read_text())
        self.overrides = overrides or {}
        self.clock = now if now is not None else self.meta["now"]
        self.calls: list[list[str]] = []
        self.slept: list[float] = []
        self.stat_reads = 0
        self.missing: set[str] = set()
        self.commands = commands or {}  # "argv0 argv1" -> (rc, output), before the recorded files

    def read(self, path: str) -> str:
        if path in self.overrides:
            return self.overrides[path]
        if path == "/proc/stat":
            self.stat_reads += 1
            if self.stat_reads > 1:
                path = "/proc/stat.2"
        return super().read(path)

    def _command_file(self, argv: list[str]) -> Path | None:
        for arg in argv[1:3]:
            candidate = self.dir / "commands" / f"{argv[0]}_{arg}.out"
            if candidate.exists():
                return candidate
        return None

    def which(self, name: str) -> str | None:
        if name in self.missing:
            return None
        known = any(key.split()[0] == name for key in self.commands)
        return "/usr/bin/" + name if known or list((self.dir / "commands").glob(name + "_*.out")) else None

    def run(self, argv: list[str], timeout: float) -> Any:
        self.calls.append(list(argv))
        for arg in argv[1:3]:
            if f"{argv[0]} {arg}" in self.commands:
                rc, out = self.commands[f"{argv[0]} {arg}"]
                return CmdResult(rc, out, "", "")
        found = None if argv[0] in self.missing else self._command_file(argv)
        if found is None:
            return CmdResult(None, "", "", f"{argv[0]} not installed")
        rc_file = found.with_suffix(".rc")
        rc = int(rc_file.read_text()) if rc_file.exists() else 0
        return CmdResult(rc, found.read_text(), "", "")

    def isdir(self, path: str) -> bool:
        # Recorded mount points are directories; anything else as it is in the recorded tree.
        return path in self.meta["statvfs"] or super().isdir(path)

    def statvfs(self, path: str, timeout: float | None = None) -> dict[str, int]:
        value = self.meta["statvfs"].get(path)
        if value == "hang":
            assert timeout, "a network file system must be asked with a timeout"
            raise TimeoutError(f"statvfs did not return within {timeout} s (hung network file system?)")
        if value is None:
            raise FileNotFoundError(2, "No such file or directory")
        return dict(value)

    def kmsg(self) -> list[str]:
        path = Path(self.path("/dev/kmsg"))
        if not path.exists():
            raise PermissionError(1, "Operation not permitted")
        records: list[str] = []
        for line in path.read_text().splitlines(keepends=True):
            if line.startswith(" ") and records:
                records[-1] += line
            else:
                records.append(line)
        return records

    def now(self) -> float:
        return self.clock

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    def uname(self) -> Uname:
        return Uname(**self.meta["uname"])

    def hostname(self) -> str:
        return self.meta["hostname"]

    def resolve(self, name: str, timeout: float) -> tuple[list[str], str, str]:
        return self.meta["addresses"], self.meta["canonical"], ""

    def iface_ipv4(self, iface: str) -> str | None:
        return self.meta["ipv4"].get(iface)

    def socket_owners(self, inodes: set[int]) -> dict[int, str]:
        return {i: self.meta["owners"][str(i)] for i in inodes if str(i) in self.meta["owners"]}

    def own_pid(self) -> int:
        return 4_000_000

    def timezone(self) -> tuple[str, str]:
        return tuple(self.meta["timezone"])  # type: ignore[return-value]


def params(**extra: Any) -> dict[str, Any]:
    values = {key: spec.get("default") for key, spec in host_inspect.argument_spec().items()}
    values.update(extra)
    return values


DEBIAN_ARGS = {
    "expected_services": ["sshd", "cron", "tomcat10"],
    "expected_processes": ["cron", "cmdline:org.apache.catalina.startup.Bootstrap", "nginx"],
    "expected_ports": [22, 5432, "tcp/443"],
    "allowed_ports": ["tcp/2024", "udp/5353"],
    "expected_timezone": "Asia/Shanghai",
}
ROCKY_ARGS = {
    "expected_services": ["sshd", "chronyd", "crond"],
    "expected_processes": ["ora_pmon_orcl", "tnslsnr"],
    "expected_ports": [22, "tcp/1521"],
    "allowed_ports": ["udp/323"],
}


def by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    ids = [c["id"] for c in result["checks"]]
    assert len(ids) == len(set(ids)), "duplicate check ids"
    return {c["id"]: c for c in result["checks"]}


def assert_well_formed(result: dict[str, Any]) -> None:
    for check in result["checks"]:
        assert validate_check(check) == [], check
        assert hi.check_base(check["id"]) in hi.CHECKS, check["id"]
    json.dumps(result)  # what goes back to the controller must serialise


def test_debian_problem_host() -> None:
    io = FakeIO("debian12")
    result = host_inspect.inspect(params(**DEBIAN_ARGS), io)
    assert_well_formed(result)
    checks = by_id(result)
    status = {cid: c["status"] for cid, c in checks.items()}
    assert len(checks) >= 30
    expected = {
        "cpu.iowait": "WARN",  # 25 % between the two recorded samples
        "memory.used": "WARN",
        "memory.swap_used": "WARN",
        "fs.space:/": "WARN",
        "fs.space:/tmp": "INFO",  # 0-byte tmpfs
        "fs.inodes:/boot/efi": "INFO",  # vfat, no inode table
        "fs.space:/mnt/backup": "ERROR",  # hung NFS
        "fs.readonly": "FAIL",  # /data remounted read-only
        "fs.fstab_mounted": "FAIL",  # /home
        "service.active:sshd": "PASS",
        "service.active:tomcat10": "FAIL",
        "service.failed_units": "PASS",
        "service.cron": "PASS",
        "process.present:cmdline:org.apache.catalina.startup.Bootstrap": "PASS",
        "process.present:nginx": "FAIL",
        "process.zombies": "PASS",
        "kernel.log_errors": "WARN",
        "system.reboot_required": "WARN",
        "system.core_dumps": "WARN",
        "system.days_since_update": "PASS",
        "time.ntp_sync": "PASS",  # from timedatectl: no chronyc or ntpq here
        "time.clock_offset": "INFO",
        "time.timezone": "PASS",
        "net.listen:tcp/22": "PASS",
        "net.listen:tcp/5432": "PASS",
        "net.listen:tcp/443": "FAIL",
        "net.unexpected_listeners": "WARN",
        "net.hostname": "PASS",
        "security.uid0_accounts": "FAIL",
        "security.empty_passwords": "FAIL",
        "security.password_age": "FAIL",
        "security.mac": "INFO",
        "security.firewall": "INFO",  # no firewall unit, nft or iptables-save on this host
    }
    assert {k: status.get(k) for k in expected} == expected
    assert checks["security.firewall"]["value"] == "none"
    assert "fs.space:/run/user/1000" not in checks
    assert "fs.space:/srv/www files" not in checks
    assert "backup.age" not in checks  # no status file, none expected
    assert checks["net.unexpected_listeners"]["detail"] == "not expected or allowed: tcp/111, tcp/8080, udp/111"
    assert checks["system.days_since_update"]["value"] == 46.7
    assert checks["time.ntp_sync"]["detail"].startswith("timedatectl: NTP=yes NTPSynchronized=yes [chronyc: chronyc")
    assert io.slept == [0.2]
    host = dict(result["host"])
    assert host.pop("time").startswith("2024-05-01T")
    assert host == {
        "hostname": "app01",
        "fqdn": "app01.app.example.org",
        "primary_ip": "10.20.1.11",
        "os": "Debian GNU/Linux 12 (bookworm)",
        "os_family": "debian",
        "kernel": "6.1.0-18-amd64",
        "architecture": "x86_64",
        "cpu_count": 2,
        "boot_id": "7c1d0f3e-5b9a-4c55-9a43-2f8a1b6c0d11",
    }
    counts = Counter(c["status"] for c in result["checks"])
    assert result["summary"] == {s: counts.get(s, 0) for s in STATUSES}


def test_debian_state_for_the_next_run() -> None:
    result = host_inspect.inspect(params(**DEBIAN_ARGS), FakeIO("debian12"))
    state = result["state"]
    assert state["version"] == 1
    assert state["boot_id"] == "7c1d0f3e-5b9a-4c55-9a43-2f8a1b6c0d11"
    assert set(state["fs"]) == {"/run", "/", "/dev/shm", "/tmp", "/boot", "/var", "/data", "/boot/efi"}
    assert state["fs"]["/var"] == {"used": 1_000_000 * 4096, "time": 1714521600.0}
    assert state["kernel_log"] == {"source": "kmsg", "boot_id": state["boot_id"], "seq": 5123}
    assert "eth0" in state["interfaces"]
    assert "lo" not in state["interfaces"]


def test_rocky_host_uses_rhel_tools() -> None:
    io = FakeIO("rocky9")
    result = host_inspect.inspect(params(**ROCKY_ARGS), io)
    assert_well_formed(result)
    checks = by_id(result)
    status = {cid: c["status"] for cid, c in checks.items()}
    expected = {
        "cpu.iowait": "PASS",
        "memory.used": "PASS",
        "service.active:crond": "FAIL",
        "service.failed_units": "FAIL",
        "service.cron": "WARN",
        "process.present:ora_pmon_orcl": "PASS",
        "kernel.log_errors": "WARN",  # from journalctl: no readable /dev/kmsg
        "system.reboot_required": "WARN",  # needs-restarting -r exits 1
        "system.days_since_update": "PASS",
        "time.ntp_sync": "PASS",
        "time.clock_offset": "PASS",
        "net.listen:tcp/1521": "PASS",
        "net.unexpected_listeners": "WARN",
        "net.interface_errors": "INFO",
        "security.password_age": "WARN",
        "security.uid0_accounts": "PASS",
        "security.mac": "INFO",
        "backup.last_run": "PASS",
        "backup.age": "PASS",
    }
    assert {k: status.get(k) for k in expected} == expected
    assert checks["security.mac"]["value"] == "SELinux enforcing"
    # /etc/rocky-release (python-distro's recorded rocky9 file) gives the full version
    assert checks["system.os"]["detail"] == "ID=rocky VERSION_ID=9.3 family=redhat version=9.3"
    assert checks["system.days_since_update"]["detail"].endswith("(/var/log/dnf.rpm.log)")
    assert (
        checks["net.unexpected_listeners"]["detail"]
        == "not expected or allowed: tcp/111 (2300/rpcbind), udp/111 (2300/rpcbind)"
    )
    assert checks["kernel.log_errors"]["detail"].endswith(
        "/dev/kmsg: Operation not permitted (used journalctl); 5 new message(s) from journalctl -k"
    )
    assert [c for c in checks if c.startswith("fs.space:")] == [
        "fs.space:/dev/shm",
        "fs.space:/run",
        "fs.space:/",
        "fs.space:/boot",
        "fs.space:/u01",
        "fs.space:/home",
    ]
    assert result["state"]["kernel_log"]["source"] == "journal"
    assert result["host"]["os_family"] == "redhat"
    assert result["host"]["primary_ip"] == "10.30.20.11"


def test_one_command_per_concern() -> None:
    io = FakeIO("rocky9")
    host_inspect.inspect(params(**ROCKY_ARGS), io)
    assert Counter(call[0] for call in io.calls) == {
        "systemctl": 3,  # expected units, failed units, the firewall managers' units
        "chronyc": 1,
        "needs-restarting": 1,
        "journalctl": 1,
        "nft": 1,  # firewalld is not running here, so the rule sets are read
        "iptables-save": 1,
    }
    show = next(c for c in io.calls if c[:2] == ["systemctl", "show"])
    assert show[-4:] == ["--", "sshd", "chronyd", "crond"]
    journal = next(c for c in io.calls if c[0] == "journalctl")
    assert journal[-1] == "-b"  # first run: this boot


def test_second_run_compares_with_the_first() -> None:
    first = host_inspect.inspect(params(**ROCKY_ARGS), FakeIO("rocky9"))
    later = first["state"]["time"] + 2 * 86400
    dev = (HOSTS / "rocky9/root/proc/net/dev").read_text().replace("   12  310 ", "   19  315 ")
    io = FakeIO("rocky9", overrides={"/proc/net/dev": dev}, now=later)
    io.meta["statvfs"]["/u01"]["bfree"] -= 5 * 1024**3 // 4096 * 2  # 10 GiB more in 2 days
    io.meta["statvfs"]["/u01"]["bavail"] -= 5 * 1024**3 // 4096 * 2
    io.meta["statvfs"]["/home"]["bfree"] += 1000  # shrinking
    io.meta["statvfs"]["/home"]["bavail"] += 1000
    second = host_inspect.inspect(params(previous_state=first["state"], **ROCKY_ARGS), io)
    checks = by_id(second)
    assert checks["net.interface_errors"]["status"] == "WARN"
    assert checks["net.interface_errors"]["value"] == 7
    assert checks["net.interface_drops"]["status"] == "PASS"
    assert checks["net.interface_drops"]["value"] == 5
    assert checks["fs.days_to_full:/u01"]["value"] == 14.0
    assert checks["fs.days_to_full:/u01"]["status"] == "WARN"
    assert checks["fs.days_to_full:/home"]["status"] == "PASS"
    assert checks["fs.days_to_full:/home"]["value"] is None
    assert checks["fs.days_to_full:/"]["status"] == "PASS"  # unchanged: not growing
    journal = next(c for c in io.calls if c[0] == "journalctl")
    assert journal[-2:] == ["--after-cursor", first["state"]["kernel_log"]["cursor"]]


def test_reboot_or_other_version_state_is_a_fresh_baseline() -> None:
    first = host_inspect.inspect(params(**ROCKY_ARGS), FakeIO("rocky9"))
    foreign = dict(first["state"], version=99)
    checks = by_id(host_inspect.inspect(params(previous_state=foreign, **ROCKY_ARGS), FakeIO("rocky9", now=2e9)))
    assert checks["fs.days_to_full:/u01"]["status"] == "INFO"
    rebooted = dict(first["state"], boot_id="another-boot")
    checks = by_id(host_inspect.inspect(params(previous_state=rebooted, **ROCKY_ARGS), FakeIO("rocky9", now=2e9)))
    assert checks["net.interface_errors"]["status"] == "INFO"
    assert "since boot" in checks["net.interface_errors"]["detail"]


def test_missing_systemctl_and_chronyc_give_errors_not_tracebacks() -> None:
    io = FakeIO("rocky9")
    io.missing = {"systemctl", "chronyc", "needs-restarting"}
    checks = by_id(host_inspect.inspect(params(**ROCKY_ARGS), io))
    assert checks["service.active:sshd"]["status"] == "ERROR"
    assert checks["service.active:sshd"]["detail"] == "systemctl not installed"
    assert checks["service.failed_units"]["status"] == "ERROR"
    assert checks["time.ntp_sync"]["status"] == "ERROR"
    assert checks["time.ntp_sync"]["detail"].startswith("no NTP client tool answered: chronyc: chronyc not installed;")
    # without needs-restarting the newer kernel in /lib/modules tells
    assert checks["system.reboot_required"]["status"] == "WARN"
    assert "newer kernel 5.14.0-362.24.1.el9_3.x86_64 installed" in checks["system.reboot_required"]["detail"]


def test_host_without_systemd() -> None:
    io = FakeIO("rocky9", overrides={"/proc/1/comm": "init\n"})
    io.isdir = lambda path: path != "/run/systemd/system" and Path(io.path(path)).is_dir()  # type: ignore[method-assign]
    checks = by_id(host_inspect.inspect(params(**ROCKY_ARGS), io))
    assert checks["service.active:sshd"]["status"] == "ERROR"
    assert checks["service.active:sshd"]["detail"] == "cannot check: systemd is not running (PID 1 is init)"
    assert checks["service.failed_units"]["status"] == "INFO"
    assert not any(c[0] == "systemctl" for c in io.calls)


def test_skip_checks_also_skips_the_gathering() -> None:
    io = FakeIO("rocky9")
    result = host_inspect.inspect(
        params(
            skip_checks=[
                "time.ntp_sync",
                "time.clock_offset",
                "service",
                "cpu.iowait",
                "fs.*:/boot",
                "kernel.log_errors",
                "security.firewall",
            ],
            **ROCKY_ARGS,
        ),
        io,
    )
    ids = set(by_id(result))
    assert "time.timezone" in ids
    assert "time.ntp_sync" not in ids
    assert not any(i.startswith("service.") for i in ids)
    assert "fs.space:/boot" not in ids
    assert "fs.space:/u01" in ids
    assert io.calls == [["needs-restarting", "-r"]]
    assert io.slept == []


def test_a_broken_source_costs_only_its_own_checks() -> None:
    io = FakeIO("rocky9", overrides={"/proc/loadavg": "garbage\n"})
    checks = by_id(host_inspect.inspect(params(**ROCKY_ARGS), io))
    assert checks["cpu.load_per_core"]["status"] == "ERROR"
    assert checks["cpu.load_per_core"]["detail"].startswith("inspection error: IndexError")
    assert checks["memory.used"]["status"] == "PASS"


FIREWALL_UNITS_KEY = "systemctl --property=Id,LoadState,ActiveState,UnitFileState"
FIREWALLD_AND_IPTABLES = (
    "Id=firewalld.service\nLoadState=loaded\nActiveState=active\nUnitFileState=enabled\n\n"
    "Id=iptables.service\nLoadState=loaded\nActiveState=inactive\nUnitFileState=enabled\n"
)


def test_firewall_check_and_its_option() -> None:
    io = FakeIO("rocky9", commands={FIREWALL_UNITS_KEY: (0, FIREWALLD_AND_IPTABLES)})
    check = by_id(host_inspect.inspect(params(**ROCKY_ARGS), io))["security.firewall"]
    assert (check["status"], check["value"]) == ("WARN", "firewalld+iptables")
    assert not any(c[0] in ("nft", "iptables-save") for c in io.calls)  # firewalld runs: no rule set read
    # no firewall on the recorded host: INFO, or WARN when the option asks for one
    assert by_id(host_inspect.inspect(params(), FakeIO("rocky9")))["security.firewall"]["status"] == "INFO"
    required = by_id(host_inspect.inspect(params(firewall_required=True), FakeIO("rocky9")))["security.firewall"]
    assert (required["status"], required["threshold"]) == ("WARN", "active")


def test_log_files_with_glob_and_state(tmp_path: Path) -> None:
    (tmp_path / "trace").mkdir()
    alert = tmp_path / "trace" / "alert_ORCL.log"
    alert.write_text("ORA-00600: internal error\nCompleted: ALTER DATABASE OPEN\n")
    args = dict(
        ROCKY_ARGS,
        log_files=[
            {
                "path": str(tmp_path / "trace" / "alert_*.log"),
                "patterns": None,
                "max_lines": 20,
                "max_bytes": 1000,
                "warn": None,
                "fail": None,
            },
            {
                "path": str(tmp_path / "missing.log"),
                "patterns": ["x"],
                "max_lines": 20,
                "max_bytes": 1000,
                "warn": None,
                "fail": None,
            },
            {
                "path": str(tmp_path / "none_*.log"),
                "patterns": None,
                "max_lines": 20,
                "max_bytes": 1000,
                "warn": None,
                "fail": None,
            },
        ],
    )
    first = host_inspect.inspect(params(**args), FakeIO("rocky9"))
    checks = by_id(first)
    assert checks["log.errors:" + str(alert)]["status"] == "WARN"
    assert checks["log.errors:" + str(tmp_path / "missing.log")]["status"] == "ERROR"
    assert checks["log.errors:" + str(tmp_path / "none_*.log")]["detail"].startswith("no file matches")
    assert set(first["state"]["logs"]) == {str(alert)}
    second = host_inspect.inspect(params(previous_state=first["state"], **args), FakeIO("rocky9"))
    assert by_id(second)["log.errors:" + str(alert)]["status"] == "PASS"


def test_backup_status_file_configured_but_absent_fails() -> None:
    checks = by_id(host_inspect.inspect(params(backup_status_file="/srv/none/status.json"), FakeIO("debian12")))
    assert checks["backup.last_run"]["status"] == "FAIL"
    assert checks["backup.age"]["status"] == "FAIL"
    expected = by_id(host_inspect.inspect(params(backup_expected=True), FakeIO("debian12")))
    assert expected["backup.age"]["status"] == "FAIL"


# ---------------------------------------------------------------- main() on this machine


def run_main(capsys: pytest.CaptureFixture[str], args: dict[str, Any]) -> dict[str, Any]:
    with patch_module_args(args), pytest.raises(SystemExit) as caught:
        host_inspect.main()
    result = json.loads(capsys.readouterr().out)
    assert (caught.value.code != 0) == bool(result.get("failed")), result
    return result


# The host name lookup is left out: it must not reach a resolver beyond this machine in a unit test.
LOCAL_ARGS = {"skip_checks": ["net.hostname"], "iowait_interval": 0.05, "command_timeout": 5}


def test_main_on_this_machine(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, dict(LOCAL_ARGS))
    assert result["changed"] is False
    assert not result.get("failed")
    assert len(result["checks"]) >= 30
    assert all(c["status"] in STATUSES and validate_check(c) == [] for c in result["checks"])
    ids = {c["id"] for c in result["checks"]}
    for base in ("cpu.load_per_core", "memory.used", "fs.space:/", "kernel.open_files", "security.uid0_accounts"):
        assert base in ids
    assert "net.hostname" not in ids
    assert result["state"]["version"] == 1
    assert "/" in result["state"]["fs"]
    assert set(result["summary"]) == set(STATUSES)
    assert sum(result["summary"].values()) == len(result["checks"])
    assert result["host"]["hostname"]


def test_main_in_check_mode_behaves_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    normal = run_main(capsys, dict(LOCAL_ARGS))
    checked = run_main(capsys, dict(LOCAL_ARGS, _ansible_check_mode=True))
    assert checked["changed"] is False
    assert not checked.get("failed")
    assert [c["id"] for c in checked["checks"]] == [c["id"] for c in normal["checks"]]


def test_main_refuses_bad_thresholds_naming_the_key(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, {"thresholds": {"fs_space": {"warn": 95, "fail": 90}}, "expected_ports": ["tcp/99999"]})
    assert result["failed"] is True
    assert "thresholds.fs_space: warn (95) must not be above fail (90)" in result["msg"]
    assert "expected_ports[0]: 'tcp/99999': port must be 1..65535" in result["msg"]


def test_documentation_matches_the_argument_spec() -> None:
    doc = module_documentation("host_inspect")
    spec = host_inspect.argument_spec()
    assert set(doc["options"]) == set(spec) == set(hi.OPTION_DEFAULTS)
    for name, option in spec.items():
        documented = doc["options"][name]
        for key in ("type", "elements", "default"):
            assert documented.get(key) == option.get(key), (name, key)
        for sub, sub_option in (option.get("options") or {}).items():
            for key in ("type", "elements", "default", "required"):
                assert documented["suboptions"][sub].get(key) == sub_option.get(key), (name, sub, key)
    for base in hi.CHECKS:
        assert base in doc["description"][4], base  # every check id is listed
    yaml.safe_load(host_inspect.EXAMPLES)
    assert {"checks", "state", "host", "summary", "elapsed"} <= set(yaml.safe_load(host_inspect.RETURN))


CMD = HOSTS.parent / "cmd"


def test_chrony_daemon_down_falls_back_to_ntpq() -> None:
    io = FakeIO(
        "rocky9",
        commands={
            "chronyc tracking": (1, (CMD / "chronyc_506.txt").read_text()),
            "ntpq -pn": (0, (CMD / "ntpq_pn.txt").read_text()),
        },
    )
    checks = by_id(host_inspect.inspect(params(**ROCKY_ARGS), io))
    assert checks["time.ntp_sync"]["status"] == "PASS"
    assert checks["time.ntp_sync"]["detail"] == "ntpq: system peer 10.30.0.53 [chronyc: 506 Cannot talk to daemon]"
    assert checks["time.clock_offset"]["status"] == "WARN"
    assert checks["time.clock_offset"]["value"] == 0.61244


def test_unsynchronised_chrony_fails_without_asking_other_tools() -> None:
    unsynced = (CMD / "chronyc_tracking_unsynchronised.txt").read_text()
    io = FakeIO("rocky9", commands={"chronyc tracking": (0, unsynced)})
    checks = by_id(host_inspect.inspect(params(**ROCKY_ARGS), io))
    assert checks["time.ntp_sync"]["status"] == "FAIL"
    assert checks["time.ntp_sync"]["detail"].startswith("not synchronised; chronyc: reference 00000000")
    assert [c[0] for c in io.calls if c[0] in ("chronyc", "ntpq", "timedatectl")] == ["chronyc"]


def test_timedatectl_unsynchronised_after_missing_chronyc() -> None:
    io = FakeIO("rocky9", commands={"timedatectl show": (0, (CMD / "timedatectl_show_unsynchronised.txt").read_text())})
    io.missing = {"chronyc"}
    checks = by_id(host_inspect.inspect(params(**ROCKY_ARGS), io))
    assert checks["time.ntp_sync"]["status"] == "FAIL"
    assert "chronyc: chronyc not installed; ntpq: ntpq not installed" in checks["time.ntp_sync"]["detail"]
    assert checks["time.clock_offset"]["status"] == "INFO"


def test_kernel_log_can_be_turned_off() -> None:
    io = FakeIO("rocky9")
    first = host_inspect.inspect(params(**ROCKY_ARGS), FakeIO("rocky9"))
    result = host_inspect.inspect(params(kernel_log=False, previous_state=first["state"], **ROCKY_ARGS), io)
    assert "kernel.log_errors" not in by_id(result)
    assert not any(c[0] == "journalctl" for c in io.calls)
    assert result["state"]["kernel_log"] == first["state"]["kernel_log"]  # position kept for later runs


def test_hung_network_mount_keeps_its_previous_sample() -> None:
    prev = {
        "version": 1,
        "time": 1714000000.0,
        "boot_id": "x",
        "fs": {"/mnt/backup": {"used": 5, "time": 1714000000.0}},
    }
    result = host_inspect.inspect(params(previous_state=prev), FakeIO("debian12"))
    check = by_id(result)["fs.space:/mnt/backup"]
    assert check["status"] == "ERROR"
    assert check["detail"] == (
        "/mnt/backup (nfs4 on backup01:/export/backup): statvfs did not return within 10 s (hung network file system?)"
    )
    assert result["state"]["fs"]["/mnt/backup"] == {"used": 5, "time": 1714000000.0}


def test_without_the_name_lookup_fqdn_is_the_host_name() -> None:
    result = host_inspect.inspect(params(skip_checks=["net.hostname"]), FakeIO("rocky9"))
    assert result["host"]["fqdn"] == "db01"
    assert "net.hostname" not in by_id(result)


def test_bind_mounted_files_are_not_file_systems() -> None:
    # Containers bind-mount /etc/resolv.conf and /etc/hosts from the host's disk.
    mounts = (HOSTS / "debian12/root/proc/self/mounts").read_text()
    io = FakeIO("debian12", overrides={"/proc/self/mounts": mounts + "/dev/vdb /etc/resolv.conf ext4 rw 0 0\n"})
    result = host_inspect.inspect(params(**DEBIAN_ARGS), io)
    ids = {c["id"] for c in result["checks"]}
    assert "fs.space:/" in ids
    assert not any(i.endswith(":/etc/resolv.conf") for i in ids)


@pytest.mark.parametrize(("host", "args"), [("debian12", DEBIAN_ARGS), ("rocky9", ROCKY_ARGS)])
def test_the_zh_record_of_a_recorded_host_says_each_finding_in_chinese(host: str, args: dict[str, Any]) -> None:
    """Every WARN/FAIL/ERROR of the recorded hosts gets a Chinese recommendation and 说明 in the report."""
    from ansible.module_utils.healthops.report.model import build_report

    result = host_inspect.inspect(params(**args), FakeIO(host))
    report = build_report([{"host": host, "checks": result["checks"]}], {"run_id": "r1"})
    findings = [c for c in report["hosts"][0]["checks"] if c["status"] in ("WARN", "FAIL", "ERROR")]
    assert findings, "the recorded host has findings to read"
    han = re.compile(r"[\u4e00-\u9fff]")
    english = [(c["id"], c["detail"]) for c in findings if not han.search(c.get("detail_zh") or "")]
    assert english == []
    assert all(han.search(c["recommendation_zh"]) for c in findings)
    # Every other line too: what stays as it is are values (kernel version, os-release, an offset).
    words = re.compile(r"(?<![=\w])[a-z]{2,} [a-z]{2,}\b(?!=)")
    prose = [
        (c["id"], c["detail"])
        for c in report["hosts"][0]["checks"]
        if not c.get("detail_zh") and words.search(c["detail"])
    ]
    assert prose == []
