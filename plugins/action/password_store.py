# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""password_store: the vault-encrypted password store (library/password_store.py documents it).

An action plugin, not an in-process module, because it needs the run's vault secrets, which only
the controller's loader holds.
"""

from __future__ import annotations

import datetime
import os
from functools import partial
from pathlib import Path
from typing import Any

import ansible.module_utils

# plugins/module_utils is bundled into modules by Ansible but not importable on
# the controller: add it, as the other action plugins do.
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.errors import AnsibleActionFail  # noqa: E402
from ansible.module_utils.healthops.controller import password_pass, password_vault  # noqa: E402
from ansible.module_utils.healthops.controller.crypt_hash import CryptError, yescrypt_hash  # noqa: E402
from ansible.module_utils.healthops.controller.inprocess import library_args  # noqa: E402
from ansible.module_utils.healthops.passwords import store  # noqa: E402
from ansible.module_utils.healthops.passwords.generate import generate_password, hash_password  # noqa: E402
from ansible.module_utils.healthops.passwords.policy import validate_policy  # noqa: E402
from ansible.plugins.action import ActionBase  # noqa: E402

NEEDS = {
    "stage": ("host", "account"),
    "promote": ("host", "account", "version"),
    "discard": ("host", "account", "version"),
}


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def crypt_hash(password: str, scheme: str) -> str:
    """The hash to set on the host: SHA-512 crypt in pure Python, yescrypt from the controller's libxcrypt."""
    if scheme == "yescrypt":
        try:
            return yescrypt_hash(password)
        except CryptError as exc:
            raise password_vault.StoreError(str(exc)) from None
    return hash_password(password, scheme)


def _stage(args: dict[str, Any], out: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    password = generate_password(args["policy"])
    # Hashed before it is stored: a scheme the controller cannot make stops with nothing staged.
    password_hash = crypt_hash(password, args["hash_scheme"])
    key = store.entry_key(args["host"], args["account"])
    new, number = store.stage(doc, key, password, _now())
    out.update(password=password, password_hash=password_hash, version=number)
    return new


def pass_dir(args: dict[str, Any]) -> str:
    """The pass store of the run: the option, PASSWORD_STORE_DIR, or pass's own default."""
    return args["pass_dir"] or os.environ.get("PASSWORD_STORE_DIR") or str(Path("~/.password-store").expanduser())


def run_op(args: dict[str, Any], secrets: Any, check_mode: bool) -> dict[str, Any]:
    """The result of one operation on the store (raises StoreError, KeyError)."""
    op, path, in_pass = args["op"], args["path"], args["backend"] == "pass"
    missing = [n for n in NEEDS.get(op, ()) if args[n] is None]
    if missing:
        raise password_vault.StoreError("op=%s needs %s" % (op, ", ".join(missing)))
    if op == "check" or check_mode:
        crypt_hash("scheme-probe", args["hash_scheme"])  # the controller can make the hashes before a host changes
        doc = password_pass.load(pass_dir(args), args["pass_prefix"]) if in_pass else password_vault.load(path, secrets)
        if not in_pass and not secrets and op == "check":
            raise password_vault.StoreError("no vault secret to encrypt the password store with: give --vault-id")
        today = datetime.datetime.now(datetime.timezone.utc).date()
        return {"changed": op != "check", "versions": store.summary(doc), "ages": store.ages(doc, today),
                "version": args["version"]}  # fmt: skip
    out: dict[str, Any] = {"changed": True}
    key = store.entry_key(args["host"], args["account"])
    if op == "stage":
        edit = partial(_stage, args, out)
    elif op == "promote":
        edit = partial(store.promote, key=key, number=args["version"], keep=args["keep"], now=_now())
    else:
        edit = partial(store.discard, key=key, number=args["version"])
    if in_pass:
        doc = password_pass.change(pass_dir(args), args["pass_prefix"], key, edit)
    else:
        doc = password_vault.change(path, secrets, edit, args["vault_id"])
    out.setdefault("version", args["version"])
    out["versions"] = store.summary(doc)
    return out


class ActionModule(ActionBase):
    """Read, stage, promote or discard versions in the encrypted store."""

    MODULE_NAME = "password_store"
    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        del tmp  # unused since Ansible 2.10
        result = super().run(task_vars=task_vars)
        try:
            args = library_args(self, self.MODULE_NAME)
        except AnsibleActionFail as exc:
            result.update(failed=True, msg=str(exc))
            return result
        problems = validate_policy(args["policy"], "policy") + (["keep must be at least 0"] if args["keep"] < 0 else [])
        if problems:
            result.update(failed=True, msg="; ".join(problems))
            return result
        try:
            result.update(run_op(args, self._loader._vault.secrets, bool(self._task.check_mode)))
        except (password_vault.StoreError, KeyError) as exc:
            result.update(failed=True, msg=str(exc).strip("'\""))
        return result
