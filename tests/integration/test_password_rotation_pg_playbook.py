"""playbooks/rotate_passwords.yml rotating PostgreSQL roles on a real server, at -vvv: a role never
rotated is due and gets a new password that connects; a role that cannot log in (NOLOGIN) keeps its
previous verifier and is FAIL; the next run finds nothing due; no password in the output or ledger."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from passlab import (
    pass_store,
    pg_connects,
    pg_login_vars,
    pg_verifier,
    report_checks,
    rotation_site,
    run_rotation,
    store_of,
)
from pg import PgServer, pg_server  # noqa: F401 - the session fixture

pytestmark = pytest.mark.integration
OLD = {"rot_ok": "Old-Pg-Rotation-1", "rot_nologin": "Old-Pg-Rotation-2"}
VAULT = "pg-playbook-vault"
run, checks = run_rotation, report_checks
verifier, connects = pg_verifier, pg_connects


@pytest.fixture
def site(pg_server: PgServer, tmp_path: Path) -> Any:  # noqa: F811 - pytest fixture injection
    with pg_server.connect() as conn:
        conn.execute(f"CREATE ROLE rot_ok LOGIN PASSWORD '{OLD['rot_ok']}'")
        conn.execute(f"CREATE ROLE rot_nologin NOLOGIN PASSWORD '{OLD['rot_nologin']}'")
    host = {"password_rotation_pg_roles": ["rot_ok", "rot_nologin"], **pg_login_vars(pg_server)}
    yield rotation_site(tmp_path, "dbhost", host, VAULT)
    with pg_server.connect() as conn:
        conn.execute("DROP ROLE rot_ok")
        conn.execute("DROP ROLE rot_nologin")


def store(site: Path) -> dict[str, Any]:
    return store_of(site, VAULT)


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
