""".pre-commit-config.yaml: local hooks only, each a pinned tool of .venv (offline), the same lint as
`make lint`, a secret scanner that catches a planted secret and passes reviewed ones, and the
hooks passing on the repository itself (its tracked files, copied into a fresh git repository)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import yaml
from healthops_testlib import REPO

BIN = Path(sys.executable).parent
CONFIG = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
HOOKS = {hook["id"]: hook for repo in CONFIG["repos"] for hook in repo["hooks"]}
# The package of requirements.txt that gives each hook's executable.
PACKAGES = {"yamllint": "yamllint", "ruff": "ruff", "pytest": "pytest", "ansible-lint": "ansible-lint"}


def scanner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scan_secrets", REPO / ".ci" / "scan_secrets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pinned() -> set[str]:
    lines = (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return {re.split(r"[\[=]", line)[0].lower().replace("_", "-") for line in lines if "==" in line}


def test_every_hook_is_local_and_runs_a_pinned_tool_of_the_venv() -> None:
    proc = subprocess.run(
        [str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [repo["repo"] for repo in CONFIG["repos"]] == ["local"]  # nothing to clone
    assert {"pre-commit", "detect-secrets"} <= pinned()
    for hook_id, hook in HOOKS.items():
        words = shlex.split(hook["entry"])
        assert words[0].startswith(".venv/bin/"), hook_id
        tool = Path(words[0]).name
        assert PACKAGES.get(tool, "detect-secrets" if tool == "python" else tool) in pinned(), hook_id


def test_the_hooks_are_the_lint_make_lint_runs() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    commands = [line.strip().split("  #")[0].replace("$(PYTEST)", "pytest") for line in recipe.splitlines()[1:]]
    entries = [hook["entry"].removeprefix(".venv/bin/") for hook in HOOKS.values()]
    for line in commands:
        # `yamllint -s .` and `ruff check .` lint the tree; the hooks get the files.
        command = line.removesuffix(" .")
        assert any(entry.startswith(command.split(" -q")[0]) or command in entry for entry in entries), command
    assert "secrets" in HOOKS


def test_the_scanner_flags_a_new_secret_and_passes_reviewed_ones(tmp_path: Path) -> None:
    mod = scanner()
    baseline = json.loads((REPO / ".secrets.baseline").read_text(encoding="utf-8"))
    planted = tmp_path / "group_vars.yml"
    planted.write_text("---\ndb_admin_password: 'Zx81!qLr-2026'\naws_access_key_id: AKIAZ7QJ3MX4VN2B8KTP\n")
    found = mod.scan([str(planted)], baseline)
    problems = mod.new_findings(found, mod.known_findings(baseline))
    assert problems == [f"{planted}:2: Secret Keyword", f"{planted}:3: AWS Access Key"]
    assert mod.main([str(planted)]) == 1
    # The same secret, reviewed into a baseline, passes, also once its line has moved.
    reviewed = {**baseline, "results": {str(planted): [{"hashed_secret": f[3]} for f in found]}}
    planted.write_text("---\n# moved down\n" + planted.read_text().split("\n", 1)[1])
    assert mod.new_findings(mod.scan([str(planted)], baseline), mod.known_findings(reviewed)) == []
    # A vault reference or a Jinja expression is not a secret.
    clean = tmp_path / "clean.yml"
    clean.write_text('---\ndb_admin_password: "{{ vault_db_admin_password }}"\n')
    assert mod.main([str(clean)]) == 0


def test_the_hooks_pass_on_the_repository_itself(tmp_path: Path) -> None:
    """Every hook but ansible-lint (the same command `make lint` runs first in CI) on every tracked file."""
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    )
    clone = tmp_path / "repo"
    # The hooks' own files too, in case they are not committed yet (in CI they are).
    for name in filter(None, [*files, ".pre-commit-config.yaml", ".secrets.baseline", ".ci/scan_secrets.py"]):
        source = REPO / name
        if source.is_file() and not source.is_symlink():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    (clone / ".venv").symlink_to(REPO / ".venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "SKIP": "ansible-lint", "HOME": str(tmp_path)}
    for command in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(command, cwd=clone, check=True, env=env)
    proc = subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "secret scanner" in proc.stdout
