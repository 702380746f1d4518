"""Every role's Molecule scenario, as one pytest case each.

Running the scenarios from pytest gives one summary for the whole suite. Each
scenario runs Molecule's full sequence from .config/molecule/config.yml:
syntax, create, check mode, converge, idempotence, testinfra verify, destroy.
Under HEALTHOPS_REQUIRE_ALL=1 (make test) a verify test that skipped fails the scenario,
as any other skip fails the run (tests/conftest.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p.parent.name for p in (REPO / "molecule").glob("*/molecule.yml"))

IMAGE = re.compile(r"^localhost/healthops-([a-z0-9-]+):current$")
# testinfra's closing summary line, e.g. "==== 7 passed, 1 skipped in 3.10s ====".
VERIFY_SKIPS = re.compile(r"^=+ .*\b(\d+) skipped\b.* in [0-9.]+s\b")

pytestmark = [pytest.mark.integration, pytest.mark.molecule]


def test_every_role_has_a_scenario() -> None:
    roles = sorted(p.name for p in (REPO / "roles").iterdir() if (p / "tasks").is_dir())
    assert roles, "no roles found"
    assert [r for r in roles if r not in SCENARIOS] == []


@pytest.mark.skipif(shutil.which("podman") is None, reason="podman is not installed")
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(scenario: str) -> None:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("CONTAINERS_CONF", str(REPO / "molecule" / "shared" / "containers.conf"))
    env.update(ANSIBLE_FORCE_COLOR="0", PY_COLORS="0", NO_COLOR="1")
    # The images a scenario's platforms name (localhost/healthops-<recipe>:current) are built first.
    platforms = yaml.safe_load((REPO / "molecule" / scenario / "molecule.yml").read_text()).get("platforms", [])
    recipes = {m.group(1) for p in platforms if (m := IMAGE.match(p.get("image", "")))} or {"base"}
    for recipe in sorted(recipes):
        subprocess.run([str(REPO / "molecule/shared/image.sh"), recipe], check=True, env=env, cwd=REPO)
    result = subprocess.run(
        [str(Path(sys.executable).with_name("molecule")), "test", "-s", scenario],
        check=False,
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        tail = "\n".join(output.splitlines()[-80:])
        pytest.fail(f"molecule test -s {scenario} failed:\n{tail}")
    skips = [line for line in output.splitlines() if VERIFY_SKIPS.match(line.strip())]
    if skips and os.environ.get("HEALTHOPS_REQUIRE_ALL", "") not in ("", "0", "false", "no"):
        skipped = [line for line in output.splitlines() if line.startswith("SKIPPED")]
        pytest.fail(f"molecule verify of {scenario} skipped tests: {skips}\n" + "\n".join(skipped))
