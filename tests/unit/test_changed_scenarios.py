""".ci/changed_scenarios.py: the Molecule scenarios a merge request's changed paths select.

The mapping is checked on a small made-up index (pure), on this repository's own index (a role,
a module, a package file, a playbook, the shared images, documentation), and end to end on a
git repository with a branch (``--base``).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from healthops_testlib import REPO

BIN = Path(sys.executable).parent


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("changed_scenarios", REPO / ".ci" / "changed_scenarios.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["changed_scenarios"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


cs = load()
INDEX = cs.build_index(REPO)
ALL = sorted(INDEX.scenarios)


def select(*paths: str) -> list[str]:
    return cs.scenarios_for(paths, INDEX)


def test_the_mapping_follows_what_each_part_uses() -> None:
    index = cs.Index(
        scenarios={"web", "db", "batches"},
        uses={
            ("scenario", "web"): {("role", "web")},
            ("scenario", "db"): {("role", "db")},
            ("scenario", "batches"): {("playbook", "patch.yml")},
            ("playbook", "patch.yml"): {("role", "patching"), ("role", "report")},
            ("role", "web"): {("module", "web_probe"), ("role", "report")},
            ("role", "db"): {("filters", "healthops_db")},
            ("module", "web_probe"): {("py", "web/checks.py")},
            ("filters", "healthops_db"): {("py", "db/parse.py")},
            ("py", "db/parse.py"): {("py", "db/sql.py")},
        },
    )
    assert cs.scenarios_for(["roles/web/tasks/main.yml"], index) == ["web"]
    assert cs.scenarios_for(["roles/report/defaults/main.yml"], index) == ["batches", "web"]
    assert cs.scenarios_for(["plugins/module_utils/healthops/web/checks.py"], index) == ["web"]
    assert cs.scenarios_for(["plugins/module_utils/healthops/db/sql.py"], index) == ["db"]  # through parse.py
    assert cs.scenarios_for(["library/web_probe.py", "molecule/db/converge.yml"], index) == ["db", "web"]
    assert cs.scenarios_for(["README.md", "tests/unit/test_x.py", "inventories/example/hosts.yml"], index) == []
    assert cs.scenarios_for(["README.md", "molecule/shared/image.sh"], index) == ["batches", "db", "web"]


@pytest.mark.parametrize(
    "path",
    [
        "molecule/shared/image.sh",
        ".config/molecule/config.yml",
        "requirements.txt",
        "ansible.cfg",
        "plugins/module_utils/healthops/common/result.py",
        "plugins/callback/healthops_ledger.py",
    ],
)
def test_what_every_scenario_rests_on_selects_them_all(path: str) -> None:
    assert select(path) == ALL


@pytest.mark.parametrize(
    "path",
    [
        "README.md",
        "ARCHITECTURE.md",
        "tests/unit/test_architecture.py",
        "inventories/example/hosts.yml",
        "bin/healthops",
    ],
)
def test_what_no_scenario_exercises_selects_none(path: str) -> None:
    assert select(path) == []


def test_each_roles_own_change_selects_its_scenario() -> None:
    roles = sorted(p.parent.name for p in (REPO / "roles").glob("*/tasks"))
    for role in roles:
        assert role in select(f"roles/{role}/tasks/main.yml"), role


def test_a_module_selects_the_scenarios_of_the_roles_that_call_it() -> None:
    for module in ("tomcat_server_xml", "postgres_probe", "patch_plan"):
        users = sorted(
            p.parts[p.parts.index("roles") + 1]
            for p in (REPO / "roles").rglob("*.yml")
            if re.search(rf"\bansible\.legacy\.{module}\b", p.read_text(encoding="utf-8"))
        )
        assert users, module
        assert set(users) <= set(select(f"library/{module}.py")), module
    # A change to one Tomcat module does not run the database scenarios.
    assert "db_health" not in select("library/tomcat_server_xml.py")


def test_a_package_file_selects_through_the_modules_that_import_it() -> None:
    assert select("plugins/module_utils/healthops/patching/apt.py") == ["patching"]
    assert "db_health" in select("plugins/module_utils/healthops/db/oracle/patching.py")
    assert "tomcat" not in select("plugins/module_utils/healthops/db/oracle/patching.py")
    # The backup job's shared code runs in both backup scenarios.
    assert {"db_backup", "backup_audit"} <= set(select("plugins/module_utils/healthops/backup/layout.py"))


def test_a_playbook_selects_the_scenario_that_runs_it() -> None:
    assert "patching" in select("playbooks/patch.yml")


def test_base_reads_the_changes_since_the_merge_base(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.test", *args], cwd=tmp_path, check=True)

    git("init", "-q", "-b", "main")
    (tmp_path / "README.md").write_text("one\n")
    git("add", "README.md")
    git("commit", "-q", "-m", "one")
    git("checkout", "-q", "-b", "change")
    (tmp_path / "roles" / "tomcat" / "tasks").mkdir(parents=True)
    (tmp_path / "roles" / "tomcat" / "tasks" / "main.yml").write_text("---\n")
    git("add", "roles")
    git("commit", "-q", "-m", "two")
    # A later commit on the target branch is not the change's.
    git("checkout", "-q", "main")
    (tmp_path / "ansible.cfg").write_text("[defaults]\n")
    git("add", "ansible.cfg")
    git("commit", "-q", "-m", "three")
    git("checkout", "-q", "change")
    assert cs.changed_paths(tmp_path, "main") == ["roles/tomcat/tasks/main.yml"]


def test_the_command_prints_one_scenario_a_line() -> None:
    proc = subprocess.run(
        [str(BIN / "python"), ".ci/changed_scenarios.py", "--paths", "roles/tomcat/tasks/main.yml", "README.md"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.splitlines() == select("roles/tomcat/tasks/main.yml")
    assert "tomcat" in proc.stdout.splitlines()
