"""The tomcat role's variables templated as Ansible templates them (role defaults, then vars/main.yml, then
inventory and facts on top), for tests of the role's tasks and messages without running a play."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import init_plugin_loader
from ansible.template import Templar, trust_as_template

ROLE = Path(__file__).resolve().parent.parent / "roles" / "tomcat"

init_plugin_loader()


def trusted(value: Any) -> Any:
    """``value`` with every string marked as a template the role's author wrote (ansible-core 2.19 renders
    only trusted templates)."""
    if isinstance(value, str):
        return trust_as_template(value)
    if isinstance(value, dict):
        return {k: trusted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [trusted(v) for v in value]
    return value


def role_templar(**variables: Any) -> Templar:
    """A Templar over the role's defaults and vars/main.yml with ``variables`` on top."""
    merged = trusted(yaml.safe_load((ROLE / "defaults" / "main.yml").read_text()))
    merged.update(trusted(yaml.safe_load((ROLE / "vars" / "main.yml").read_text())))
    merged.update(variables)
    return Templar(loader=DataLoader(), variables=merged)
