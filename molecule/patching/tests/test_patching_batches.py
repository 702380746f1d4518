"""playbooks/patch.yml in batches of one over the three batch hosts (--limit patch_batch:localhost; converge left
them at version 1): the proposal, then a round stopped by the first host's failed post-check, the other
two left untouched, then a blocked round's record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import testinfra

REPO = Path(__file__).resolve().parents[3]
EPHEMERAL = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"))
INVENTORY = Path(os.environ.get("MOLECULE_INVENTORY_FILE", "/nonexistent"))
REPORTS = EPHEMERAL / "reports"
HOSTS = ["patch-batch-1", "patch-batch-2", "patch-batch-3"]
VERSION_1 = {"hotest-a": "1.0", "hotest-held": "1.0", "hotest-kern": "1.0"}


def versions(name: str) -> dict[str, str]:
    host = testinfra.get_host(f"podman://{name}")
    out = host.check_output("dpkg-query -W -f='${Package} ${Version}\\n' hotest-a hotest-held hotest-kern")
    return dict(line.split() for line in out.splitlines())


def playbook(run_id: str, *extra: str) -> tuple[int, str]:
    command = [
        str(Path(sys.executable).with_name("ansible-playbook")),
        "-i",
        str(INVENTORY),
        str(REPO / "playbooks" / "patch.yml"),
        "--limit",
        "patch_batch:localhost",
        "-e",
        f"healthops_run_id={run_id}",
        "-e",
        f"healthops_report_dir={REPORTS}",
        *extra,
    ]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=600, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def report(run_id: str) -> dict[str, dict[str, Any]]:
    """Each host's checks by id in the run's report.json."""
    document = json.loads((REPORTS / run_id / "report.json").read_text(encoding="utf-8"))
    return {h["host"]: {c["id"]: c for c in h["checks"]} for h in document["hosts"]}


@pytest.fixture(scope="module")
def runs() -> dict[str, tuple[int, str]]:
    # The batches come from the inventory: a file beside Molecule's inventory, as beside a site's.
    (INVENTORY.parent / "patch_batches.yml").write_text("patching_serial: 1\npatching_max_fail_percentage: 0\n")
    assert {h: versions(h) for h in HOSTS} == dict.fromkeys(HOSTS, VERSION_1)
    found = {"proposal": playbook("proposal", "--check", "--diff")}
    found["proposal_versions"] = (0, json.dumps({h: versions(h) for h in HOSTS}))
    # The round keeps to the proposal the client approved (the one just written).
    found["round"] = playbook("round", "-e", "patching_approved_proposal=proposal")
    # Then a round a pre-check blocks on its first host (too little space), its record in English.
    blocked = {"patching_min_free_mb": {"/": 100000000}, "healthops_report_lang": "en"}
    found["blocked"] = playbook("blocked", "-e", json.dumps(blocked))
    return found


def test_the_proposal_changes_nothing_and_lists_every_host(runs: dict[str, tuple[int, str]]) -> None:
    rc, out = runs["proposal"]
    assert rc == 0, out[-3000:]
    assert json.loads(runs["proposal_versions"][1]) == dict.fromkeys(HOSTS, VERSION_1)
    assert out.count("+hotest-a 2.0") == 3
    assert out.count("-hotest-kern 1.0") == 3
    checks = report("proposal")
    assert sorted(checks) == HOSTS
    for host in HOSTS:
        assert checks[host]["package.hotest-a"]["value"] == "1.0 -> 2.0"
        assert checks[host]["package.hotest-a"]["status"] == "INFO"
        assert checks[host]["package.hotest-held"]["detail"] == "not updated: held"
        assert checks[host]["patch.holds"]["value"] == "hotest-held"
    # The batches in the order the round runs them (patching_serial 1).
    assert [checks[h]["patch.batch"]["value"] for h in HOSTS] == ["1/3", "2/3", "3/3"]
    assert checks["patch-batch-2"]["patch.batch"]["detail"] == (
        "batch 2 of 3: patch-batch-2; after batch 1 passed its post-checks"
    )
    document = json.loads((REPORTS / "proposal" / "report.json").read_text(encoding="utf-8"))
    assert "补丁方案" in json.dumps(document, ensure_ascii=False)


def test_a_failed_post_check_stops_the_rollout(runs: dict[str, tuple[int, str]]) -> None:
    rc, out = runs["round"]
    assert rc != 0, out[-3000:]
    assert versions("patch-batch-1") == {"hotest-a": "2.0", "hotest-held": "1.0", "hotest-kern": "2.0"}
    assert versions("patch-batch-2") == VERSION_1
    assert versions("patch-batch-3") == VERSION_1
    checks = report("round")
    assert checks["patch-batch-1"]["patch.service:healthops-missing-app"]["status"] == "FAIL"
    assert checks["patch-batch-1"]["package.hotest-a"]["value"] == "1.0 -> 2.0"
    assert checks["patch-batch-1"]["patch.result"]["value"] == "post-check failed"
    approval = checks["patch-batch-1"]["patch.approval"]
    assert (approval["status"], approval["value"]) == ("PASS", 2)
    assert approval["detail"].startswith("2 package(s) approved in ")
    assert checks["patch-batch-1"]["package.hotest-a"]["detail"] == "installed as planned"
    assert "patch.service:ssh" not in checks["patch-batch-2"]


def test_a_blocked_host_s_record_says_why_and_the_rest_stay_untouched(runs: dict[str, tuple[int, str]]) -> None:
    rc, out = runs["blocked"]
    assert rc != 0, out[-3000:]
    assert versions("patch-batch-2") == VERSION_1
    checks = report("blocked")
    assert checks["patch-batch-1"]["patch.space:/"]["status"] == "FAIL"
    result = checks["patch-batch-1"]["patch.result"]
    assert (result["status"], result["value"]) == ("FAIL", "blocked")
    assert result["detail"].startswith("patch-batch-1 not patched: patch.space:/: ")
    assert "patch.result" not in checks["patch-batch-2"]
    document = json.loads((REPORTS / "blocked" / "report.json").read_text(encoding="utf-8"))
    assert document["run"]["title"] == "Patch round record"
