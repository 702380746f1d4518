"""playbooks/rotate_passwords.yml rotating application accounts against a real PostgreSQL, at -vvv:
a database account whose password sits in a Tomcat data source (context.xml) and in the backup job's
.pgpass is rotated with both files - the application (a stand-in on 127.0.0.1 that reads context.xml on
every request and connects with it) answers its health URL with the new password; an account whose
application does not come back healthy gets its previous verifier and its previous file back, and is FAIL;
no password in the output or the ledger."""

from __future__ import annotations

import http.server
import json
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from passlab import pg_connects, pg_login_vars, pg_verifier, report_checks, rotation_site, run_rotation, store_of
from pg import PgServer, free_port, pg_server  # noqa: F401 - the session fixture

pytestmark = pytest.mark.integration
OLD = {"app_rw": "Old-App-Rotation-1", "app_down": "Old-App-Rotation-2"}
CONTEXT = """<?xml version="1.0" encoding="UTF-8"?>
<!-- the application's data source -->
<Context>
  <Resource name="jdbc/health" auth="Container" type="javax.sql.DataSource"
            driverClassName="org.postgresql.Driver" url="jdbc:postgresql://127.0.0.1:{port}/postgres"
            username="{user}" password="{password}" maxTotal="20"/>
</Context>
"""
VAULT = "app-playbook-vault"
run, connects, verifier = run_rotation, pg_connects, pg_verifier


def data_source(path: Path) -> ET.Element | None:
    """The <Resource> of a context.xml the test wrote."""
    return ET.parse(path).getroot().find("Resource")  # noqa: S314 - the test's own file


class App(http.server.BaseHTTPRequestHandler):
    """/health/<file>: reads the data source of <file> (as Tomcat does at start) and connects with it;
    /down: an application that does not come back."""

    server_pg: PgServer
    config_dir: Path

    def do_GET(self) -> None:
        status = 503
        if self.path.startswith("/health/"):
            resource = data_source(self.config_dir / self.path.rsplit("/", 1)[1])
            if resource is not None and connects(self.server_pg, resource.get("username"), resource.get("password")):
                status = 200
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def app(pg_server: PgServer, tmp_path: Path) -> Iterator[str]:  # noqa: F811 - pytest fixture injection
    handler = type("Handler", (App,), {"server_pg": pg_server, "config_dir": tmp_path})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def site(pg_server: PgServer, tmp_path: Path, app: str) -> Iterator[Path]:  # noqa: F811
    with pg_server.connect() as conn:
        for role, password in OLD.items():
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    for role, password in OLD.items():
        path = tmp_path / f"{role}.xml"
        path.write_text(CONTEXT.format(port=pg_server.port, user=role, password=password))
        path.chmod(0o640)
    (tmp_path / "pgpass").write_text(f"# the backup job\n127.0.0.1:{pg_server.port}:*:app_rw:{OLD['app_rw']}\n")
    (tmp_path / "pgpass").chmod(0o600)
    accounts = [
        {"kind": "application", "name": "app_rw", "restart": "none", "health_url": f"{app}/health/app_rw.xml",
         "files": [{"path": str(tmp_path / "app_rw.xml"), "format": "tomcat", "resource": "jdbc/health"},
                   {"path": str(tmp_path / "pgpass"), "format": "pgpass"}]},
        {"kind": "application", "name": "app_down", "health_url": f"{app}/down",
         "files": [{"path": str(tmp_path / "app_down.xml"), "format": "tomcat"}]},
    ]  # fmt: skip
    host = {
        "password_rotation_accounts": accounts,
        "password_rotation_discover": False,
        "password_rotation_app_health_retries": 2,
        "password_rotation_app_health_delay": 1,
        **pg_login_vars(pg_server),
    }
    yield rotation_site(tmp_path, "apphost", host, VAULT)
    with pg_server.connect() as conn:
        for role in OLD:
            conn.execute(f"DROP ROLE {role}")


def test_application_accounts_rotate_with_their_configuration_or_go_back(
    site: Path,
    pg_server: PgServer,  # noqa: F811
    app: str,
) -> None:
    down_file = (site / "app_down.xml").read_bytes()
    down_verifier = verifier(pg_server, "app_down")
    proc = run(site, "-vvv")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-4000:]  # app_down is FAIL

    doc = store_of(site, VAULT)
    assert set(doc["entries"]) == {"apphost/app:app_rw"}, output[-4000:]
    [version] = doc["entries"]["apphost/app:app_rw"]["versions"]
    new = version["password"]
    assert version["state"] == "current"
    # The database, the data source and the backup job's credential all hold the new password.
    assert connects(pg_server, "app_rw", new)
    assert not connects(pg_server, "app_rw", OLD["app_rw"])
    resource = data_source(site / "app_rw.xml")
    assert resource is not None
    assert resource.get("password") == new
    assert (site / "app_rw.xml").read_text().startswith('<?xml version="1.0"')  # only the password changed
    assert re.sub(r'password="[^"]*"', "", (site / "app_rw.xml").read_text()) == re.sub(
        r'password="[^"]*"', "", CONTEXT.format(port=pg_server.port, user="app_rw", password="")
    )
    pgpass_line = (site / "pgpass").read_text().splitlines()[1]
    assert pgpass_line.split(":", 4)[4].replace("\\:", ":").replace("\\\\", "\\") == new
    assert (site / "app_rw.xml").stat().st_mode & 0o777 == 0o640
    assert (site / "pgpass").stat().st_mode & 0o777 == 0o600
    assert list(site.glob("*.healthops-rotation~")) == []

    # The application that did not come back: database and file as they were.
    assert verifier(pg_server, "app_down") == down_verifier
    assert (site / "app_down.xml").read_bytes() == down_file
    assert connects(pg_server, "app_down", OLD["app_down"])

    ledger = b"".join(p.read_bytes() for p in site.glob("ledger.sqlite*"))
    secrets = (new, *OLD.values(), pg_server.password)
    assert [s for s in secrets if s in output or s.encode() in ledger] == []

    checks = report_checks(site)
    assert checks["password.rotation:app:app_rw"]["status"] == "PASS"
    assert checks["password.age:app:app_rw"]["value"] == 0
    down = checks["password.rotation:app:app_down"]
    assert down["status"] == "FAIL"
    assert "503" in down["detail"]
    assert "previous password is in place" in down["detail"]

    # Not due any more: the next run changes nothing.
    inventory = yaml.safe_load((site / "hosts.yml").read_text())
    declared = inventory["all"]["children"]["linux_servers"]["hosts"]["apphost"]["password_rotation_accounts"]
    settings = {"password_rotation_accounts": [a for a in declared if a["name"] == "app_rw"]}
    context = (site / "app_rw.xml").read_bytes()
    again = run(site, "-e", json.dumps(settings))
    assert again.returncode == 0, again.stdout[-3000:]
    assert (site / "app_rw.xml").read_bytes() == context
    assert connects(pg_server, "app_rw", new)
