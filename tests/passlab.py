"""What the password rotation's tests share.

A pass (passwordstore.org) store made in the test: a GnuPG home of its own with a key without a
passphrase, ``pass init`` on it, and the gpg-agent it starts stopped again.

    with pass_store() as (store_dir, env):   # env: PASSWORD_STORE_DIR and GNUPGHOME set
        subprocess.run(["pass", "show", "x"], env=env)

A site for playbooks/rotate_passwords.yml run on the controller (one host, connection local), and
what a test reads back::

    site = rotation_site(tmp_path, "dbhost", {"password_rotation_pg_roles": [...]}, "vault-secret")
    proc = run_rotation(site, "-vvv")           # the store is site/password_store.vault
    store_of(site, "vault-secret"); report_checks(site)["password.rotation:pg:x"]
    pg_login_vars(server); pg_verifier(server, "x"); pg_connects(server, "x", password)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from healthops_testlib import REPO


@contextmanager
def pass_store() -> Iterator[tuple[str, dict[str, str]]]:
    # A short directory: gpg-agent's socket path must stay under the kernel's 108 bytes.
    home = Path(tempfile.mkdtemp(prefix="hopspass"))
    gnupg, store = home / "g", home / "s"
    gnupg.mkdir(mode=0o700)
    env = dict(os.environ, GNUPGHOME=str(gnupg), PASSWORD_STORE_DIR=str(store))
    run = lambda *argv: subprocess.run(argv, env=env, check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
            "--quick-gen-key", "healthops test <pass@test.invalid>", "ed25519", "default", "never")  # fmt: skip
        run("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
            "--quick-add-key", _fingerprint(env), "cv25519", "encr", "never")  # fmt: skip
        run("pass", "init", "pass@test.invalid")
        yield str(store), env
    finally:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, check=False, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def _fingerprint(env: dict[str, str]) -> str:
    out = subprocess.run(["gpg", "--batch", "--with-colons", "--list-keys"], env=env, check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    return next(line.split(":")[9] for line in out.splitlines() if line.startswith("fpr:"))


def rotation_site(where: Path, host: str, host_vars: dict[str, Any], vault_secret: str) -> Path:
    """An inventory of one host run locally (``host_vars`` added), the store and the reports in ``where``."""
    settings = {
        "ansible_connection": "local",
        "ansible_python_interpreter": "/usr/bin/python3",  # the preflight accepts a host interpreter
        "ansible_become_method": "su",
        "password_rotation_store_file": str(where / "password_store.vault"),
        **host_vars,
    }
    # The report is written by a play on localhost: the directory is every host's.
    inventory = {"all": {"vars": {"healthops_report_dir": str(where / "reports")},
                         "children": {"linux_servers": {"hosts": {host: settings}}}}}  # fmt: skip
    (where / "hosts.yml").write_text(yaml.safe_dump(inventory))
    (where / "vault-pass").write_text(vault_secret + "\n")
    return where


def run_rotation(site: Path, *extra: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """ansible-playbook playbooks/rotate_passwords.yml on the site, its run ledger in the site."""
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(site / "ledger.sqlite"))
    env.update(env_extra or {})
    argv = [str(Path(sys.executable).with_name("ansible-playbook")), "-i", str(site / "hosts.yml")]
    argv += [str(REPO / "playbooks/rotate_passwords.yml"), "--vault-id", f"healthops@{site / 'vault-pass'}", *extra]
    return subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def store_of(site: Path, vault_secret: str) -> dict[str, Any]:
    from ansible.parsing.vault import VaultLib, VaultSecret

    lib = VaultLib([("healthops", VaultSecret(vault_secret.encode()))])
    return json.loads(lib.decrypt((site / "password_store.vault").read_bytes()))


def report_checks(site: Path) -> dict[str, dict[str, Any]]:
    """The checks of the newest report's only host, by id."""
    newest = max((site / "reports").glob("*/report.json"), key=lambda p: p.stat().st_mtime)
    [host] = json.loads(newest.read_text())["hosts"]
    return {c["id"]: c for c in host["checks"]}


def pg_login_vars(server: Any) -> dict[str, Any]:
    """The role's settings that reach a tests/integration/pg.py server (TLS verified against its CA)."""
    return {
        "password_rotation_pg_login_host": server.host,
        "password_rotation_pg_login_port": server.port,
        "password_rotation_pg_login_password": server.password,
        "password_rotation_pg_ca_cert": str(server.ca_file),
    }


def pg_verifier(server: Any, role: str) -> str:
    with server.connect() as conn:
        return conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (role,)).fetchone()[0]


def pg_connects(server: Any, role: str, password: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(server.conninfo("postgres", user=role, password=password)):
            return True
    except psycopg.OperationalError:
        return False
