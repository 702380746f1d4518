"""playbooks/rotate_passwords.yml rotating PostgreSQL roles on a real server, at -vvv: a role never
rotated is due and gets a new password that connects; a role that cannot log in (NOLOGIN) keeps its
previous verifier and is FAIL; the next run finds nothing due; no password in the output or ledger."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml
from ansible.parsing.vault import VaultLib, VaultSecret
from healthops_testlib import REPO
from passlab import pass_store
from pg import PgServer, pg_server  # noqa: F401 - the session fixture

pytestmark = pytest.mark.integration
OLD = {"rot_ok": "Old-Pg-Rotation-1", "rot_nologin": "Old-Pg-Rotation-2"}


@pytest.fixture
def site(pg_server: PgServer, tmp_path: Path) -> Any:  # noqa: F811 - pytest fixture injection
    with pg_server.connect() as conn:
        conn.execute(f"CREATE ROLE rot_ok LOGIN PASSWORD '{OLD['rot_ok']}'")
        conn.execute(f"CREATE ROLE rot_nologin NOLOGIN PASSWORD '{OLD['rot_nologin']}'")
    host = {
        "ansible_connection": "local",
        "ansible_python_interpreter": "/usr/bin/python3",  # the preflight accepts a host interpreter
        "ansible_become_method": "su",
        "password_rotation_pg_roles": ["rot_ok", "rot_nologin"],
        "password_rotation_pg_login_host": pg_server.host,
        "password_rotation_pg_login_port": pg_server.port,
        "password_rotation_pg_login_password": pg_server.password,
        "password_rotation_pg_ca_cert": str(pg_server.ca_file),
        "password_rotation_store_file": str(tmp_path / "password_store.vault"),
    }
    # The report is written by a play on localhost: the directory is every host's.
    inventory = {"all": {"vars": {"healthops_report_dir": str(tmp_path / "reports")},
                         "children": {"linux_servers": {"hosts": {"dbhost": host}}}}}  # fmt: skip
    (tmp_path / "hosts.yml").write_text(yaml.safe_dump(inventory))
    (tmp_path / "vault-pass").write_text("pg-playbook-vault\n")
    yield tmp_path
    with pg_server.connect() as conn:
        conn.execute("DROP ROLE rot_ok")
        conn.execute("DROP ROLE rot_nologin")


def run(site: Path, *extra: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(site / "ledger.sqlite"))
    env.update(env_extra or {})
    argv = [str(Path(sys.executable).with_name("ansible-playbook")), "-i", str(site / "hosts.yml")]
    argv += [str(REPO / "playbooks/rotate_passwords.yml"), "--vault-id", f"healthops@{site / 'vault-pass'}", *extra]
    return subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def store(site: Path) -> dict[str, Any]:
    lib = VaultLib([("healthops", VaultSecret(b"pg-playbook-vault"))])
    return json.loads(lib.decrypt((site / "password_store.vault").read_bytes()))


def checks(site: Path) -> dict[str, dict[str, Any]]:
    newest = max((site / "reports").glob("*/report.json"), key=lambda p: p.stat().st_mtime)
    [host] = json.loads(newest.read_text())["hosts"]
    return {c["id"]: c for c in host["checks"]}


def verifier(server: PgServer, role: str) -> str:
    with server.connect() as conn:
        return conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (role,)).fetchone()[0]


def connects(server: PgServer, role: str, password: str) -> bool:
    try:
        with psycopg.connect(server.conninfo("postgres", user=role, password=password)):
            return True
    except psycopg.OperationalError:
        return False


def test_roles_rotated_verified_or_put_back(site: Path, pg_server: PgServer) -> None:  # noqa: F811
    before_nologin = verifier(pg_server, "rot_nologin")
    first = run(site, "-vvv")
    assert first.returncode != 0, first.stdout[-2000:]  # rot_nologin is FAIL
    assert (site / "password_store.vault").exists(), first.stdout[-6000:]
    doc = store(site)
    assert set(doc["entries"]) == {"dbhost/pg:rot_ok"}
    [version] = doc["entries"]["dbhost/pg:rot_ok"]["versions"]
    new = version["password"]
    assert version["state"] == "current"
    assert connects(pg_server, "rot_ok", new)
    assert not connects(pg_server, "rot_ok", OLD["rot_ok"])
    assert verifier(pg_server, "rot_nologin") == before_nologin
    output = first.stdout + first.stderr
    ledger = b"".join(p.read_bytes() for p in site.glob("ledger.sqlite*"))
    assert [p for p in (new, *OLD.values(), pg_server.password) if p in output or p.encode() in ledger] == []
    found = checks(site)
    assert found["password.rotation:pg:rot_ok"]["status"] == "PASS"
    assert found["password.age:pg:rot_ok"]["value"] == 0
    assert found["password.rotation:pg:rot_nologin"]["status"] == "FAIL"
    assert "previous password is in place" in found["password.rotation:pg:rot_nologin"]["detail"]
    assert found["password.age:pg:rot_nologin"]["status"] == "FAIL"  # never rotated: age unknown

    # The next run finds rot_ok not due and changes nothing.
    store_bytes = (site / "password_store.vault").read_bytes()
    second = run(site, "-e", '{"password_rotation_pg_roles": ["rot_ok"]}')
    assert second.returncode == 0, second.stdout[-2000:]
    assert (site / "password_store.vault").read_bytes() == store_bytes
    assert "changed=0" in second.stdout.split("PLAY RECAP")[-1].split("dbhost")[1].split("\n")[0]
    assert "password.rotation:pg:rot_ok" not in checks(site)


def test_the_pass_backend_holds_the_password_that_connects(site: Path, pg_server: PgServer) -> None:  # noqa: F811
    with pass_store() as (directory, env):
        settings = {"password_rotation_store_backend": "pass", "password_rotation_store_pass_dir": directory,
                    "password_rotation_pg_roles": ["rot_ok"]}  # fmt: skip
        proc = run(site, "-vvv", "-e", json.dumps(settings), env_extra={"GNUPGHOME": env["GNUPGHOME"]})
        shown = subprocess.run(["pass", "show", "healthops/dbhost/pg:rot_ok"], env=env, capture_output=True,
                               text=True, check=True).stdout  # fmt: skip
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    new = shown.split("\n", 1)[0]
    assert connects(pg_server, "rot_ok", new)
    assert not connects(pg_server, "rot_ok", OLD["rot_ok"])
    assert not (site / "password_store.vault").exists()
    assert [p for p in (new, OLD["rot_ok"]) if p in output] == []
    found = checks(site)
    assert found["password.rotation:pg:rot_ok"]["status"] == "PASS"
    assert "pass healthops/dbhost/pg:rot_ok version 1" in found["password.rotation:pg:rot_ok"]["detail"]
    assert found["password.age:pg:rot_ok"]["value"] == 0  # the age read back from pass
