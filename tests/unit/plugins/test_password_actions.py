"""The password_store and password_login action plugins in a real ansible-playbook run on localhost:
the store opened with the run's --vault-id secret, staged, promoted and discarded; check mode and a
bad policy write nothing; a failed login is a result, not a task failure, and says why."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ansible.module_utils.healthops.controller.crypt_hash import CryptError, crypt_with
from ansible.parsing.vault import VaultLib, VaultSecret
from healthops_testlib import REPO, load_plugin
from passlab import pass_store

PLAYBOOK = """
- name: Password store and login
  hosts: localhost
  gather_facts: false
  vars:
    store: "{dir}/inv/password_store.vault"
  tasks:
    - name: Store | Check before anything exists
      ansible.legacy.password_store: {{op: check, path: "{{{{ store }}}}"}}
    - name: Store | Stage twice, promote the second, stage and discard a third
      ansible.legacy.password_store:
        op: stage
        path: "{{{{ store }}}}"
        host: db01
        account: opsadmin
        policy: {{length: 16}}
      register: staged
      loop: [1, 2, 3]
      no_log: true
    - name: Store | Promote
      ansible.legacy.password_store:
        {{op: promote, path: "{{{{ store }}}}", host: db01, account: opsadmin, version: 2, keep: 1}}
      register: promoted
    - name: Store | Discard
      ansible.legacy.password_store:
        {{op: discard, path: "{{{{ store }}}}", host: db01, account: opsadmin, version: 3}}
      register: discarded
    - name: Store | Check mode stages nothing
      ansible.legacy.password_store: {{op: stage, path: "{{{{ store }}}}", host: db01, account: x}}
      check_mode: true
      register: checked
    - name: Store | A bad policy is refused
      ansible.legacy.password_store:
        {{op: stage, path: "{{{{ store }}}}", host: db01, account: y, policy: {{max_age_days: 7}}}}
      register: refused
      failed_when: refused is not failed or 'max_age_days' not in refused.msg
    - name: Login | A closed port is a failed login, not a failed task
      ansible.legacy.password_login:
        {{host: 127.0.0.1, port: 9, user: u, password: "x", known_hosts_file: "{dir}/known_hosts", timeout: 3}}
      register: login
      no_log: true
    - name: Show the results
      ansible.builtin.copy:
        content: "{{{{ {{'promoted': promoted, 'discarded': discarded, 'checked': checked, 'login': login,
          'passwords': staged.results | map(attribute='password') | list,
          'hashes': staged.results | map(attribute='password_hash') | list}} | to_json }}}}"
        dest: "{dir}/results.json"
        mode: "0600"
"""


def test_store_and_login_actions(tmp_path: Path) -> None:
    (tmp_path / "play.yml").write_text(PLAYBOOK.format(dir=tmp_path))
    (tmp_path / "known_hosts").write_text("")
    (tmp_path / "vault-pass").write_text("unit-vault\n")
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(tmp_path / "ledger"))
    env["ANSIBLE_LOCALHOST_WARNING"] = "False"
    run = subprocess.run(
        [str(Path(sys.executable).with_name("ansible-playbook")), "-i", "localhost,", "-c", "local"]
        + [str(tmp_path / "play.yml"), "--vault-id", f"healthops@{tmp_path / 'vault-pass'}", "-vvv"]
        + ["-e", f"ansible_python_interpreter={sys.executable}"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    passwords = results["passwords"]
    assert len(set(passwords)) == 3
    assert all(len(p) == 16 for p in passwords)
    assert all(h.startswith("$6$") for h in results["hashes"])
    assert not [p for p in passwords if p in run.stdout + run.stderr]
    assert results["promoted"]["versions"] == {"db01/opsadmin": [[2, "current"], [3, "staged"]]}
    assert results["discarded"]["versions"] == {"db01/opsadmin": [[2, "current"]]}
    assert results["checked"]["changed"] is True
    assert results["login"]["login_ok"] is False
    assert "cannot reach 127.0.0.1:9" in results["login"]["reason"]
    store = tmp_path / "inv" / "password_store.vault"
    doc = json.loads(VaultLib([("healthops", VaultSecret(b"unit-vault"))]).decrypt(store.read_bytes()))
    # version 1 was staged and never verified: a newer verified one replaced it
    assert [(v["version"], v["state"], v["password"]) for v in doc["entries"]["db01/opsadmin"]["versions"]] == [
        (2, "current", passwords[1])
    ]
    assert (store.stat().st_mode & 0o777) == 0o600


def test_without_a_vault_secret_the_check_stops(tmp_path: Path) -> None:
    play = tmp_path / "play.yml"
    play.write_text(
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
        f"    - ansible.legacy.password_store: {{op: check, path: {tmp_path}/s.vault}}\n"
    )
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(tmp_path / "ledger"))
    env.pop("ANSIBLE_VAULT_IDENTITY_LIST", None)
    env.pop("ANSIBLE_VAULT_PASSWORD_FILE", None)
    run = subprocess.run(
        [str(Path(sys.executable).with_name("ansible-playbook")), "-i", "localhost,", "-c", "local", str(play)],
        env=env, cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode != 0
    assert "no vault secret" in run.stdout


PASS_PLAYBOOK = """
- name: Password store in pass
  hosts: localhost
  gather_facts: false
  module_defaults:
    ansible.legacy.password_store: {{backend: pass, path: /nonexistent, pass_prefix: ops}}
  tasks:
    - name: Store | Check the pass store
      ansible.legacy.password_store: {{op: check}}
    - name: Store | Stage twice, promote the second
      ansible.legacy.password_store: {{op: stage, host: db01, account: opsadmin, policy: {{length: 16}}}}
      register: staged
      loop: [1, 2]
      no_log: true
    - name: Store | Promote
      ansible.legacy.password_store: {{op: promote, host: db01, account: opsadmin, version: 2, keep: 1}}
      register: promoted
    - name: Store | Read the ages
      ansible.legacy.password_store: {{op: check}}
      register: checked
    - name: Show the results, and what community.general.passwordstore reads
      ansible.builtin.copy:
        content: "{{{{ {{'promoted': promoted, 'checked': checked,
          'passwords': staged.results | map(attribute='password') | list,
          'lookup': lookup('community.general.passwordstore', 'ops/db01/opsadmin')}} | to_json }}}}"
        dest: "{dir}/results.json"
        mode: "0600"
      no_log: true
"""


def test_the_pass_backend_through_the_action_and_the_passwordstore_lookup(tmp_path: Path) -> None:
    (tmp_path / "play.yml").write_text(PASS_PLAYBOOK.format(dir=tmp_path))
    with pass_store() as (_directory, pass_env):
        env = dict(pass_env, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(tmp_path / "ledger"))
        env["ANSIBLE_LOCALHOST_WARNING"] = "False"
        env.pop("ANSIBLE_VAULT_IDENTITY_LIST", None)  # the pass backend needs no vault secret
        run = subprocess.run(
            [str(Path(sys.executable).with_name("ansible-playbook")), "-i", "localhost,", "-c", "local", "-vvv"]
            + [str(tmp_path / "play.yml"), "-e", f"ansible_python_interpreter={sys.executable}"],
            env=env, cwd=REPO, capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    passwords = results["passwords"]
    # The lookup gives the promoted, current password; the first staged one went with the promotion.
    assert results["lookup"] == passwords[1]
    assert results["promoted"]["versions"] == {"db01/opsadmin": [[2, "current"]]}
    assert results["checked"]["ages"] == {"db01/opsadmin": 0}
    assert not [p for p in passwords if p in run.stdout + run.stderr]


def test_stage_with_yescrypt_hashes_on_the_controller(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    action = load_plugin("action", "password_store")
    secrets = [("healthops", VaultSecret(b"unit-vault"))]
    args = {"op": "stage", "path": str(tmp_path / "s.vault"), "host": "db01", "account": "opsadmin", "version": None,
            "policy": {}, "hash_scheme": "yescrypt", "keep": 3, "vault_id": None, "backend": "vault",
            "pass_dir": None, "pass_prefix": "healthops"}  # fmt: skip
    out = action.run_op(args, secrets, False)
    assert out["password_hash"].startswith("$y$")
    assert crypt_with(out["password"], out["password_hash"]) == out["password_hash"]
    # A controller whose libcrypt cannot make the hash stops at the check, and stages nothing.
    monkeypatch.setattr(action, "yescrypt_hash", lambda _pw: (_ for _ in ()).throw(CryptError("no yescrypt here")))
    with pytest.raises(action.password_vault.StoreError, match="no yescrypt here"):
        action.run_op({**args, "op": "check"}, secrets, False)
    with pytest.raises(action.password_vault.StoreError, match="no yescrypt here"):
        action.run_op({**args, "account": "other"}, secrets, False)
    doc = json.loads(VaultLib(secrets).decrypt((tmp_path / "s.vault").read_bytes()))
    assert list(doc["entries"]) == ["db01/opsadmin"]
