# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The certificate deployment's record (pure, controller side): a ``cert.deploy:<target>`` row per target.

PASS once the switch is done and checked: the new certificate's serial, SHA-256 fingerprint and days left
(value, against ``certificates_min_days``), and how it was checked (the endpoint presents it, or the device's
functional test passed). FAIL with the reason: refused before any switch (the material broke the policy), or
rolled back (what failed, the files restored and the services brought back on them).

The certificate facts come from community.crypto's ``x509_certificate_info`` (serial_number, not_after as
``YYYYMMDDHHMMSSZ``, fingerprints.sha256): nothing is parsed here.
"""

from __future__ import annotations

import datetime
from typing import Any

from ansible.module_utils.healthops.common.result import FAIL, PASS, make_check

CHECK = "cert.deploy"
CATEGORY = "certificate"
TITLE = ("Certificate deployment", "证书部署")


def _row(name: str, status: str, value: Any, threshold: Any, detail: str) -> dict[str, Any]:
    return make_check(f"{CHECK}:{name}", CATEGORY, TITLE[0], TITLE[1], status, value, threshold, "days", detail)


def not_after(info: dict[str, Any]) -> datetime.datetime:
    """x509_certificate_info's ``not_after`` (``YYYYMMDDHHMMSSZ``, UTC) as a datetime."""
    return datetime.datetime.strptime(info["not_after"], "%Y%m%d%H%M%SZ").replace(tzinfo=datetime.timezone.utc)


def deployed_rows(
    targets: list[dict[str, Any]],
    infos: dict[str, dict[str, Any]],
    min_days: int,
    handshake: bool = True,
    now: datetime.datetime | None = None,
) -> list[dict[str, Any]]:
    """A PASS row per target in place; ``infos``: each target's x509_certificate_info, by name; ``handshake``:
    whether the endpoints were checked (certificates_handshake)."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    rows = []
    for target in targets:
        info = infos[target["name"]]
        end = not_after(info)
        left = int((end - now).total_seconds() // 86400)
        if not handshake:
            checked = "in place, not checked (certificates_handshake is false)"
        elif target.get("type") == "device":
            checked = "in place, its functional test passed" if target.get("check_command") else "in place"
        else:
            checked = f"presented by {target.get('host')}:{target.get('port')}"
        fingerprint = info.get("fingerprints", {}).get("sha256", "?")
        detail = (
            f"serial {int(info['serial_number']):X}, SHA-256 {fingerprint}, valid until {end:%Y-%m-%d} "
            f"({left} days left); {checked}"
        )
        rows.append(_row(target["name"], PASS, left, int(min_days), detail))
    return rows


def failed_rows(targets: list[Any], reason: str, min_days: int | None = None) -> list[dict[str, Any]]:
    """A FAIL row per target of a host whose deployment was refused or rolled back, ``reason`` its detail;
    ``targets`` as inventory has them (a target without a name is named by its place)."""
    threshold = None if min_days is None else int(min_days)
    items = targets if isinstance(targets, list) else []
    names = [(t.get("name") if isinstance(t, dict) else None) or f"#{i}" for i, t in enumerate(items)]
    return [_row(name, FAIL, None, threshold, reason) for name in names or ["certificates_targets"]]
