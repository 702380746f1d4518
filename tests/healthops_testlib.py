"""Import the repository's plugins the way Ansible imports them (shared by tests and benchmarks).

Ansible finds ``plugins/module_utils`` through ansible.cfg and exposes it as
``ansible.module_utils.<name>``; modules in ``library/`` are plain files. Tests
import both the same way, so what they exercise is what runs.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import ansible.module_utils

REPO = Path(__file__).resolve().parent.parent
MODULE_UTILS = REPO / "plugins" / "module_utils"
LIBRARY = REPO / "library"
FIXTURES_DIR = REPO / "tests" / "unit" / "fixtures"

if str(MODULE_UTILS) not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(str(MODULE_UTILS))


def load_library_module(name: str) -> ModuleType:
    """Import ``library/<name>.py`` as a module object."""
    key = f"healthops_library_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, LIBRARY / f"{name}.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


def module_documentation(name: str) -> dict:
    """``library/<name>.py``'s DOCUMENTATION with its doc fragments merged in, as ansible-doc renders it."""
    import yaml
    from ansible.plugins.loader import fragment_loader
    from ansible.utils.plugin_docs import add_fragments

    doc = yaml.safe_load(load_library_module(name).DOCUMENTATION)
    fragment_loader.add_directory(str(REPO / "plugins" / "doc_fragments"))
    add_fragments(doc, str(LIBRARY / f"{name}.py"), fragment_loader=fragment_loader, is_module=True)
    return doc


def load_plugin(kind: str, name: str) -> ModuleType:
    """Import ``plugins/<kind>/<name>.py`` under a private name (``healthops`` is also the package's name)."""
    key = f"healthops_plugin_{kind}_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, REPO / "plugins" / kind / f"{name}.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


def backup_shared_files() -> list[str]:
    """The package files the db_backup role installs beside its job and receiver (its vars are the one list)."""
    import yaml

    data = yaml.safe_load((REPO / "roles" / "db_backup" / "vars" / "main.yml").read_text(encoding="utf-8"))
    return list(data["__db_backup_shared_files"])


LAB_SYSTEMS = ("petition", "cadre_health", "occupational_health", "medical_supplies", "medical_admin")


def lab_inventory_copy(dest: Path) -> Path:
    """A copy of the lab inventory (its systems' group_vars and calendars) with one Linux host per system
    at 127.0.0.1 port 1, where nothing listens: a duty run reports it unreachable, fast. Returns its path."""
    import shutil

    inv = dest / "inv"
    shutil.copytree(REPO / "inventories" / "lab", inv, symlinks=False)
    (inv / "lab_hosts.yml").unlink(missing_ok=True)
    hosts = "".join(
        f"    {s}:\n      hosts:\n        {s}-01: {{ansible_host: 127.0.0.1, ansible_port: 1}}\n" for s in LAB_SYSTEMS
    )
    linux = "".join(f"        {s}-01: {{}}\n" for s in LAB_SYSTEMS)
    (inv / "hosts.yml").write_text(f"all:\n  children:\n{hosts}    linux_servers:\n      hosts:\n{linux}")
    return inv


def run_playbook(inventory: Path, playbook: str, extra: dict, tmp: Path, *args: str, timeout: int = 300) -> Any:
    """``playbooks/<playbook>`` on ``inventory`` with ``extra`` variables (and ``args``), as an operator runs it:
    the repository's ansible.cfg, no colour, Ansible's local temporary files under ``tmp``. Output captured."""
    import json
    import os
    import subprocess

    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), ANSIBLE_FORCE_COLOR="0", NO_COLOR="1")
    env["ANSIBLE_LOCAL_TEMP"] = str(tmp / "ansible-tmp")
    command = [str(Path(sys.executable).with_name("ansible-playbook")), "-i", str(inventory)]
    command += [str(REPO / "playbooks" / playbook), "-e", json.dumps(extra), *args]
    return subprocess.run(command, check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)


def run_report(proc: Any, reports: Path, run_id: str) -> dict:
    """The report.json a run wrote under ``reports``/<run_id> (the run's output in the failure when it did not)."""
    import json

    report_file = reports / run_id / "report.json"
    assert report_file.exists(), proc.stdout[-4000:] + proc.stderr[-4000:]
    return json.loads(report_file.read_text(encoding="utf-8"))
