"""Drive an Ansible module's main() in-process, as ansible-core's own unit tests do."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

try:  # ansible-core >= 2.19
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # pragma: no cover - older ansible-core
    patch_module_args = None


class ModuleExit(Exception):
    """Raised instead of sys.exit so the test can read the result."""

    def __init__(self, result: dict[str, Any], failed: bool) -> None:
        super().__init__(result)
        self.result = result
        self.failed = failed


def run_module(monkeypatch: pytest.MonkeyPatch, main: Any, args: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Run ``main`` with ``args``; return (result, failed)."""

    def exit_json(_self: Any, **kwargs: Any) -> None:
        raise ModuleExit(kwargs, failed=False)

    def fail_json(_self: Any, **kwargs: Any) -> None:
        raise ModuleExit(kwargs, failed=True)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    if patch_module_args is not None:
        with patch_module_args(args), pytest.raises(ModuleExit) as caught:
            main()
    else:  # pragma: no cover
        monkeypatch.setattr(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args})))
        with pytest.raises(ModuleExit) as caught:
            main()
    return caught.value.result, caught.value.failed
