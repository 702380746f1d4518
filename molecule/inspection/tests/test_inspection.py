"""The inspection role probed the instance, kept its state and changed nothing on it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from testinfra.host import Host

EPHEMERAL = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"))
SCENARIO = Path(__file__).resolve().parent.parent
SNAPSHOT_TASK = "Prepare | Take the host's snapshot before the inspection"


def result(run: int = -1) -> dict:
    """The registered result of one converge run (0: the first; -1: the last)."""
    runs = sorted(EPHEMERAL.glob("result-*.json"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert len(runs) == 2, f"converge and idempotence should have saved two results, found {runs}"
    found = json.loads(runs[run].read_text(encoding="utf-8"))
    assert found["changed"] is False
    return found


def checks(run: int = -1) -> dict[str, dict]:
    return {c["id"]: c for c in result(run)["checks"]}


def test_the_probe_returned_every_check() -> None:
    found = checks()
    assert len(found) >= 30
    assert found["service.active:ssh"]["status"] == "PASS"
    assert found["net.listen:tcp/22"]["status"] == "PASS"
    assert found["fs.space:/data"]["status"] == "PASS"


def log_check(found: dict[str, dict]) -> dict:
    return next(c for i, c in found.items() if i.startswith("log.errors:/var/log/app.log"))


def test_the_log_error_was_found_once() -> None:
    first = log_check(checks(0))
    assert first["status"] in ("WARN", "FAIL")
    assert "ORA-01555" in first["detail"]
    # The next run reads only what was written since: nothing new.
    assert log_check(checks(-1))["status"] == "PASS"


def test_state_kept_on_the_controller(host: Host) -> None:
    files = list((EPHEMERAL / "state/inspection").glob("*.json"))
    assert [f.name for f in files] == ["inspection-host.json"]
    state = json.loads(files[0].read_text(encoding="utf-8"))
    # The file is the last run's state, which the next run gets as previous_state.
    assert state == result(-1)["state"]
    assert state["boot_id"] == host.file("/proc/sys/kernel/random/boot_id").content_string.strip()
    # The log position is the end of the log, so the ORA- line is not reported again...
    app_log = host.file("/var/log/app.log")
    assert state["logs"]["/var/log/app.log"]["offset"] == app_log.size
    assert state["logs"]["/var/log/app.log"]["inode"] == int(host.check_output("stat -c %i /var/log/app.log"))
    # ...and each watched file system's sample is there for the growth forecast.
    assert {"/data", "/"} <= set(state["fs"])


def snapshot_command() -> str:
    tasks = yaml.safe_load((SCENARIO / "prepare.yml").read_text(encoding="utf-8"))[0]["tasks"]
    return next(t for t in tasks if t["name"] == SNAPSHOT_TASK)["ansible.builtin.shell"]["cmd"]


def test_the_host_is_unchanged(host: Host) -> None:
    # The probe is read-only: every file under /etc and /usr/local, the packages and the
    # enabled units are as prepare found them before the first converge.
    before = (EPHEMERAL / "snapshot-inspection-host.txt").read_text(encoding="utf-8").splitlines()
    after = host.check_output("bash -c %s", snapshot_command()).splitlines()
    assert len(before) > 200, "the snapshot is too small to mean anything"
    assert sorted(set(after) ^ set(before)) == []
    # No state of its own is left on the host either.
    assert not host.file("/var/lib/healthops/inspection").exists
    assert not host.file("/var/lib/healthops").exists
