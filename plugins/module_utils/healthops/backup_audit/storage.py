# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A backup storage host's own rows in the audit. Pure, Python >= 3.6.

``audit_storage(policy, read, policies)``: ``read`` is collect.read_storage's result on the storage host
(``{"now", "root", "space", "hosts": {database host: {"sets", "files", "checksums", "retention"}}}``),
``policy`` the storage host's own (inventory, merged over the defaults) for the shared file system,
``policies`` each database host's policy (its retention, file mode, checksum duty). The rows: space for
the next N sets of every database host at the current growth, and per database host (``:<host>``) the
declared retention, old sets removed, the newest copy's checksums and file modes; then a summary.
"""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.backup_audit.audit import summary_check
from ansible.module_utils.healthops.backup_audit.copies import checksum_check, pruning_check, retention_check
from ansible.module_utils.healthops.backup_audit.local import Item, check, permission_check, space_check
from ansible.module_utils.healthops.backup_audit.policy import merge_policy
from ansible.module_utils.healthops.common.result import ERROR, INFO

__metaclass__ = type

WHERE = "storage host"


def _host_checks(policy: Dict[str, Any], now: float, host: str, stored: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The copies of one database host on this storage host."""
    sets = stored.get("sets") or []
    declared = stored.get("retention") or {}
    rows = [
        retention_check(policy, now, declared, sets, "backup_audit.storage.retention:%s" % host, WHERE),
        pruning_check(now, declared, sets, "backup_audit.storage.pruning:%s" % host, WHERE),
        checksum_check(policy, stored, host, "backup_audit.storage.checksums:%s" % host),
        permission_check(policy, stored, "backup_audit.storage.permissions:%s" % host, WHERE),
    ]
    if not [s for s in sets if s.get("good")]:
        item = Item(
            "backup_audit.storage.copies:%s" % host,
            "Verified copies of %s" % host,
            "%s 的已校验备份副本" % host,
            threshold=">=1 verified set",
            advice="find out why no verified copy of this host arrives (its backup job's offline_copy message)",
        )
        rows.insert(0, item(ERROR if stored.get("error") else INFO, value=0, detail=stored.get("error") or ""))
    for row in rows:
        row["title"] += " - " + host
        row["title_zh"] += "（%s）" % host
    return rows


def audit_storage(policy: Any, read: Dict[str, Any], policies: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
    """Every row of one storage host, its summary last."""
    own = merge_policy(policy)
    if read.get("error"):
        return [check("backup_audit.storage.read", "Backup storage read", "备份存储读取", ERROR, detail=read["error"])]
    hosts = read.get("hosts") or {}
    good = {h: [s for s in (v or {}).get("sets") or [] if s.get("good")] for h, v in sorted(hosts.items())}
    with_sets = [h for h in good if good[h]]
    first = with_sets[0] if with_sets else ""
    room = {"space": read.get("space"), "sets": good.get(first) or []}
    shared = {h: good[h] for h in with_sets[1:]}
    rows = [space_check(own, room, "backup_audit.storage.space", WHERE, shared)]
    for host in sorted(hosts):
        merged = merge_policy((policies or {}).get(host) or policy)
        rows += _host_checks(merged, read["now"], host, hosts[host] or {})
    rows.append(summary_check(rows))
    return rows
