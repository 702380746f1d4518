"""The audit's 3-2-1 rule, off-line copies, the storage side's file modes and the policy line of the review.

On the constructed states of test_backup_audit_policy (a healthy database host at dc-a, its storage host at
dc-b): three copies on two storages with one off-site pass; taking away a copy, the storage or the off-site
part gives the FAIL or WARN an auditor would write; off-line media are judged from the inventory's record.
"""

from __future__ import annotations

from typing import Any

from ansible.module_utils.healthops.backup_audit.audit import audit_host
from ansible.module_utils.healthops.backup_audit.trends import parse_day
from test_backup_audit_policy import CONTEXT, DAY, NOW, daily_sets, healthy, iso

SAME_SITE = dict(CONTEXT, storage_site="dc-a")


def run(read: Any, stored: Any, restore: Any, policy: Any = None, context: Any = None) -> dict[str, dict[str, Any]]:
    return {
        c["id"]: c for c in audit_host(policy or {}, read, stored, restore, CONTEXT if context is None else context)
    }


def day(days_ago: float) -> str:
    return iso(NOW - days_ago * DAY)[:10]


def test_three_copies_two_storages_one_off_site_pass() -> None:
    check = run(*healthy())["backup_audit.three_two_one"]
    assert (check["status"], check["value"]) == ("PASS", "3-2-1")
    assert "verified copy on bak-01" in check["detail"]
    assert "bak-01 at dc-b" in check["detail"]


def test_without_the_storage_copy_it_is_two_copies_on_one_storage() -> None:
    read, stored, restore = healthy()
    stored["sets"] = [dict(s, good=False) for s in stored["sets"]]
    check = run(read, stored, restore)["backup_audit.three_two_one"]
    assert (check["status"], check["value"]) == ("FAIL", "2-1-0")
    assert "Recommendation: keep three copies" in check["detail"]


def test_no_storage_host_at_all_fails_too() -> None:
    read, _stored, restore = healthy()
    context = dict(CONTEXT, storage_host="")
    assert run(read, None, restore, context=context)["backup_audit.three_two_one"]["value"] == "2-1-0"


def test_everything_in_one_machine_room_warns() -> None:
    check = run(*healthy(), context=SAME_SITE)["backup_audit.three_two_one"]
    assert (check["status"], check["value"]) == ("WARN", "3-2-0")
    assert "off-site or off-line: none" in check["detail"]


def test_a_recent_off_line_copy_completes_the_rule_in_one_room() -> None:
    context = dict(SAME_SITE, offline_copies=[{"date": day(10), "media": "LTO-7 A", "site": "archive room"}])
    check = run(*healthy(), context=context)["backup_audit.three_two_one"]
    assert (check["status"], check["value"]) == ("PASS", "4-3-1")
    assert "off-line LTO-7 A at archive room" in check["detail"]


def test_an_off_line_copy_older_than_the_policy_does_not_count() -> None:
    context = dict(SAME_SITE, offline_copies=[{"date": day(90), "media": "LTO-7 A"}])
    assert run(*healthy(), context=context)["backup_audit.three_two_one"]["value"] == "3-2-0"


def test_the_rule_can_be_turned_off() -> None:
    check = run(*healthy(), policy={"three_two_one": False}, context=SAME_SITE)["backup_audit.three_two_one"]
    assert check["status"] == "INFO"


def test_off_line_copy_only_when_the_policy_asks() -> None:
    read, stored, restore = healthy()
    assert run(read, stored, restore)["backup_audit.offline"]["status"] == "INFO"
    missing = run(read, stored, restore, {"offline": True})["backup_audit.offline"]
    assert missing["status"] == "FAIL"
    assert "no off-line copy recorded" in missing["detail"]
    recorded = [{"date": day(40), "media": "disk B"}, {"date": day(5), "media": "disk A", "site": "dc-c"}]
    context = dict(CONTEXT, offline_copies=recorded)
    fresh = run(read, stored, restore, {"offline": True}, context)["backup_audit.offline"]
    assert (fresh["status"], fresh["value"]) == ("PASS", 5.1)  # a day alone is its start in UTC; NOW is 03:00Z
    assert fresh["detail"].startswith(f"newest first: {day(5)} on disk A at dc-c; {day(40)} on disk B")
    old = run(read, stored, restore, {"offline": True, "offline_max_age_days": 3}, context)["backup_audit.offline"]
    assert old["status"] == "FAIL"
    assert "Recommendation: copy the newest verified set to off-line media" in old["detail"]


def test_loose_modes_on_the_storage_host_fail_on_their_own() -> None:
    read, stored, restore = healthy()
    stored["files"] = [
        {"path": "petition.dump", "kind": "file", "mode": 0o440, "size": 1},
        {"path": "backup.json", "kind": "file", "mode": 0o644, "size": 1},
    ]
    checks = run(read, stored, restore)
    assert checks["backup_audit.permissions"]["status"] == "PASS"
    there = checks["backup_audit.permissions.offline"]
    assert there["status"] == "FAIL"
    assert "backup.json 0644" in there["detail"]
    assert "the receiver's umask" in there["detail"]
    assert there["title_zh"] == "备份文件权限（存储主机）"


def test_the_review_states_the_policy_and_what_inventory_changed() -> None:
    check = run(*healthy(), policy={"rpo_hours": 8, "offsite": True, "period_days": 30})["backup_audit.policy"]
    assert check["status"] == "INFO"
    assert "RPO <= 8 h" in check["detail"]
    assert "off-site yes" in check["detail"]
    # period_days 30 is the default: not named as set by inventory.
    assert check["detail"].endswith("Set by inventory: offsite, rpo_hours")
    assert run(*healthy())["backup_audit.policy"]["detail"].endswith("nothing (the defaults)")


def test_a_day_alone_or_a_time_with_its_offset() -> None:
    assert parse_day("2025-12-06") == parse_day("2025-12-06T08:00:00+08:00")
    assert parse_day("2025-12-06 09:00:00") is None  # no offset: refused, as parse_iso does
    assert parse_day(None) is None


def test_the_storage_hosts_space_counts_every_host_whose_copies_share_it() -> None:
    read, stored, restore = healthy()
    alone = run(read, stored, restore)["backup_audit.space.offline"]
    assert alone["status"] == "PASS"
    # Four more database hosts with sets of about 50 GiB (3 more each: 600 GiB) on the same 500 GiB free.
    big = [dict(s, size_bytes=s["size_bytes"] * 500) for s in stored["sets"]]
    stored["neighbours"] = {f"db-0{i}": {"sets": big} for i in range(2, 6)}
    shared = run(read, stored, restore)["backup_audit.space.offline"]
    assert shared["status"] == "FAIL"
    assert shared["value"] < alone["value"]
    assert "with those of 4 other host(s) sharing it" in shared["detail"]
    # The database host's own file system is its own: unchanged.
    assert run(read, stored, restore)["backup_audit.space.local"] == run(*healthy())["backup_audit.space.local"]


def test_sets_beyond_the_declared_retention_warn_that_pruning_stopped() -> None:
    read, stored, restore = healthy()
    checks = run(read, stored, restore)
    assert checks["backup_audit.pruning.local"]["status"] == "PASS"
    assert checks["backup_audit.pruning.offline"]["status"] == "PASS"  # 20 daily copies, 30 days kept
    # Fifteen daily sets on the database host, which keeps 7 days and the 7 newest: sets 8..14 days old
    # should have gone (7 days and a day of grace), seven of them.
    read["sets"] = daily_sets(15)
    local = run(read, stored, restore)["backup_audit.pruning.local"]
    assert (local["status"], local["value"]) == ("WARN", 7)
    assert "the oldest set14 (14.1 days)" in local["detail"]
    assert "Recommendation: find out why the backup job stopped deleting" in local["detail"]
    # Kept by count: with keep_count 15 the same sets are all meant to stay.
    read["config"]["retention"]["local"]["keep_count"] = 15
    assert run(read, stored, restore)["backup_audit.pruning.local"]["status"] == "PASS"


def test_no_declared_retention_no_pruning_verdict() -> None:
    read, stored, restore = healthy()
    stored["retention"] = None
    assert run(read, stored, restore)["backup_audit.pruning.offline"]["status"] == "INFO"
    assert "backup_audit.pruning.offline" not in run(read, None, restore)
