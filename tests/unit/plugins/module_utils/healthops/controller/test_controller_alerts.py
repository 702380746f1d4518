"""healthops.controller.alerts through the ledger callback: a failed run sends one message (not one
per host) to a webhook and by e-mail, tested against an HTTP server and an SMTP server with
STARTTLS that the test starts on 127.0.0.1; a second failure within the interval is held back."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import json
import os
import socketserver
import ssl
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from ansible.module_utils.healthops.controller import alerts
from healthops_testlib import REPO

SECRET = "SEC-test-signing-secret"


class Webhook(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        self.received.append({"body": json.loads(body), "query": query})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

    def log_message(self, *args: Any) -> None:
        pass


class Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP: EHLO, STARTTLS (then only over TLS), MAIL, RCPT, DATA, QUIT."""

    context: ssl.SSLContext
    mails: ClassVar[list[dict[str, Any]]] = []

    def send(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        tls = False
        self.send("220 127.0.0.1 ESMTP test")
        while line := self.rfile.readline().decode().strip():
            verb = line.split(" ")[0].upper()
            if verb == "EHLO":
                self.send("250-127.0.0.1" if not tls else "250 127.0.0.1")
                if not tls:
                    self.send("250 STARTTLS")
            elif verb == "STARTTLS":
                self.send("220 go ahead")
                self.connection = self.context.wrap_socket(self.connection, server_side=True)
                self.rfile, self.wfile = self.connection.makefile("rb"), self.connection.makefile("wb")
                tls = True
            elif verb == "DATA":
                self.send("354 end with .")
                data = []
                while (part := self.rfile.readline().decode()) not in (".\r\n", ""):
                    data.append(part)
                self.mails.append({"tls": tls, "data": "".join(data)})
                self.send("250 queued")
            elif verb == "QUIT":
                self.send("221 bye")
                return
            else:
                self.send("250 ok")


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[dict[str, Any]]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    Smtp.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    Smtp.context.load_cert_chain(cert, key)
    Webhook.received, Smtp.mails = [], []
    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    smtp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Smtp)
    for server in (web, smtp):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield {"web": web.server_address[1], "smtp": smtp.server_address[1], "cafile": str(cert)}
    finally:
        web.shutdown()
        smtp.shutdown()


def run_failing_playbook(tmp_path: Path, servers: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    inventory = tmp_path / "hosts.yml"
    hosts = "".join(
        f"    {h}: {{ansible_connection: local, ansible_python_interpreter: {sys.executable}}}\n"
        for h in ("db-01", "db-02", "db-03")
    )
    inventory.write_text(f"all:\n  hosts:\n{hosts}")
    playbook = tmp_path / "play.yml"
    playbook.write_text(
        "- name: Play\n  hosts: all\n  gather_facts: false\n  tasks:\n"
        "    - name: Check | Fail on every host\n      ansible.builtin.fail:\n        msg: broken\n"
    )
    env = dict(
        os.environ,
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        HEALTHOPS_LEDGER=str(tmp_path / "ledger.sqlite"),
        HEALTHOPS_DUTY="db_health",
        HEALTHOPS_SYSTEM="petition",
        HEALTHOPS_ALERT_WEBHOOK_URL=f"http://127.0.0.1:{servers['web']}/robot/send?access_token=t",
        HEALTHOPS_ALERT_WEBHOOK_SECRET=SECRET,
        HEALTHOPS_ALERT_SMTP_HOST="127.0.0.1",
        HEALTHOPS_ALERT_SMTP_PORT=str(servers["smtp"]),
        HEALTHOPS_ALERT_SMTP_FROM="healthops@example.org",
        HEALTHOPS_ALERT_SMTP_TO="ops@example.org",
        HEALTHOPS_ALERT_SMTP_CAFILE=servers["cafile"],
    )
    return subprocess.run(
        [str(Path(sys.executable).with_name("ansible-playbook")), "-i", str(inventory), str(playbook)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_failed_run_alerts_once_by_webhook_and_mail_then_holds_back(tmp_path: Path, servers: dict) -> None:
    first = run_failing_playbook(tmp_path, servers)
    assert first.returncode == 2
    assert "alert not sent" not in first.stdout + first.stderr, first.stdout + first.stderr
    (hook,) = Webhook.received
    text = hook["body"]["markdown"]["text"]
    assert hook["body"]["msgtype"] == "markdown"
    assert "healthops FAILED: petition/db_health" in text
    assert "hosts in trouble (3 of 3): db-01, db-02, db-03" in text
    # DingTalk's signature, as the robot checks it.
    timestamp = hook["query"]["timestamp"][0]
    expected = hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    assert base64.b64decode(hook["query"]["sign"][0]) == expected
    (mail,) = Smtp.mails
    assert mail["tls"] is True
    assert "Subject: healthops FAILED: petition/db_health" in mail["data"]
    second = run_failing_playbook(tmp_path, servers)
    assert second.returncode == 2
    assert len(Webhook.received) == 1
    assert len(Smtp.mails) == 1


def test_a_held_back_count_is_named_in_the_next_message() -> None:
    entry = {"outcome": "failed", "system": "petition", "duty": "inspection", "hosts": {"a": {"failures": 1}}}
    _title, text = alerts.message(entry, held_back=4)
    assert "4 earlier alert(s) of this subject held back" in text
    assert alerts.decide(None, 100.0, 3600)
    assert not alerts.decide(100.0, 3000.0, 3600)
    assert alerts.decide(100.0, 3700.0, 3600)


@pytest.mark.parametrize(
    ("entry", "wanted"),
    [
        ({"outcome": "ok", "status": "PASS"}, False),
        ({"outcome": "ok", "status": "WARN"}, False),
        ({"outcome": "ok", "status": "FAIL"}, True),
        ({"outcome": "failed", "status": "ERROR"}, True),
        ({"outcome": "terminated"}, True),
        ({"outcome": "missed"}, True),
    ],
)
def test_which_runs_alert(entry: dict, wanted: bool) -> None:
    assert alerts.needs_alert(entry) is wanted


def test_plain_http_goes_nowhere_but_this_machine() -> None:
    config = alerts.AlertConfig(webhook_url="http://robot.example.org/send")
    with pytest.raises(ValueError, match="https"):
        alerts.send_webhook(config, "t", "x", 0.0)


def test_mail_is_never_sent_without_starttls(servers: dict) -> None:
    plain = socketserver.ThreadingTCPServer(("127.0.0.1", 0), PlainSmtp)
    threading.Thread(target=plain.serve_forever, daemon=True).start()
    try:
        config = alerts.AlertConfig(smtp_host="127.0.0.1", smtp_port=plain.server_address[1], smtp_to=("a@b",))
        with pytest.raises(Exception, match="STARTTLS"):
            alerts.send_mail(config, "t", "x")
    finally:
        plain.shutdown()


class PlainSmtp(Smtp):
    def handle(self) -> None:
        self.send("220 127.0.0.1 ESMTP plain")
        while line := self.rfile.readline().decode().strip():
            if line.upper().startswith("EHLO"):
                self.send("250 127.0.0.1")
            elif line.upper().startswith("QUIT"):
                self.send("221 bye")
                return
            else:
                self.mails.append({"tls": False, "data": line})
                self.send("250 ok")


def test_a_missed_slot_is_alerted_once(tmp_path: Path, servers: dict) -> None:
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(
        "all:\n  hosts:\n    xf-app-01:\n      healthops_system: petition\n"
        "      healthops_calendar: {inspection: daily, backup: daily}\n"
    )
    ledger = tmp_path / "ledger.sqlite"
    env = dict(
        os.environ,
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        HEALTHOPS_ALERT_WEBHOOK_URL=f"http://127.0.0.1:{servers['web']}/send",
        HEALTHOPS_ALERT_WEBHOOK_KIND="wecom",
    )
    command = [str(REPO / "bin" / "healthops"), "missed", "-i", str(inventory), "--ledger", str(ledger), "--alert"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=120)
    assert first.returncode == 3, first.stderr
    assert "MISSED petition/inspection" in first.stdout
    assert "backup" not in first.stdout  # runs on the hosts: not the controller's to miss
    (hook,) = Webhook.received
    assert hook["body"]["msgtype"] == "markdown"
    assert "healthops MISSED: petition/inspection" in hook["body"]["markdown"]["content"]
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=120)
    assert second.returncode == 3
    assert "alert: held" in second.stdout
    assert len(Webhook.received) == 1
