"""plugins/module_utils/healthops/patching/plan.py: what a round installs, and what it changed."""

from __future__ import annotations

from typing import Any

from ansible.module_utils.healthops.patching.plan import (
    approved_versions,
    batches,
    changes,
    diff_text,
    is_kernel,
    keep_approved,
    outcome_checks,
    package_checks,
    proposal_checks,
    reboot_expectation,
    select,
)


def pkg(
    name: str, old: str | None = "1", new: str | None = "2", security: bool = False, action: str = "upgrade"
) -> dict[str, Any]:
    return {"name": name, "old": old, "new": new, "security": security, "action": action, "origin": ""}


SIMULATED = [
    pkg("libc6", security=True),
    pkg("tomcat9"),
    pkg("oracle-instantclient19.23-basic"),
    pkg("linux-image-amd64", security=True),
    pkg("linux-image-6.1.0-23-amd64", old=None, security=True, action="install"),
    pkg("vim"),
    pkg("oldlib", new=None, action="remove"),
]


def names(rows: list[dict[str, Any]]) -> list[str]:
    return [r["name"] for r in rows]


def test_a_full_round_plans_all_but_holds_and_removals() -> None:
    planned, skipped = select(SIMULATED, ["tomcat9", "oracle-instantclient*"], False, True)
    assert names(planned) == ["libc6", "linux-image-amd64", "linux-image-6.1.0-23-amd64", "vim"]
    assert {r["name"]: r["reason"] for r in skipped} == {
        "tomcat9": "held",
        "oracle-instantclient19.23-basic": "held",
        "oldlib": "removal is never planned",
    }


def test_a_security_round_without_kernels() -> None:
    planned, skipped = select(SIMULATED, [], True, False)
    assert names(planned) == ["libc6"]
    reasons = {r["name"]: r["reason"] for r in skipped}
    assert reasons["linux-image-amd64"] == reasons["linux-image-6.1.0-23-amd64"] == "kernel not allowed"
    assert reasons["vim"] == "not a security update"


def test_kernel_names() -> None:
    assert all(map(is_kernel, ["linux-image-6.1.0-23-amd64", "linux-headers-amd64", "kernel", "kernel-core"]))
    assert not any(map(is_kernel, ["kernelshark", "libc6", "linux-base"]))


def test_changes_are_every_version_that_moved() -> None:
    before = {"a": "1", "b": "1", "gone": "3"}
    after = {"a": "2", "b": "1", "new": "5"}
    assert changes(before, after) == [
        {"name": "a", "old": "1", "new": "2"},
        {"name": "gone", "old": "3", "new": None},
        {"name": "new", "old": None, "new": "5"},
    ]


def test_the_diff_lists_each_package_with_both_versions() -> None:
    diff = diff_text([{"name": "a", "old": "1", "new": "2"}, {"name": "b", "old": None, "new": "5"}])
    assert diff["before"] == "a 1\nb (not installed)\n"
    assert diff["after"] == "a 2\nb 5\n"


def test_package_rows_are_information_when_planned_and_pass_when_done() -> None:
    planned = package_checks([{"name": "a", "old": "1", "new": "2", "origin": "Debian-Security"}], False)
    assert (planned[0]["id"], planned[0]["status"], planned[0]["value"]) == ("package.a", "INFO", "1 -> 2")
    assert "Debian-Security" in planned[0]["detail"]
    assert package_checks([{"name": "a", "old": "1", "new": "2"}], True)[0]["status"] == "PASS"


def test_the_round_sets_what_was_planned_beside_what_was_done() -> None:
    planned = [pkg("a", "1", "2"), pkg("b", "1", "2"), pkg("c", "1", "3")]
    changed = [
        {"name": "a", "old": "1", "new": "2"},
        {"name": "c", "old": "1", "new": "2"},
        {"name": "libdep", "old": None, "new": "5"},
    ]
    rows = {r["id"]: (r["status"], r["value"], r["detail"]) for r in outcome_checks(planned, changed)}
    assert rows == {
        "package.a": ("PASS", "1 -> 2", "installed as planned"),
        "package.b": ("FAIL", "1 -> 2", "planned 2, not installed"),
        "package.c": ("WARN", "1 -> 2", "planned 3, installed 2"),
        "package.libdep": ("INFO", "- -> 5", "changed with the planned packages (a dependency)"),
    }


def test_a_reboot_is_expected_from_the_kernel_the_c_library_or_a_named_package() -> None:
    assert reboot_expectation([pkg("curl")], False, []) == (False, "no planned update needs one")
    assert reboot_expectation([pkg("curl")], True, []) == (True, "a reboot is already pending")
    assert reboot_expectation([pkg("linux-image-6.1.0-23-amd64"), pkg("libc6")], False, [])[1] == (
        "updates linux-image-6.1.0-23-amd64, libc6"
    )
    assert reboot_expectation([pkg("glibc"), pkg("openssl-libs")], None, [])[0] is True
    assert reboot_expectation([pkg("oracle-instantclient19.19-basic")], False, ["oracle-instantclient*"])[0] is True


def test_batches_keep_the_play_order_and_repeat_the_last_step() -> None:
    assert batches(["a", "b", "c", "d", "e"], [1, "40%"]) == [["a"], ["b", "c"], ["d", "e"]]
    assert batches(["a", "b"], None) == [["a", "b"]]


def test_the_proposal_names_the_hosts_batch_and_the_hold_list() -> None:
    groups = [["a"], ["b", "c"]]
    skipped = [dict(pkg("tomcat9", "9.0.70-2", "9.0.95-1"), reason="held"), dict(pkg("kernel"), reason="kernel")]
    rows = {r["id"]: r for r in proposal_checks("c", groups, ["tomcat9", "oracle-*"], skipped)}
    assert rows["patch.batch"]["value"] == "2/2"
    assert rows["patch.batch"]["detail"] == "batch 2 of 2: b, c; after batch 1 passed its post-checks"
    assert rows["patch.holds"]["value"] == "tomcat9, oracle-*"
    assert rows["patch.holds"]["detail"].endswith("updates held back: tomcat9 9.0.70-2")
    assert {r["status"] for r in rows.values()} == {"INFO"}
    first = {r["id"]: r for r in proposal_checks("a", groups, [], [])}
    assert first["patch.batch"]["detail"].endswith("the first batch")
    assert first["patch.holds"]["value"] == "none"
    # Not batched (the role on its own): no batch row.
    assert [r["id"] for r in proposal_checks("a", [], [], [])] == ["patch.holds"]


def test_the_round_keeps_to_the_approved_proposal() -> None:
    # The proposal's rows, as package_checks and skipped_checks wrote them into its report.
    proposal = package_checks([pkg("libc6", "2.36-9+deb12u4", "2.36-9+deb12u7"), pkg("curl", None, "7.88.1-10")], False)
    proposal += [{"id": "package.tomcat9", "value": "9.0.70-2 (9.0.95-1)", "detail": "not updated: held"}]
    proposal += [{"id": "patch.window", "value": "sat 22:00-06:00", "detail": "the round runs inside this window"}]
    approved = approved_versions(proposal)
    assert approved == {"libc6": "2.36-9+deb12u7", "curl": "7.88.1-10"}
    # Since the approval: libc6 has a newer candidate, openssl a new update, curl is unchanged.
    now = [pkg("libc6", "2.36-9+deb12u4", "2.36-9+deb12u8"), pkg("curl", None, "7.88.1-10"), pkg("openssl")]
    keep, left = keep_approved(now, [dict(pkg("tomcat9"), reason="held")], approved)
    assert [p["name"] for p in keep] == ["curl"]
    assert [(p["name"], p["reason"]) for p in left] == [
        ("tomcat9", "held"),
        ("libc6", "approved 2.36-9+deb12u7, candidate now 2.36-9+deb12u8"),
        ("openssl", "not in the approved proposal"),
    ]
