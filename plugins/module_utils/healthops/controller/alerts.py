# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alerts on a run that ended FAIL or ERROR (or failed, or missed its calendar slot): one message
per run, never per host, to a webhook (DingTalk or WeCom group robot JSON; DingTalk's signature
when a secret is set) and/or by e-mail (SMTP with STARTTLS, the server's certificate verified).

Rate-limited per subject (system and duty, else playbook): after one message, the same subject
stays quiet for ``min_interval`` seconds and the next message says how many were held back.
Message building, signing and the rate decision are pure; ``send_*`` do the I/O.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import time
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

ALERT_STATUSES = ("FAIL", "ERROR")
ALERT_OUTCOMES = ("failed", "interrupted", "terminated", "error", "missed")
STATE_SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    subject TEXT PRIMARY KEY,
    last_sent REAL NOT NULL,
    held_back INTEGER NOT NULL DEFAULT 0
);
"""


@dataclass(frozen=True)
class AlertConfig:
    webhook_url: str = ""
    webhook_kind: str = "dingtalk"  # dingtalk | wecom
    webhook_secret: str = ""  # DingTalk 加签 secret; WeCom robots are not signed
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_from: str = ""
    smtp_to: tuple[str, ...] = ()
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_cafile: str = ""  # empty: the system's CAs
    min_interval: int = 3600
    timeout: int = 10

    def enabled(self) -> bool:
        return bool(self.webhook_url or (self.smtp_host and self.smtp_to))


def needs_alert(entry: Mapping[str, Any]) -> bool:
    """A run is worth a message when its report is FAIL/ERROR or the run did not end well."""
    return entry.get("status") in ALERT_STATUSES or entry.get("outcome") in ALERT_OUTCOMES


def subject_of(entry: Mapping[str, Any]) -> str:
    if entry.get("system") and entry.get("duty"):
        return f"{entry['system']}/{entry['duty']}"
    return str(entry.get("playbook") or "?")


def message(entry: Mapping[str, Any], held_back: int = 0) -> tuple[str, str]:
    """Title and Markdown text of one run's alert: the verdict, the hosts in trouble, the report."""
    status = entry.get("status") or entry.get("outcome", "?").upper()
    title = f"healthops {status}: {subject_of(entry)}"
    hosts = entry.get("hosts") or {}
    bad = sorted(h for h, c in hosts.items() if c.get("failures") or c.get("unreachable"))
    bad += sorted(h for h, r in (entry.get("host_reports") or {}).items() if r.get("status") in ALERT_STATUSES)
    bad = list(dict.fromkeys(bad))
    lines = [
        f"### {title}",
        f"- playbook: {entry.get('playbook', '?')}",
        f"- outcome: {entry.get('outcome', '?')}, report: {entry.get('status') or '-'}",
        f"- started: {entry.get('started', '?')} on {entry.get('controller', '?')}",
        f"- hosts in trouble ({len(bad)} of {len(hosts)}): {', '.join(bad[:10]) or '-'}",
        f"- report: {entry.get('report_path') or '-'}",
    ]
    if entry.get("detail"):
        lines.append(f"- {entry['detail']}")
    if held_back:
        lines.append(f"- {held_back} earlier alert(s) of this subject held back by the rate limit")
    return title, "\n".join(lines) + "\n"


def decide(last_sent: float | None, now: float, min_interval: int) -> bool:
    """Send now? Yes unless this subject was sent to less than ``min_interval`` seconds ago."""
    return last_sent is None or now - last_sent >= min_interval


def dingtalk_signed_url(url: str, secret: str, now_ms: int) -> str:
    """DingTalk's 加签: HMAC-SHA256 of "<timestamp>\\n<secret>" keyed by the secret, base64, URL-encoded."""
    digest = hmac.new(secret.encode(), f"{now_ms}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    return f"{url}{'&' if '?' in url else '?'}timestamp={now_ms}&sign={sign}"


def webhook_body(kind: str, title: str, text: str) -> dict[str, Any]:
    if kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def send_webhook(config: AlertConfig, title: str, text: str, now: float) -> None:
    url = config.webhook_url
    if config.webhook_secret and config.webhook_kind == "dingtalk":
        url = dingtalk_signed_url(url, config.webhook_secret, int(now * 1000))
    if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ValueError("the alert webhook must be https:// (plain http only to this machine)")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=json.dumps(webhook_body(config.webhook_kind, title, text), ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=config.timeout) as response:  # noqa: S310
        answer = json.loads(response.read() or b"{}")
    if answer.get("errcode", 0) != 0:
        raise OSError(f"webhook refused the alert: {answer.get('errmsg', answer)}")


def send_mail(config: AlertConfig, title: str, text: str) -> None:
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = title, config.smtp_from, ", ".join(config.smtp_to)
    mail.set_content(text)
    context = ssl.create_default_context(cafile=config.smtp_cafile or None)
    with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.timeout) as smtp:
        smtp.starttls(context=context)  # refuses a server without STARTTLS: no plain-text mail
        if config.smtp_user:
            smtp.login(config.smtp_user, config.smtp_password)
        smtp.send_message(mail)


def notify(conn: Any, config: AlertConfig, entry: Mapping[str, Any], now: float | None = None) -> str:
    """Send one run's alert when it needs one and the rate allows; returns sent, held, or not needed.

    ``conn``: the ledger's SQLite connection, which keeps the rate limiter's state.
    """
    if not config.enabled() or not needs_alert(entry):
        return "not needed"
    now = time.time() if now is None else now
    conn.executescript(STATE_SCHEMA)
    subject = subject_of(entry)
    row = conn.execute("SELECT last_sent, held_back FROM alerts WHERE subject = ?", (subject,)).fetchone()
    if not decide(row[0] if row else None, now, config.min_interval):
        with conn:
            conn.execute("UPDATE alerts SET held_back = held_back + 1 WHERE subject = ?", (subject,))
        return "held"
    title, text = message(entry, row[1] if row else 0)
    errors = []
    for channel, send in (
        ("webhook", lambda: send_webhook(config, title, text, now)),
        ("mail", lambda: send_mail(config, title, text)),
    ):
        if (channel == "webhook" and config.webhook_url) or (channel == "mail" and config.smtp_host and config.smtp_to):
            try:
                send()
            except (OSError, ValueError, smtplib.SMTPException) as exc:
                errors.append(f"{channel}: {exc}")
    with conn:
        conn.execute(
            "INSERT INTO alerts (subject, last_sent, held_back) VALUES (?, ?, 0)"
            " ON CONFLICT(subject) DO UPDATE SET last_sent = excluded.last_sent, held_back = 0",
            (subject, now),
        )
    if errors:
        raise OSError("; ".join(errors))
    return "sent"


def config_from_env(environ: Mapping[str, str]) -> AlertConfig:
    """The alert settings from HEALTHOPS_ALERT_* (the callback's environment names)."""

    def get(name: str, default: str = "") -> str:
        return environ.get(f"HEALTHOPS_ALERT_{name}", default)

    return AlertConfig(
        webhook_url=get("WEBHOOK_URL"),
        webhook_kind=get("WEBHOOK_KIND", "dingtalk"),
        webhook_secret=get("WEBHOOK_SECRET"),
        smtp_host=get("SMTP_HOST"),
        smtp_port=int(get("SMTP_PORT", "587")),
        smtp_from=get("SMTP_FROM"),
        smtp_to=tuple(a.strip() for a in get("SMTP_TO").split(",") if a.strip()),
        smtp_user=get("SMTP_USER"),
        smtp_password=get("SMTP_PASSWORD"),
        smtp_cafile=get("SMTP_CAFILE"),
        min_interval=int(get("MIN_INTERVAL", "3600")),
    )
