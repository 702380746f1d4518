# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit's checks across hosts: the second copy, 3-2-1, retention, the restore test, RPO. Pure.

``stored`` is what collect.read_storage read on the storage host for this database host
(``{"sets", "checksums", "retention", "space", "root"}``) or None; ``restore`` is the newest
restore test on record for the host (collect.read_restore_tests) or None. Python >= 3.6.
"""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.backup_audit.local import WHERE_ZH, check
from ansible.module_utils.healthops.backup_audit.trends import DAY, HOUR, in_period, longest_gap_hours, parse_day
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN, grade, threshold_text

__metaclass__ = type

COPY_ADVICE = "find out why the offline copy stopped (the status file's offline_copy message) and run the backup"


def second_copy_checks(
    policy: Dict[str, Any], read: Dict[str, Any], stored: Optional[Dict[str, Any]], context: Dict[str, Any]
) -> List[Dict[str, Any]]:
    """A copy exists on separate storage, is recent, and its newest set checks out there."""
    title, zh = "Second copy on separate storage", "异地/离线第二份备份"
    storage = context.get("storage_host") or ""
    if not policy["second_copy"]:
        return [
            check(
                "backup_audit.second_copy",
                title,
                zh,
                INFO,
                storage or None,
                None,
                "",
                "the policy does not ask for a second copy",
            )
        ]
    if not storage or storage == context.get("host"):
        advice = "set db_backup_storage_host to a host of backup_storage and run playbooks/backup.yml"
        return [
            check(
                "backup_audit.second_copy",
                title,
                zh,
                FAIL,
                None,
                "a storage host",
                "",
                "no separate storage host",
                advice,
            )
        ]
    if stored is None or stored.get("error"):
        detail = "storage host %s not read: %s" % (storage, (stored or {}).get("error") or "no result")
        return [
            check(
                "backup_audit.second_copy",
                title,
                zh,
                FAIL,
                storage,
                "a storage host",
                "",
                detail,
                "make the storage host reachable",
            )
        ]
    good = [s for s in stored.get("sets") or [] if s.get("good")]
    checks = [
        check(
            "backup_audit.second_copy",
            title,
            zh,
            PASS if good else FAIL,
            len(good),
            ">=1 verified set",
            "",
            "%d verified set(s) on %s:%s" % (len(good), storage, stored.get("root")),
            COPY_ADVICE,
        )
    ]
    checks.append(_copy_age_check(policy, read, good, storage))
    checks.append(_checksum_check(policy, stored, storage))
    return checks


def _copy_age_check(
    policy: Dict[str, Any], read: Dict[str, Any], good: List[Dict[str, Any]], storage: str
) -> Dict[str, Any]:
    title, zh = "Age of the second copy", "第二份备份的时效"
    threshold = threshold_text(policy["second_copy_warn_hours"], policy["second_copy_fail_hours"], unit="h")
    if not good:
        return check(
            "backup_audit.second_copy.age",
            title,
            zh,
            FAIL,
            None,
            threshold,
            "h",
            "no verified set on " + storage,
            COPY_ADVICE,
        )
    newest = max(good, key=lambda s: s["time"])
    age = round((read["now"] - newest["time"]) / HOUR, 1)
    local = [s for s in read.get("sets") or [] if s.get("good")]
    detail = "newest there %s" % newest["name"]
    if local and local[0]["time"] > newest["time"]:
        detail += "; newest here %s is not there" % local[0]["name"]
    result = grade(age, policy["second_copy_warn_hours"], policy["second_copy_fail_hours"])
    return check("backup_audit.second_copy.age", title, zh, result, age, threshold, "h", detail, COPY_ADVICE)


def _checksum_check(policy: Dict[str, Any], stored: Dict[str, Any], storage: str) -> Dict[str, Any]:
    title, zh = "Checksums of the second copy", "第二份备份校验和"
    sums = stored.get("checksums")
    if not policy["verify_checksums"]:
        return check(
            "backup_audit.second_copy.checksums",
            title,
            zh,
            INFO,
            None,
            None,
            "",
            "the policy does not ask to check them",
        )
    if not sums:
        return check(
            "backup_audit.second_copy.checksums",
            title,
            zh,
            WARN,
            None,
            "all match",
            "",
            "not checked: no set",
            COPY_ADVICE,
        )
    bad = sums.get("bad") or []
    where = "%s set %s" % (storage, sums.get("set"))
    if not bad and sums.get("checked"):
        return check(
            "backup_audit.second_copy.checksums",
            title,
            zh,
            PASS,
            0,
            "all match",
            "",
            "%s: %d file(s) match MANIFEST.sha256" % (where, sums["checked"]),
        )
    listed = ", ".join("%s: %s" % (b.get("file"), b.get("problem")) for b in bad[:5]) or "nothing checked"
    advice = "the copy is damaged: run the backup for a new set and find what changed the files"
    return check(
        "backup_audit.second_copy.checksums",
        title,
        zh,
        FAIL,
        len(bad),
        "all match",
        "",
        "%s: %s" % (where, listed),
        advice,
    )


def offsite_check(policy: Dict[str, Any], context: Dict[str, Any]) -> Dict[str, Any]:
    """3-2-1: the second copy at another site (``healthops_site`` of the two hosts)."""
    here, there = context.get("site") or "", context.get("storage_site") or ""
    title, zh = "Copy at another site (3-2-1)", "异地备份（3-2-1）"
    offsite = bool(here and there and here != there)
    value = "%s -> %s" % (here or "?", there or "?")
    if not policy["offsite"]:
        return check(
            "backup_audit.offsite", title, zh, INFO, value, None, "", "the policy does not ask for an off-site copy"
        )
    if offsite:
        return check("backup_audit.offsite", title, zh, PASS, value, "another site")
    detail = "the storage host is not declared at another site (healthops_site %s)" % value
    return check(
        "backup_audit.offsite",
        title,
        zh,
        FAIL,
        value,
        "another site",
        "",
        detail,
        "keep a copy at another site or on off-line media",
    )


def offline_copies(context: Dict[str, Any], now: float) -> List[Dict[str, Any]]:
    """The off-line copies the inventory records (backup_audit_offline_copies), newest first, with their age.

    Media kept disconnected cannot be read by the audit: the operator records each copy taken
    (``{date, media, site}``), and the audit judges that record.
    """
    found = []
    for entry in context.get("offline_copies") or []:
        when = parse_day(entry.get("date"))
        if when is not None:
            found.append(dict(entry, time=when, age_days=round((now - when) / DAY, 1)))
    return sorted(found, key=lambda e: e["time"], reverse=True)


def offline_check(policy: Dict[str, Any], read: Dict[str, Any], context: Dict[str, Any]) -> Dict[str, Any]:
    """An off-line copy (media disconnected from every host), as recent as the policy asks."""
    title, zh = "Off-line copy", "离线介质备份"
    limit = policy["offline_max_age_days"]
    copies = offline_copies(context, read["now"])
    listed = "; ".join(
        "%s on %s%s" % (c.get("date"), c.get("media") or "?", (" at " + c["site"]) if c.get("site") else "")
        for c in copies[:3]
    )
    newest = copies[0]["age_days"] if copies else None
    if not policy["offline"]:
        detail = "the policy does not ask for an off-line copy; recorded: %s" % (listed or "none")
        return check("backup_audit.offline", title, zh, INFO, newest, None, "d", detail)
    advice = "copy the newest verified set to off-line media and record it in backup_audit_offline_copies"
    if not copies:
        detail = "no off-line copy recorded (backup_audit_offline_copies)"
        return check("backup_audit.offline", title, zh, FAIL, None, "<=%g d" % limit, "d", detail, advice)
    result = PASS if newest <= limit else FAIL
    detail = "newest first: " + listed
    return check("backup_audit.offline", title, zh, result, newest, "<=%g d" % limit, "d", detail, advice)


def three_two_one_check(
    policy: Dict[str, Any], read: Dict[str, Any], stored: Optional[Dict[str, Any]], context: Dict[str, Any]
) -> Dict[str, Any]:
    """3-2-1: three copies of the data (production counts), on two separate storages, one off-site or off-line.

    Copies: the production database, a good set on the database host, a verified set on the storage host,
    each off-line copy recorded within ``offline_max_age_days``. Storages: the database host (production and
    its local sets share it), the storage host, each off-line medium. Off-site: the storage host at another
    site (healthops_site), or a recent off-line copy kept at a site other than the database host's, or any
    recent off-line copy (disconnected media survive what takes the machine room's hosts).
    """
    host, site = context.get("host") or "database host", context.get("site") or ""
    storage = context.get("storage_host") or ""
    copies, storages, away = ["production on %s" % host], {host}, []
    if any(s.get("good") for s in read.get("sets") or []):
        copies.append("sets on %s" % host)
    if storage and storage != host and any(s.get("good") for s in (stored or {}).get("sets") or []):
        copies.append("verified copy on %s" % storage)
        storages.add(storage)
        there = context.get("storage_site") or ""
        if site and there and there != site:
            away.append("%s at %s" % (storage, there))
    for medium in offline_copies(context, read["now"]):
        if medium["age_days"] <= policy["offline_max_age_days"]:
            name = medium.get("media") or "off-line medium"
            copies.append("off-line copy on %s" % name)
            storages.add("offline:" + name)
            away.append("off-line %s%s" % (name, (" at " + medium["site"]) if medium.get("site") else ""))
    value = "%d-%d-%d" % (len(copies), len(storages), len(away))
    title, zh = "3-2-1 rule (copies-storages-off-site)", "3-2-1 备份原则（份数-存储-异地/离线）"
    detail = "%s; off-site or off-line: %s" % (", ".join(copies), ", ".join(away) or "none")
    if not policy["three_two_one"]:
        return check("backup_audit.three_two_one", title, zh, INFO, value, None, "", "not asked; " + detail)
    advice = "keep three copies on two separate storages with one off-site or off-line (set healthops_site, "
    advice += "record off-line media in backup_audit_offline_copies)"
    # Too few copies or one storage for all is a FAIL; only the off-site/off-line one missing, a WARN.
    result = FAIL if len(copies) < 3 or len(storages) < 2 else (PASS if away else WARN)
    return check("backup_audit.three_two_one", title, zh, result, value, ">=3-2-1", "", detail, advice)


def retention_checks(
    policy: Dict[str, Any], read: Dict[str, Any], stored: Optional[Dict[str, Any]]
) -> List[Dict[str, Any]]:
    """Declared retention (the job's config here, the forced command's there) against the policy."""
    local = ((read.get("config") or {}).get("retention") or {}).get("local") or {}
    offline = (stored or {}).get("retention") or {}
    checks = []
    for item_id, where, declared, want, sets in (
        (
            "backup_audit.retention.local",
            "database host",
            local,
            policy["retention_local_days"],
            read.get("sets") or [],
        ),
        (
            "backup_audit.retention.offline",
            "storage host",
            offline,
            policy["retention_offline_days"],
            (stored or {}).get("sets") or [],
        ),
    ):
        title, zh = "Retention (%s)" % where, "备份保留期（%s）" % WHERE_ZH[where]
        days = declared.get("keep_days")
        good = [s for s in sets if s.get("good")]
        oldest = round((read["now"] - min(s["time"] for s in good)) / DAY, 1) if good else None
        detail = "declared keep_days %s, keep_count %s; %d good set(s), the oldest %s days old" % (
            days,
            declared.get("keep_count"),
            len(good),
            oldest,
        )
        if days is None:
            checks.append(
                check(
                    item_id,
                    title,
                    zh,
                    WARN,
                    None,
                    ">=%g d" % want,
                    "d",
                    "declared retention not found; " + detail,
                    "run playbooks/backup.yml so the retention is declared",
                )
            )
            continue
        result = PASS if float(days) >= want else FAIL
        checks.append(
            check(
                item_id,
                title,
                zh,
                result,
                float(days),
                ">=%g d" % want,
                "d",
                detail,
                "raise the keep_days of this side (db_backup_%skeep_days) to %g"
                % ("" if where == "database host" else "offline_", want),
            )
        )
    return checks


def expired_sets(sets: List[Dict[str, Any]], keep_days: float, keep_count: int, now: float) -> List[Dict[str, Any]]:
    """Sets the job (or the receiver) should have deleted by its declared retention, a day of grace given.

    The rule the job prunes by (healthops.backup.retention, not imported: the audit reads what the job
    leaves): a set stays while younger than keep_days or one of the keep_count newest good ones; the
    newest set always stays.
    """
    if not sets:
        return []
    newest = max(sets, key=lambda s: s["time"])
    good = sorted((s for s in sets if s.get("good")), key=lambda s: s["time"], reverse=True)
    kept = {s["name"] for s in good[: max(1, int(keep_count))]}
    horizon = now - (float(keep_days) + 1.0) * DAY
    return [s for s in sets if s["time"] < horizon and s["name"] not in kept and s is not newest]


def pruning_checks(read: Dict[str, Any], stored: Optional[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Retention in practice: no set left beyond the declared retention on either side (pruning runs)."""
    local = ((read.get("config") or {}).get("retention") or {}).get("local") or {}
    there = stored if stored and not stored.get("error") else None
    checks = []
    for pruning_id, where, declared, sets in (
        ("backup_audit.pruning.local", "database host", local, read.get("sets") or []),
        (
            "backup_audit.pruning.offline",
            "storage host",
            (there or {}).get("retention") or {},
            (there or {}).get("sets") or [],
        ),
    ):
        if where == "storage host" and there is None:
            continue  # the storage host was not read: backup_audit.second_copy says so
        title, zh = "Old sets removed (%s)" % where, "过期备份清理（%s）" % WHERE_ZH[where]
        if declared.get("keep_days") is None:
            detail = "no declared retention to hold the sets against"
            checks.append(check(pruning_id, title, zh, INFO, None, None, "", detail))
            continue
        expired = expired_sets(sets, declared["keep_days"], declared.get("keep_count") or 1, read["now"])
        if not expired:
            detail = "%d set(s), none beyond keep_days %s / keep_count %s" % (
                len(sets),
                declared["keep_days"],
                declared.get("keep_count"),
            )
            checks.append(check(pruning_id, title, zh, PASS, 0, "0 sets", "", detail))
            continue
        oldest = min(expired, key=lambda s: s["time"])
        detail = "%d set(s) beyond keep_days %s / keep_count %s still there, the oldest %s (%s days)" % (
            len(expired),
            declared["keep_days"],
            declared.get("keep_count"),
            oldest["name"],
            round((read["now"] - oldest["time"]) / DAY, 1),
        )
        advice = "find out why the %s stopped deleting old sets (its log) before the disk fills" % (
            "backup job" if where == "database host" else "receiver"
        )
        checks.append(check(pruning_id, title, zh, WARN, len(expired), "0 sets", "", detail, advice))
    return checks


def restore_test_check(
    policy: Dict[str, Any], read: Dict[str, Any], restore: Optional[Dict[str, Any]]
) -> Dict[str, Any]:
    title, zh = "Last restore test", "最近一次恢复测试"
    limit = policy["restore_test_max_age_days"]
    advice = "run playbooks/backup_verify.yml and keep its report"
    if not policy["restore_test_required"]:
        return check(
            "backup_audit.restore_test", title, zh, INFO, None, None, "d", "the policy does not ask for restore tests"
        )
    if not restore or restore.get("time") is None:
        return check(
            "backup_audit.restore_test",
            title,
            zh,
            FAIL,
            None,
            "<=%g d" % limit,
            "d",
            "no restore test on record",
            advice,
        )
    raw_age = (read["now"] - restore["time"]) / DAY
    age = round(raw_age, 1)
    detail = "%s: %s (%s)" % (
        restore.get("date"),
        restore.get("status"),
        restore.get("run_id") or restore.get("source"),
    )
    problem = ""
    if restore.get("status") not in (PASS, INFO, WARN):
        problem = "the last restore test failed: "
    elif raw_age > limit:
        problem = "older than the policy allows: "
    if problem:
        return check("backup_audit.restore_test", title, zh, FAIL, age, "<=%g d" % limit, "d", problem + detail, advice)
    return check("backup_audit.restore_test", title, zh, PASS, age, "<=%g d" % limit, "d", detail)


def rpo_check(policy: Dict[str, Any], read: Dict[str, Any], stored: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The RPO the backups give: the longest stretch of the period without a good set on either side."""
    now = read["now"]
    sets = in_period(read.get("sets") or [], now, policy["period_days"])
    sets += in_period((stored or {}).get("sets") or [], now, policy["period_days"])
    measured = longest_gap_hours([s["time"] for s in sets], now)
    title, zh = "Recovery point (RPO) the backups give", "备份实际可达的恢复点目标（RPO）"
    threshold = "<=%g h" % policy["rpo_hours"]
    if measured is None:
        return check(
            "backup_audit.rpo", title, zh, FAIL, None, threshold, "h", "no good set in the period", "run the backup"
        )
    result = PASS if measured <= policy["rpo_hours"] else FAIL
    detail = "the longest time without a good backup in %g days, up to now" % policy["period_days"]
    return check(
        "backup_audit.rpo",
        title,
        zh,
        result,
        measured,
        threshold,
        "h",
        detail,
        "back up more often (db_backup_on_calendar) or relax the RPO with the client",
    )
