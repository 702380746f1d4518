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
    assert (conf.user, conf.group, conf.mode) == ("root", "root", 0o644)
    settings = [line for line in conf.content_string.splitlines() if line and not line.startswith("#")]
    assert settings == ["[Journal]", "Storage=persistent", "SystemMaxUse=1G", "MaxRetentionSec=180day"]
    # journald runs with the drop-in: restarted after it was written...
    journald = host.service("systemd-journald")
    assert journald.is_running
    started = host.check_output("systemctl show systemd-journald -p ActiveEnterTimestamp --timestamp=unix")
    assert int(started.split("@", 1)[1]) >= int(host.check_output("stat -c %%Y %s", conf.path))
    # ...it writes the persistent journal under /var/log/journal...
    assert "File path: /var/log/journal/" in host.check_output("journalctl --header --no-pager")
    # ...and took the size limit (the default here would be about 10% of the file system).
    opened = host.check_output(
        "journalctl -b -t systemd-journald -o cat --no-pager | grep 'System Journal (' | tail -n 1"
    )
    assert opened.startswith("System Journal (/var/log/journal/")
    assert ", max 1.0G," in opened


def test_motd_names_the_system(host: Host) -> None:
    assert host.file("/etc/motd").contains("网上信访信息系统")
