"""The platform registry: one module per platform, and the SSH transport reads only its entries."""

from __future__ import annotations

import importlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.switch import transport as t
from ansible.module_utils.healthops.switch.platforms import registry
from ansible.module_utils.healthops.switch.platforms.base import EXEC, SHELL, Platform
from healthops_testlib import FIXTURES_DIR

PLATFORM_DIR = Path(registry.__file__).parent


def test_every_platform_module_is_registered_under_its_file_name() -> None:
    modules = {path.stem for path in PLATFORM_DIR.glob("*.py")} - {"__init__", "base", "registry"}
    assert set(registry.PLATFORMS) == modules
    for name, platform in registry.PLATFORMS.items():
        module = importlib.import_module("ansible.module_utils.healthops.switch.platforms." + name)
        assert module.PLATFORM is platform
        assert platform.name == name


@pytest.mark.parametrize("name", sorted(registry.PLATFORMS))
def test_entry_is_complete(name: str) -> None:
    platform = registry.PLATFORMS[name]
    assert platform.session in (EXEC, SHELL)
    assert set(platform.fallbacks) <= set(platform.commands)
    if platform.session == SHELL:
        assert platform.paging_off, "a shell platform must turn paging off"
    sets = json.loads((FIXTURES_DIR / "switch" / "fixture_sets.json").read_text())
    assert set(sets[name]) == set(platform.commands), "record one fixture per command"
    assert platform.error_counters <= registry.ERROR_COUNTERS
    assert platform.discard_counters <= registry.DISCARD_COUNTERS


def test_unknown_platform_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="known: brocade_fos, cisco_ios, cisco_nxos, h3c_comware, huawei_vrp"):
        registry.platform_named("junos")


class FakeExecClient:
    """Answers exec channels from a table, like a switch that knows some commands."""

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.sent: list[str] = []

    def exec_command(self, command: str, timeout: float | None = None) -> tuple[Any, io.BytesIO, io.BytesIO]:
        self.sent.append(command)
        return None, io.BytesIO(self.answers.get(command, "").encode()), io.BytesIO(b"")


def test_transport_follows_the_entry_commands_and_fallbacks() -> None:
    demo = Platform(
        name="demo_os",
        commands=("show ports", "show log"),
        parse=lambda outputs, now: {},
        session=EXEC,
        fallbacks={"show ports": "show port brief"},
    )
    client = FakeExecClient(
        {"show ports": "Unknown command\n", "show port brief": "1 up\n", "show log": "% Invalid input detected\n"}
    )
    outputs, notes = t._run_commands(client, demo, timeout=1)
    assert client.sent == ["show ports", "show port brief", "show log"]
    assert outputs == {"show ports": "1 up\n"}
    assert notes == ["show log: refused by the switch (% Invalid input detected)"]


def test_a_platform_entry_refuses_an_unknown_session_kind() -> None:
    with pytest.raises(ValueError, match="session"):
        Platform(name="demo_os", commands=(), parse=lambda outputs, now: {}, session="telnet")
