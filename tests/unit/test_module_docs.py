"""Every module in library/ documents exactly the options its argument_spec takes.

ansible-doc must render each module, and DOCUMENTATION must agree with the
argument_spec on names, types, defaults, choices and no_log-worthy secrets, so the
documentation a reviewer reads is the interface the module enforces. Options and
attributes a module takes from plugins/doc_fragments (extends_documentation_fragment)
are merged in first, by Ansible's own code, as ansible-doc shows them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible.module_utils import basic
from healthops_testlib import LIBRARY, load_library_module, module_documentation

MODULES = sorted(p.stem for p in LIBRARY.glob("*.py"))
SECRET_WORDS = ("password", "passwd", "secret", "auth_key", "priv_key", "community", "token")


documentation = module_documentation


class _Captured(Exception):
    def __init__(self, spec: dict[str, Any], kwargs: dict[str, Any]) -> None:
        super().__init__("captured")
        self.spec = spec
        self.kwargs = kwargs


def argument_spec(name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], dict[str, Any]]:
    def capture(_self: Any, argument_spec: dict[str, Any], **kwargs: Any) -> None:
        raise _Captured(argument_spec, kwargs)

    monkeypatch.setattr(basic.AnsibleModule, "__init__", capture)
    module = load_library_module(name)
    with pytest.raises(_Captured) as caught:
        module.main()
    return caught.value.spec, caught.value.kwargs


def compare(spec: dict[str, Any], doc: dict[str, Any], where: str) -> list[str]:
    problems = []
    for name in sorted(set(spec) ^ set(doc)):
        problems.append(f"{where}{name}: in {'argument_spec' if name in spec else 'DOCUMENTATION'} only")
    for name in sorted(set(spec) & set(doc)):
        s, d = spec[name], doc[name]
        if s.get("type", "str") != d.get("type", "str"):
            problems.append(f"{where}{name}: type {s.get('type', 'str')} vs documented {d.get('type', 'str')}")
        if s.get("default") != d.get("default") and not (s.get("default") in (None, [], {}) and "default" not in d):
            problems.append(f"{where}{name}: default {s.get('default')!r} vs documented {d.get('default')!r}")
        if s.get("choices") and sorted(map(str, s["choices"])) != sorted(map(str, d.get("choices") or [])):
            problems.append(f"{where}{name}: choices differ")
        if bool(s.get("required")) != bool(d.get("required")):
            problems.append(f"{where}{name}: required differs")
        if s.get("elements") != d.get("elements") and s.get("type") == "list":
            problems.append(f"{where}{name}: elements {s.get('elements')} vs documented {d.get('elements')}")
        if any(w in name for w in SECRET_WORDS) and not s.get("no_log") and s.get("type") != "bool":
            problems.append(f"{where}{name}: looks secret but has no no_log")
        if s.get("options") or d.get("suboptions"):
            problems.extend(compare(s.get("options") or {}, d.get("suboptions") or {}, f"{where}{name}."))
    return problems


@pytest.mark.parametrize("name", MODULES)
def test_docs_match_argument_spec(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    module = load_library_module(name)
    doc = documentation(name)
    yaml.safe_load(module.EXAMPLES)
    yaml.safe_load(module.RETURN)
    assert doc["module"] == name
    spec, kwargs = argument_spec(name, monkeypatch)
    assert kwargs.get("supports_check_mode") is True, f"{name} must support check mode"
    assert compare(spec, doc.get("options") or {}, "") == []


@pytest.mark.parametrize("name", MODULES)
def test_ansible_doc_renders(name: str, repo: Path) -> None:
    out = subprocess.run(
        [str(Path(sys.executable).with_name("ansible-doc")), "-M", "library", "-j", name],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    rendered = json.loads(out.stdout)[name]
    assert rendered["doc"]["short_description"]
    assert rendered["examples"]
    assert rendered["return"]


FRAGMENT_USERS = {
    "host_inspect": ("thresholds",),
    "oracle_probe": ("thresholds", "state_dir"),
    "postgres_probe": ("thresholds", "state_dir"),
    "switch_ports": ("thresholds", "state_dir"),
    "tomcat_probe": ("thresholds",),
}


@pytest.mark.parametrize("name", sorted(FRAGMENT_USERS))
def test_ansible_doc_renders_the_shared_fragments(name: str, repo: Path) -> None:
    """The options and read-only attributes a module takes from plugins/doc_fragments reach ansible-doc."""
    out = subprocess.run(
        [str(Path(sys.executable).with_name("ansible-doc")), "-M", "library", "-j", name],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    doc = json.loads(out.stdout)[name]["doc"]
    for option in FRAGMENT_USERS[name]:
        assert doc["options"][option]["description"], option
    assert doc["attributes"]["check_mode"]["support"] == "full"
    assert doc["attributes"]["diff_mode"]["support"] == "none"
