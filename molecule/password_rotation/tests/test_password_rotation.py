"""Password rotation end to end, on real sshd: a due account rotated and verified, one not due left
alone, the store decrypting to passwords that work, then the playbook at -vvv with a forced
rotation (nothing secret in its output or the run ledger; pwrot-b, which refuses password logins,
keeps its passwords and is FAIL) and in audit mode (every account's age, nothing changed).

The tests run in file order and build on each other.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import paramiko
import pytest
from ansible.parsing.vault import VaultLib, VaultSecret

REPO = Path(__file__).resolve().parents[3]
SCENARIO = Path(__file__).resolve().parents[1]
EPHEMERAL = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"))
INVENTORY = Path(os.environ.get("MOLECULE_INVENTORY_FILE", "/nonexistent")).parent
KNOWN_HOSTS = EPHEMERAL / "known_hosts"
STORE = EPHEMERAL / "password_store.vault"
LEDGER = EPHEMERAL / "ledger.sqlite"
PORTS = {"pwrot-a": 22941, "pwrot-b": 22942}
# prepare.yml's lab-only initial passwords.
INITIAL = {"opsadmin": "Molecule-Initial-Opsadmin-7", "appsvc": "Molecule-Initial-Appsvc-7"}
ROOT_INITIAL = "Molecule-Initial-Root-7"

pytestmark = pytest.mark.skipif(not EPHEMERAL.is_dir(), reason="runs as the Molecule verifier")


def login(host: str, user: str, password: str) -> bool:
    client = paramiko.SSHClient()
    client.load_host_keys(str(KNOWN_HOSTS))
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    try:
        client.connect(
            "127.0.0.1", port=PORTS[host], username=user, password=password,
            timeout=10, allow_agent=False, look_for_keys=False,
        )  # fmt: skip
        return True
    except paramiko.AuthenticationException:
        return False
    finally:
        client.close()


def store() -> dict[str, Any]:
    secret = VaultSecret((EPHEMERAL / "vault-password").read_bytes().strip())
    plain = VaultLib([("healthops", secret)]).decrypt(STORE.read_bytes())
    return json.loads(plain)


def current(doc: dict[str, Any], key: str) -> str:
    [version] = [v for v in doc["entries"][key]["versions"] if v["state"] == "current"]
    return version["password"]


def shadow(host: str) -> str:
    out = subprocess.run(
        ["podman", "exec", host, "getent", "shadow", "opsadmin", "appsvc"], capture_output=True, text=True, check=True
    )
    return out.stdout


def passwords_of(host: str) -> list[list[str]]:
    """Each account's name, hash and day of last change (the aging fields left out)."""
    return [line.split(":")[:3] for line in shadow(host).splitlines()]


def playbook(*extra: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOME=str(home)) if home else dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        ANSIBLE_VAULT_IDENTITY_LIST=f"healthops@{SCENARIO / 'vault-password.sh'}",
        HEALTHOPS_LEDGER=str(LEDGER),
        ANSIBLE_FORCE_COLOR="0",
    )
    argv = ["ansible-playbook", "-i", str(INVENTORY), str(REPO / "playbooks/rotate_passwords.yml"), *extra]
    return subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def newest_report() -> dict[str, Any]:
    reports = sorted((EPHEMERAL / "reports").glob("*/report.json"), key=lambda p: p.stat().st_mtime)
    return json.loads(reports[-1].read_text())


def host_checks(report: dict[str, Any], host: str) -> dict[str, dict[str, Any]]:
    [entry] = [h for h in report["hosts"] if h["host"] == host]
    return {c["id"]: c for c in entry["checks"]}


def test_the_due_account_was_rotated_and_its_new_password_logs_in() -> None:
    new = current(store(), "pwrot-a/opsadmin")
    assert new != INITIAL["opsadmin"]
    assert login("pwrot-a", "opsadmin", new)
    assert not login("pwrot-a", "opsadmin", INITIAL["opsadmin"])


def test_the_new_hash_is_sha512_by_default() -> None:
    hashes = {name: hashed for name, hashed, _day in passwords_of("pwrot-a")}
    assert hashes["opsadmin"].startswith("$6$")  # and it logs in (above)


def test_the_account_not_due_was_left_alone() -> None:
    assert "pwrot-a/appsvc" not in store()["entries"]
    assert login("pwrot-a", "appsvc", INITIAL["appsvc"])


def test_aging_follows_the_policy() -> None:
    for line in shadow("pwrot-a").splitlines():
        assert line.split(":")[4] == "60", line


def test_the_converge_result_reports_ages_rotation_and_exclusions() -> None:
    [result] = [json.loads(p.read_text()) for p in sorted(EPHEMERAL.glob("result-pwrot-a-*.json"))[:1]]
    checks = {c["id"]: c for c in result["checks"]}
    assert checks["password.rotation:opsadmin"]["status"] == "PASS"
    assert "age 100 -> 0 days" in checks["password.rotation:opsadmin"]["detail"]
    assert str(STORE) in checks["password.rotation:opsadmin"]["detail"]
    assert checks["password.age:appsvc"]["value"] == 10
    assert checks["password.excluded:tomcatdb"]["status"] == "INFO"
    # Every other account is named: root's password (prepare.yml) is under no rotation here, the
    # system accounts hold none.
    assert checks["password.unmanaged:root"]["status"] == "WARN"
    assert "daemon" in checks["password.locked"]["detail"]
    assert not [c for c in checks if c.startswith("password.unmanaged:") and c != "password.unmanaged:root"]


def test_store_file_is_private() -> None:
    assert STORE.stat().st_mode & 0o777 == 0o600


def connect_as_root(tmp: Path) -> tuple[str, Path]:
    """An inventory source that makes Ansible reach pwrot-a over SSH as root with a password (paramiko,
    host key checked in HOME's known_hosts), rotating root too; and that HOME."""
    home = tmp / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "known_hosts").write_bytes(KNOWN_HOSTS.read_bytes())
    host = {
        "ansible_connection": "paramiko_ssh",
        "ansible_host": "127.0.0.1",
        "ansible_port": PORTS["pwrot-a"],
        "ansible_user": "root",
        "ansible_password": ROOT_INITIAL,
        "password_rotation_accounts": ["opsadmin", "root", "appsvc"],
        # This run's hashes are yescrypt, made by the controller's libxcrypt; the logins below prove PAM takes them.
        "password_rotation_hash_scheme": "yescrypt",
    }
    source = tmp / "root.yml"
    source.write_text(json.dumps({"all": {"hosts": {"pwrot-a": host}}}))
    return str(source), home


def test_forced_run_at_vvv_leaks_nothing_and_the_refusing_host_keeps_its_passwords(tmp_path: Path) -> None:
    before_doc = store()
    before_b = passwords_of("pwrot-b")
    old = {INITIAL["opsadmin"], INITIAL["appsvc"], ROOT_INITIAL, current(before_doc, "pwrot-a/opsadmin")}
    source, home = connect_as_root(tmp_path)
    run = playbook("-i", source, "-vvv", "-e", "password_rotation_force=true", home=home)
    assert run.returncode != 0, "pwrot-b's FAIL must fail the run"
    doc = store()
    new = {current(doc, "pwrot-a/opsadmin"), current(doc, "pwrot-a/appsvc"), current(doc, "pwrot-a/root")}
    assert not new & old
    output = run.stdout + run.stderr
    assert "pwrot-a" in output
    assert "Log in over SSH with the new password" in output  # the run and its tasks are there
    # root, listed between the others, is the connection's account: rotated last.
    included = [line for line in run.stdout.splitlines() if line.startswith("included:") and "rotate_account" in line]
    order = [m.group(1) for line in included if "pwrot-a" in line and (m := re.search(r"\(item=([^)]*)\)", line))]
    assert order == ["opsadmin", "appsvc", "root"], included
    # The ledger is SQLite (WAL): its files' bytes, whatever table a value would be in.
    ledger = b"".join(p.read_bytes() for p in EPHEMERAL.glob("ledger.sqlite*"))
    assert b"pwrot-a" in ledger
    leaked = [p for p in old | new if p in output or p.encode() in ledger]
    assert leaked == [], "a password appears in the -vvv output or the ledger"
    # pwrot-a: the new passwords work, the previous ones no longer; the previous version is kept.
    assert login("pwrot-a", "opsadmin", current(doc, "pwrot-a/opsadmin"))
    assert login("pwrot-a", "appsvc", current(doc, "pwrot-a/appsvc"))
    assert not login("pwrot-a", "opsadmin", current(before_doc, "pwrot-a/opsadmin"))
    assert all(h.startswith("$y$") for _name, h, _day in passwords_of("pwrot-a")), passwords_of("pwrot-a")
    states = [v["state"] for v in doc["entries"]["pwrot-a/opsadmin"]["versions"]]
    assert sorted(states) == ["current", "previous"]
    # pwrot-b: put back exactly (hash and day of last change), nothing kept in the store, FAIL.
    assert passwords_of("pwrot-b") == before_b
    assert not [k for k in doc["entries"] if k.startswith("pwrot-b/")]
    checks = host_checks(newest_report(), "pwrot-b")
    assert checks["password.rotation:opsadmin"]["status"] == "FAIL"
    assert "previous password is in place" in checks["password.rotation:opsadmin"]["detail"]
    assert host_checks(newest_report(), "pwrot-a")["password.rotation:appsvc"]["status"] == "PASS"


def test_the_connection_account_was_rotated_last_and_the_run_went_on_with_it() -> None:
    doc = store()
    assert login("pwrot-a", "root", current(doc, "pwrot-a/root"))
    assert not login("pwrot-a", "root", ROOT_INITIAL)
    checks = host_checks(newest_report(), "pwrot-a")
    assert checks["password.rotation:root"]["status"] == "PASS"
    # The result task ran after root's rotation, on a new connection with root's new password.
    assert checks["password.age:root"]["value"] == 0
    promoted = {a: v["promoted"] for a in ("opsadmin", "appsvc", "root")
                for v in doc["entries"][f"pwrot-a/{a}"]["versions"] if v["state"] == "current"}  # fmt: skip
    assert promoted["root"] >= max(promoted["opsadmin"], promoted["appsvc"])


def test_audit_mode_reports_every_age_and_changes_nothing() -> None:
    before = {h: shadow(h) for h in PORTS}
    before_store = STORE.read_bytes()
    run = playbook("-e", "password_rotation_mode=audit")
    assert run.returncode != 0, "pwrot-b's 100-day-old password is FAIL"
    assert {h: shadow(h) for h in PORTS} == before
    assert STORE.read_bytes() == before_store
    report = newest_report()
    for host in PORTS:
        checks = host_checks(report, host)
        assert {"password.age:opsadmin", "password.age:appsvc"} <= set(checks)
        assert not [c for c in checks if c.startswith("password.rotation:")]
    assert host_checks(report, "pwrot-b")["password.age:opsadmin"]["status"] == "FAIL"
    assert host_checks(report, "pwrot-a")["password.age:opsadmin"]["status"] == "PASS"
    # Every account of each host is in the record: pwrot-b's root holds no password, pwrot-a's does.
    b_locked = host_checks(report, "pwrot-b")["password.locked"]["detail"].split(": ", 1)[1].split(", ")
    assert {"root", "daemon", "sshd"} <= set(b_locked)
    assert "password.unmanaged:root" in host_checks(report, "pwrot-a")
