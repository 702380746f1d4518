"""The client's pipeline definitions (.gitlab-ci.yml, Jenkinsfile) and the merge-request template.

.gitlab-ci.yml is validated against GitLab's CI schema (check-jsonschema's vendored copy, offline);
no Jenkins runs here (jenkinsfile-runner needs Jenkins itself), so the Jenkinsfile is checked
structurally: Groovy tokens balanced, a declarative ``pipeline`` whose every stage has steps. Both
may call only Makefile targets and ``bash .ci/run``, and both run the same jobs.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from healthops_testlib import REPO

BIN = Path(sys.executable).parent
GITLAB = REPO / ".gitlab-ci.yml"
JENKINS = REPO / "Jenkinsfile"
# What a merge request runs, and what the default branch runs.
MERGE_REQUEST = {"make lint", "make pre-commit", "make unit", "make molecule-changed", "make plan-ci"}
FULL = {"bash .ci/run"}


def make_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    phony = set(re.findall(r"^\.PHONY:\s*([\w-]+)", text, re.MULTILINE))
    rules = set(re.findall(r"^([\w-]+):", text, re.MULTILINE))
    return phony & rules


def gitlab_commands() -> dict[str, list[str]]:
    """job -> its script lines."""
    data = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    jobs = {k: v for k, v in data.items() if isinstance(v, dict) and "script" in v}
    return {
        name: [*job.get("before_script", []), *job["script"], *job.get("after_script", [])]
        for name, job in jobs.items()
    }


def groovy_code(text: str) -> str:
    """The Jenkinsfile without comments, its strings emptied (their quotes kept)."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise ValueError("unterminated /* comment")
            i = end + 2
        elif text[i] in "'\"":
            quote, j = text[i], i + 1
            while j < len(text) and text[j] != quote:
                if text[j] == "\n":
                    raise ValueError(f"unterminated string at offset {i}")
                j += 2 if text[j] == "\\" else 1
            if j >= len(text):
                raise ValueError(f"unterminated string at offset {i}")
            out.append(quote * 2)
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def jenkins_problems(text: str) -> list[str]:
    """What makes a declarative Jenkinsfile malformed: unbalanced brackets, no pipeline/agent/stages,
    a stage without steps; empty when it is well formed."""
    try:
        code = groovy_code(text)
    except ValueError as exc:
        return [str(exc)]
    problems, stack = [], []
    pairs = {")": "(", "]": "[", "}": "{"}
    for char in code:
        if char in "([{":
            stack.append(char)
        elif char in pairs and (not stack or stack.pop() != pairs[char]):
            problems.append(f"unbalanced {char!r}")
            break
    if stack and not problems:
        problems.append(f"unclosed {stack[-1]!r}")
    if not re.match(r"\s*pipeline\s*\{", code):
        problems.append("no top-level pipeline { }")
    for word in ("agent", "stages"):
        if not re.search(rf"\b{word}\b", code):
            problems.append(f"no {word}")
    stages = re.split(r"\bstage\s*\(\s*''\s*\)\s*\{", code)[1:]
    if not stages:
        problems.append("no stage('...') { }")
    problems += [f"stage {n} has no steps" for n, body in enumerate(stages, 1) if not re.search(r"\bsteps\s*\{", body)]
    return problems


def jenkins_commands() -> list[str]:
    return re.findall(r"\bsh\s+'([^']*)'", JENKINS.read_text(encoding="utf-8"))


def command_problem(command: str, targets: set[str]) -> str:
    words = shlex.split(command)
    if command == "bash .ci/run":
        return ""
    if words[:1] != ["make"] or len(words) < 2:
        return f"{command!r}: neither a make target nor bash .ci/run"
    target, settings = words[1], words[2:]
    if target not in targets:
        return f"{command!r}: no target {target!r} in the Makefile"
    if not all(re.fullmatch(r"[A-Z_]+=.*", s) for s in settings):
        return f"{command!r}: only VAR=value settings may follow the target"
    return ""


def test_gitlab_ci_passes_gitlabs_schema(tmp_path: Path) -> None:
    def check(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                str(BIN / "check-jsonschema"),
                "--builtin-schema",
                "vendor.gitlab-ci",
                "--data-transform",
                "gitlab-ci",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )

    proc = check(GITLAB)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The check can fail: a misspelt keyword is refused.
    broken = tmp_path / "gitlab-ci.yml"
    broken.write_text(GITLAB.read_text(encoding="utf-8").replace("  script:\n", "  scripts:\n", 1))
    assert check(broken).returncode != 0


def test_jenkinsfile_is_a_well_formed_declarative_pipeline() -> None:
    text = JENKINS.read_text(encoding="utf-8")
    assert jenkins_problems(text) == []
    # The check can fail.
    assert jenkins_problems(text.replace("steps {", "stepz {", 1)) == ["stage 1 has no steps"]
    assert jenkins_problems(text.rstrip().removesuffix("}")) == ["unclosed '{'"]
    (unterminated,) = jenkins_problems(text.replace("sh 'make unit'", "sh 'make unit"))
    assert unterminated.startswith("unterminated string")


@pytest.mark.parametrize("pipeline", ["gitlab", "jenkins"])
def test_every_command_is_a_makefile_target_or_ci_run(pipeline: str) -> None:
    targets = make_targets()
    commands = [c for cs in gitlab_commands().values() for c in cs] if pipeline == "gitlab" else jenkins_commands()
    assert commands
    assert [p for p in (command_problem(c, targets) for c in commands) if p] == []
    # The same jobs in both: lint, unit, Molecule of the change and the plan for a merge request; the full suite.
    assert {" ".join(shlex.split(c)[:2]) for c in commands} == MERGE_REQUEST | FULL


def test_a_command_the_makefile_lacks_is_caught() -> None:
    targets = make_targets()
    assert command_problem("make molecule-everything", targets).endswith(
        "no target 'molecule-everything' in the Makefile"
    )
    assert command_problem("pytest tests/unit", targets).endswith("neither a make target nor bash .ci/run")
    assert command_problem('make plan-ci INVENTORY="$X"', targets) == ""


def test_the_merge_request_pipeline_runs_the_changed_scenarios_and_keeps_the_plan() -> None:
    data = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert data["molecule"]["script"] == ['make molecule-changed BASE="$CI_MERGE_REQUEST_DIFF_BASE_SHA"']
    assert data["variables"]["GIT_DEPTH"] == "0"  # the merge base is in the clone
    assert data["plan"]["artifacts"]["paths"] == ["plans/ci/"]
    assert data["plan"]["artifacts"]["when"] == "always"
    text = JENKINS.read_text(encoding="utf-8")
    assert "archiveArtifacts artifacts: 'plans/ci/**'" in text
    assert 'make molecule-changed BASE="origin/${CHANGE_TARGET}"' in text


def test_the_merge_request_template_asks_for_window_plan_and_rollback() -> None:
    text = (REPO / ".gitlab" / "merge_request_templates" / "Default.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert {"Maintenance window", "Plan summary", "Rollback"} <= set(headings)
    assert "make plan" in text
