# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit's checks across hosts: the second copy, 3-2-1, retention, the restore test. Pure.

``stored`` is what collect.read_storage read on the storage host for this database host
(``{"sets", "checksums", "retention", "space", "root"}``) or None; ``restore`` is the newest
restore test on record for the host (collect.read_restore_tests) or None. Python >= 3.6.
"""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.backup_audit.local import WHERE_ZH, Item
from ansible.module_utils.healthops.backup_audit.trends import DAY, HOUR, parse_day
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN, grade, threshold_text

__metaclass__ = type

COPY_ADVICE = "find out why the offline copy stopped (the status file's offline_copy message) and run the backup"


def second_copy_checks(
    policy: Dict[str, Any], read: Dict[str, Any], stored: Optional[Dict[str, Any]], context: Dict[str, Any]
) -> List[Dict[str, Any]]:
    """A copy exists on separate storage, is recent, and its newest set checks out there."""
    storage = context.get("storage_host") or ""
    item = Item(
        "backup_audit.second_copy",
        "Second copy on separate storage",
        "异地/离线第二份备份",
        threshold="a storage host",
    )
    if not policy["second_copy"]:
        return [item(INFO, value=storage or None, threshold=None, detail="the policy does not ask for a second copy")]
    if not storage or storage == context.get("host"):
        advice = "set db_backup_storage_host to a host of backup_storage and run playbooks/backup.yml"
        return [item(FAIL, detail="no separate storage host", advice=advice)]
    if stored is None or stored.get("error"):
        detail = "storage host %s not read: %s" % (storage, (stored or {}).get("error") or "no result")
        return [item(FAIL, value=storage, detail=detail, advice="make the storage host reachable")]
    good = [s for s in stored.get("sets") or [] if s.get("good")]
    detail = "%d verified set(s) on %s:%s" % (len(good), storage, stored.get("root"))
    checks = [
        item(PASS if good else FAIL, value=len(good), threshold=">=1 verified set", detail=detail, advice=COPY_ADVICE)
    ]
    checks.append(_copy_age_check(policy, read, good, storage))
    checks.append(checksum_check(policy, stored, storage))
    return checks


def _copy_age_check(
    policy: Dict[str, Any], read: Dict[str, Any], good: List[Dict[str, Any]], storage: str
) -> Dict[str, Any]:
    item = Item(
        "backup_audit.second_copy.age",
        "Age of the second copy",
        "第二份备份的时效",
        unit="h",
        threshold=threshold_text(policy["second_copy_warn_hours"], policy["second_copy_fail_hours"], unit="h"),
        advice=COPY_ADVICE,
    )
    if not good:
        return item(FAIL, detail="no verified set on " + storage)
    newest = max(good, key=lambda s: s["time"])
    age = round((read["now"] - newest["time"]) / HOUR, 1)
    local = [s for s in read.get("sets") or [] if s.get("good")]
    detail = "newest there %s" % newest["name"]
    if local and local[0]["time"] > newest["time"]:
        detail += "; newest here %s is not there" % local[0]["name"]
    result = grade(age, policy["second_copy_warn_hours"], policy["second_copy_fail_hours"])
    return item(result, value=age, detail=detail)


def checksum_check(
    policy: Dict[str, Any], stored: Dict[str, Any], storage: str, check_id: str = "backup_audit.second_copy.checksums"
) -> Dict[str, Any]:
    """The newest verified copy's files against its MANIFEST.sha256, as read on the storage host."""
    item = Item(check_id, "Checksums of the second copy", "第二份备份校验和", threshold="all match", advice=COPY_ADVICE)
    sums = stored.get("checksums")
    if not policy["verify_checksums"]:
        return item(INFO, threshold=None, detail="the policy does not ask to check them")
    if not sums:
        return item(WARN, detail="not checked: no set")
    bad = sums.get("bad") or []
    where = "%s set %s" % (storage, sums.get("set"))
    if not bad and sums.get("checked"):
        return item(PASS, value=0, detail="%s: %d file(s) match MANIFEST.sha256" % (where, sums["checked"]))
    listed = ", ".join("%s: %s" % (b.get("file"), b.get("problem")) for b in bad[:5]) or "nothing checked"
    advice = "the copy is damaged: run the backup for a new set and find what changed the files"
    return item(FAIL, value=len(bad), detail="%s: %s" % (where, listed), advice=advice)


def offsite_check(policy: Dict[str, Any], context: Dict[str, Any]) -> Dict[str, Any]:
    """3-2-1: the second copy at another site (``healthops_site`` of the two hosts)."""
    here, there = context.get("site") or "", context.get("storage_site") or ""
    item = Item(
        "backup_audit.offsite",
        "Copy at another site (3-2-1)",
        "异地备份（3-2-1）",
        threshold="another site",
        advice="keep a copy at another site or on off-line media",
    )
    value = "%s -> %s" % (here or "?", there or "?")
    if not policy["offsite"]:
        return item(INFO, value=value, threshold=None, detail="the policy does not ask for an off-site copy")
    if here and there and here != there:
        return item(PASS, value=value)
    detail = "the storage host is not declared at another site (healthops_site %s)" % value
    return item(FAIL, value=value, detail=detail)


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
    limit = policy["offline_max_age_days"]
    item = Item(
        "backup_audit.offline",
        "Off-line copy",
        "离线介质备份",
        unit="d",
        threshold="<=%g d" % limit,
        advice="copy the newest verified set to off-line media and record it in backup_audit_offline_copies",
    )
    copies = offline_copies(context, read["now"])
    listed = "; ".join(
        "%s on %s%s" % (c.get("date"), c.get("media") or "?", (" at " + c["site"]) if c.get("site") else "")
        for c in copies[:3]
    )
    newest = copies[0]["age_days"] if copies else None
    if not policy["offline"]:
        detail = "the policy does not ask for an off-line copy; recorded: %s" % (listed or "none")
        return item(INFO, value=newest, threshold=None, detail=detail)
    if not copies:
        return item(FAIL, detail="no off-line copy recorded (backup_audit_offline_copies)")
    return item(PASS if newest <= limit else FAIL, value=newest, detail="newest first: " + listed)


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
    item = Item(
        "backup_audit.three_two_one",
        "3-2-1 rule (copies-storages-off-site)",
        "3-2-1 备份原则（份数-存储-异地/离线）",
        threshold=">=3-2-1",
        advice="keep three copies on two separate storages with one off-site or off-line (set healthops_site, "
        "record off-line media in backup_audit_offline_copies)",
    )
    detail = "%s; off-site or off-line: %s" % (", ".join(copies), ", ".join(away) or "none")
    if not policy["three_two_one"]:
        return item(INFO, value=value, threshold=None, detail="not asked; " + detail)
    # Too few copies or one storage for all is a FAIL; only the off-site/off-line one missing, a WARN.
    result = FAIL if len(copies) < 3 or len(storages) < 2 else (PASS if away else WARN)
    return item(result, value=value, detail=detail)


def retention_checks(
    policy: Dict[str, Any], read: Dict[str, Any], stored: Optional[Dict[str, Any]]
) -> List[Dict[str, Any]]:
    """Declared retention (the job's config here, the forced command's there) against the policy."""
    local = ((read.get("config") or {}).get("retention") or {}).get("local") or {}
    return [
        retention_check(policy, read["now"], local, read.get("sets") or []),
        retention_check(
            policy,
            read["now"],
            (stored or {}).get("retention") or {},
            (stored or {}).get("sets") or [],
            "backup_audit.retention.offline",
            "storage host",
        ),
    ]


def retention_check(
    policy: Dict[str, Any],
    now: float,
    declared: Dict[str, Any],
    sets: List[Dict[str, Any]],
    check_id: str = "backup_audit.retention.local",
    where: str = "database host",
) -> Dict[str, Any]:
    """One side's declared retention (keep_days) against the policy's days for that side."""
    want = policy["retention_local_days" if where == "database host" else "retention_offline_days"]
    item = Item(
        check_id,
        "Retention (%s)" % where,
        "备份保留期（%s）" % WHERE_ZH[where],
        unit="d",
        threshold=">=%g d" % want,
        advice="raise the keep_days of this side (db_backup_%skeep_days) to %g"
        % ("" if where == "database host" else "offline_", want),
    )
    days = declared.get("keep_days")
    good = [s for s in sets if s.get("good")]
    oldest = round((now - min(s["time"] for s in good)) / DAY, 1) if good else None
    detail = "declared keep_days %s, keep_count %s; %d good set(s), the oldest %s days old" % (
        days,
        declared.get("keep_count"),
        len(good),
        oldest,
    )
    if days is None:
        advice = "run playbooks/backup.yml so the retention is declared"
        return item(WARN, detail="declared retention not found; " + detail, advice=advice)
    return item(PASS if float(days) >= want else FAIL, value=float(days), detail=detail)


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
    checks = [pruning_check(read["now"], local, read.get("sets") or [])]
    if stored and not stored.get("error"):  # not read: backup_audit.second_copy says so
        checks.append(
            pruning_check(
                read["now"],
                stored.get("retention") or {},
                stored.get("sets") or [],
                "backup_audit.pruning.offline",
                "storage host",
            )
        )
    return checks


def pruning_check(
    now: float,
    declared: Dict[str, Any],
    sets: List[Dict[str, Any]],
    check_id: str = "backup_audit.pruning.local",
    where: str = "database host",
) -> Dict[str, Any]:
    """One side's sets against its declared retention: none left that pruning should have deleted."""
    item = Item(
        check_id,
        "Old sets removed (%s)" % where,
        "过期备份清理（%s）" % WHERE_ZH[where],
        threshold="0 sets",
        advice="find out why the %s stopped deleting old sets (its log) before the disk fills"
        % ("backup job" if where == "database host" else "receiver"),
    )
    if declared.get("keep_days") is None:
        return item(INFO, threshold=None, detail="no declared retention to hold the sets against")
    expired = expired_sets(sets, declared["keep_days"], declared.get("keep_count") or 1, now)
    if not expired:
        detail = "%d set(s), none beyond keep_days %s / keep_count %s" % (
            len(sets),
            declared["keep_days"],
            declared.get("keep_count"),
        )
        return item(PASS, value=0, detail=detail)
    oldest = min(expired, key=lambda s: s["time"])
    detail = "%d set(s) beyond keep_days %s / keep_count %s still there, the oldest %s (%s days)" % (
        len(expired),
        declared["keep_days"],
        declared.get("keep_count"),
        oldest["name"],
        round((now - oldest["time"]) / DAY, 1),
    )
    return item(WARN, value=len(expired), detail=detail)


def restore_test_check(
    policy: Dict[str, Any], read: Dict[str, Any], restore: Optional[Dict[str, Any]]
) -> Dict[str, Any]:
    limit = policy["restore_test_max_age_days"]
    item = Item(
        "backup_audit.restore_test",
        "Last restore test",
        "最近一次恢复测试",
        unit="d",
        threshold="<=%g d" % limit,
        advice="run playbooks/backup_verify.yml and keep its report",
    )
    if not policy["restore_test_required"]:
        return item(INFO, threshold=None, detail="the policy does not ask for restore tests")
    if not restore or restore.get("time") is None:
        return item(FAIL, detail="no restore test on record")
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
    return item(FAIL if problem else PASS, value=age, detail=problem + detail)
