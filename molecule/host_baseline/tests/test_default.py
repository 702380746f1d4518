"""host_baseline leaves the host as its defaults describe."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from testinfra.host import Host


def test_state_dir(host: Host) -> None:
    state = host.file("/var/lib/healthops")
    assert state.is_directory
    assert state.mode == 0o750


def test_timezone(host: Host) -> None:
    assert host.file("/etc/localtime").linked_to.endswith("Asia/Shanghai")
    assert host.check_output("date +%Z") == "CST"


def test_journald_dropin_active(host: Host) -> None:
    conf = host.file("/etc/systemd/journald.conf.d/50-healthops.conf")
    assert conf.contains("^MaxRetentionSec=180day$")
    assert host.service("systemd-journald").is_running
    # The restarted journald has taken the drop-in: the journal is persistent.
    assert host.file("/var/log/journal").is_directory


def test_motd_names_the_system(host: Host) -> None:
    assert host.file("/etc/motd").contains("网上信访信息系统")
