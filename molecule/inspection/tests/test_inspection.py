"""The inspection role probed the instance, kept its state and changed nothing on it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from testinfra.host import Host

EPHEMERAL = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"))


def checks(run: int = -1) -> dict[str, dict]:
    """The checks of one converge run (0: the first; -1: the last)."""
    runs = sorted(EPHEMERAL.glob("result-*.json"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    result = json.loads(runs[run].read_text(encoding="utf-8"))
    assert result["changed"] is False
    return {c["id"]: c for c in result["checks"]}


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


def test_state_kept_on_the_controller() -> None:
    (state_file,) = (EPHEMERAL / "state/inspection").glob("*.json")
    state = json.loads(state_file.read_text(encoding="utf-8"))
    assert state, "empty state"


def test_the_host_is_unchanged(host: Host) -> None:
    # The probe is read-only: it leaves no file behind on the host.
    assert not host.file("/var/lib/healthops/inspection").exists
    assert host.file("/var/log/app.log").size > 0
