# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the certificates role (controller-side): complete each deployment target with the
defaults of its type, refuse targets that cannot work, and judge the certificate material against the
site's policy. The material itself is parsed by community.crypto (x509_certificate_info,
openssl_privatekey_info, certificate_complete_chain); these filters only compare what those return,
so no certificate is parsed by hand here. Secrets (keys, keystore passwords) never pass through them."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

import ansible.module_utils

# Ansible bundles plugins/module_utils into modules but does not put it on the controller's import
# path; filters import the same files through this path (as plugins/filter/healthops.py does).
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.certs.deploy import deployed_rows, failed_rows  # noqa: E402

# What a target of each type gets when inventory leaves it out. The service account owns the key
# (0600): nginx reads its keys as root before it drops privileges; Tomcat reads them as tomcat.
TYPE_DEFAULTS: dict[str, dict[str, Any]] = {
    "nginx": {"format": "pem", "owner": "root", "group": "root", "service": "nginx", "reload": "reloaded"},
    "tomcat": {"format": "pem", "owner": "tomcat", "group": "tomcat", "service": "tomcat10", "reload": "restarted"},
    "device": {"format": "pem", "owner": "root", "group": "root", "service": "", "reload": "reloaded"},
}
# Every key of a completed target; the secrets (keystore_password, key_passphrase) are not among them.
_PATHS = ("certificate_path", "key_path", "chain_path", "ca_path", "keystore_path")
_FIELDS = (
    "name", "type", "format", "certificate_src", "key_src", "chain_src", "ca_src", *_PATHS,
    "keystore_alias", "owner", "group", "service", "reload", "host", "port", "server_name", "names",
    "check_command", "fullchain",
)  # fmt: skip
_SECRETS = ("keystore_password", "key_passphrase")


def certificates_targets(
    targets: list[dict[str, Any]], defaults: dict[str, Any], names: list[str], host: str, ca_src: str
) -> list[dict[str, Any]]:
    """Inventory's targets completed with their type's defaults, without their secrets.

    ``defaults`` overrides TYPE_DEFAULTS per type (the role's certificates_<type>_* variables), ``names``
    are the host's names a server certificate must cover, ``host`` the address the controller's TLS
    handshake connects to, ``ca_src`` the configured CA on the controller.
    """
    done = []
    for target in targets or []:
        kind = str(target.get("type", ""))
        base = dict(TYPE_DEFAULTS.get(kind, {}), **(defaults or {}).get(kind, {}))
        item: dict[str, Any] = dict.fromkeys(_FIELDS, "")
        item.update(base)
        item.update({k: v for k, v in target.items() if k not in _SECRETS and v is not None})
        item["names"] = list(target.get("names") or (names if kind != "device" else []))
        item["host"] = target.get("host") or host
        item["server_name"] = target.get("server_name") or (item["names"][0] if item["names"] else "")
        item["ca_src"] = target.get("ca_src") or ca_src
        item["check_command"] = list(target.get("check_command") or [])
        item["fullchain"] = bool(target.get("fullchain", kind == "nginx"))
        item["keystore_alias"] = target.get("keystore_alias") or "tomcat"
        item["has_keystore_password"] = bool(target.get("keystore_password"))
        done.append(item)
    return done


def certificates_target_errors(targets: list[dict[str, Any]]) -> list[str]:
    """What makes a completed target unusable, each naming the target and the variable."""
    errors: list[str] = []
    seen_names: set[str] = set()
    seen_paths: dict[str, str] = {}
    for target in targets:
        name = target["name"]
        where = f"certificates_targets[{name}]"
        if name in seen_names:
            errors.append(f"{where}: the name is used by two targets")
        seen_names.add(name)
        if target["type"] not in TYPE_DEFAULTS:
            errors.append(f"{where}.type: {target['type']!r} is not one of {', '.join(TYPE_DEFAULTS)}")
            continue
        if target["format"] == "pkcs12":
            if target["type"] != "tomcat":
                errors.append(f"{where}.format: pkcs12 is for Tomcat keystores only")
            if not target["keystore_path"]:
                errors.append(f"{where}.keystore_path: a pkcs12 target needs the keystore's path")
            if not target["has_keystore_password"]:
                errors.append(f"{where}.keystore_password: a pkcs12 target needs it (keep it in ansible-vault)")
        else:
            for key in ("certificate_path", "key_path"):
                if not target[key]:
                    errors.append(f"{where}.{key}: a pem target needs it")
        for key in ("certificate_src", "key_src"):
            if not target[key]:
                errors.append(f"{where}.{key}: the file on the controller is required")
        for key in _PATHS:
            path = str(target[key])
            if path and not path.startswith("/"):
                errors.append(f"{where}.{key}: {path!r} is not an absolute path")
            elif path and path in seen_paths:
                errors.append(f"{where}.{key}: {path} is also written by {seen_paths[path]}")
            elif path:
                seen_paths[path] = name
        if target["ca_path"] and not target["ca_src"]:
            errors.append(f"{where}.ca_path: set certificates_ca_file (or ca_src) to write the CA")
        if target["type"] != "device":
            if not target["port"]:
                errors.append(f"{where}.port: the TLS port the controller checks the served certificate on")
            if not target["names"]:
                errors.append(f"{where}.names: the names the certificate must cover (certificates_names)")
            if not target["service"]:
                errors.append(f"{where}.service: the systemd unit that serves the certificate")
        if target["reload"] not in ("reloaded", "restarted"):
            errors.append(f"{where}.reload: {target['reload']!r} is not reloaded or restarted")
        if not all(isinstance(arg, str) for arg in target["check_command"]):
            errors.append(f"{where}.check_command: a list of strings (argv)")
    return errors


def _covers(san: list[str], name: str) -> bool:
    """True when one subjectAltName entry covers ``name`` (RFC 6125: a wildcard spans one left label)."""
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        address = None
    for entry in san or []:
        kind, _, value = entry.partition(":")
        if address is not None:
            if kind == "IP" and "/" not in value and ipaddress.ip_address(value) == address:
                return True
            continue
        if kind != "DNS":
            continue
        want, have = name.lower().rstrip("."), value.lower().rstrip(".")
        if want == have:
            return True
        if have.startswith("*.") and "." in want and want.split(".", 1)[1] == have[2:]:
            return True
    return False


def certificates_material_errors(
    target: dict[str, Any],
    cert: dict[str, Any],
    key: dict[str, Any],
    chain: dict[str, Any],
    policy: dict[str, Any],
) -> list[str]:
    """The policy's verdict on one target's material, from community.crypto's own results.

    ``cert`` is x509_certificate_info's result (with valid_at now and min), ``key``
    openssl_privatekey_info's, ``chain`` certificate_complete_chain's (without ``complete_chain`` when
    the chain does not reach the configured CA). ``policy``: min_days, min_rsa_bits, min_ec_bits, signature_algorithms.
    """
    where = f"certificates_targets[{target['name']}]"
    errors: list[str] = []
    # The tasks register with failed_when: false (every target is judged, not only the first bad one),
    # so a failed read shows as the absence of what a successful one returns.
    if "serial_number" not in cert:
        return [f"{where}.certificate_src: not a PEM certificate ({cert.get('msg', '?')})"]
    if "public_key_fingerprints" not in key or not key.get("can_parse_key", True):
        return [f"{where}.key_src: the private key cannot be read (wrong passphrase or not a key)"]
    if cert.get("public_key_fingerprints", {}).get("sha256") != key.get("public_key_fingerprints", {}).get("sha256"):
        errors.append(f"{where}.key_src: the private key does not match the certificate")
    valid = cert.get("valid_at", {})
    if not valid.get("now"):
        errors.append(f"{where}.certificate_src: not valid now (not before {cert.get('not_before')}, "
                      f"not after {cert.get('not_after')})")  # fmt: skip
    elif not valid.get("min"):
        errors.append(f"{where}.certificate_src: expires {cert.get('not_after')}, "
                      f"within certificates_min_days ({policy['min_days']})")  # fmt: skip
    if "complete_chain" not in chain:
        errors.append(f"{where}.chain_src: the chain is not complete to the configured CA ({chain.get('msg', '?')})")
    missing = [n for n in target.get("names", []) if not _covers(cert.get("subject_alt_name") or [], n)]
    if missing:
        san = ", ".join(cert.get("subject_alt_name") or []) or "none"
        errors.append(f"{where}.names: the certificate's SAN ({san}) does not cover {', '.join(missing)}")
    kind, data = cert.get("public_key_type"), cert.get("public_key_data") or {}
    if kind == "RSA" and int(data.get("size", 0)) < int(policy["min_rsa_bits"]):
        errors.append(f"{where}.certificate_src: RSA key of {data.get('size')} bits, "
                      f"under certificates_min_rsa_bits ({policy['min_rsa_bits']})")  # fmt: skip
    elif kind == "ECC" and int(data.get("exponent_size", 0)) < int(policy["min_ec_bits"]):
        errors.append(f"{where}.certificate_src: EC key of {data.get('exponent_size')} bits, "
                      f"under certificates_min_ec_bits ({policy['min_ec_bits']})")  # fmt: skip
    elif kind not in ("RSA", "ECC", "Ed25519", "Ed448"):
        errors.append(f"{where}.certificate_src: {kind} keys are not allowed")
    if cert.get("signature_algorithm") not in policy["signature_algorithms"]:
        errors.append(f"{where}.certificate_src: signature algorithm {cert.get('signature_algorithm')} "
                      "is not in certificates_signature_algorithms")  # fmt: skip
    return errors


def certificates_all_material_errors(
    targets: list[dict[str, Any]],
    certs: list[dict[str, Any]],
    keys: list[dict[str, Any]],
    chains: list[dict[str, Any]],
    policy: dict[str, Any],
) -> list[str]:
    """certificates_material_errors of every target; the three lists are the registered results of the
    role's validation loops over the same targets, in the same order."""
    errors: list[str] = []
    for target, cert, key, chain in zip(targets, certs, keys, chains, strict=True):
        errors.extend(certificates_material_errors(target, cert, key, chain, policy))
    return errors


def certificates_touched(targets: list[dict[str, Any]], paths: list[str]) -> list[str]:
    """The names of the targets that write one of ``paths`` (the files a rollback restored)."""
    return [t["name"] for t in targets if any(t[key] and t[key] in paths for key in _PATHS)]


def certificates_served_line(result: dict[str, Any], before: dict[str, Any]) -> str:
    """What an endpoint presents after the rollback, as the failure message says it: ``result`` is one
    get_certificate loop result (its ``item`` the target), ``before`` the serial each target's endpoint
    served before the run, by name (None when it did not answer then)."""
    target = result.get("item") or {}
    name, where = target.get("name", "?"), f"{target.get('host', '?')}:{target.get('port', '?')}"
    serial = result.get("serial_number")
    if serial is None:
        return f"{name}: {where} does NOT answer TLS ({result.get('msg', '?')}), act now."
    if before.get(name) == serial:
        return f"{name}: {where} serves the previous certificate again (serial {serial})."
    return f"{name}: {where} presents serial {serial}; before the run it served {before.get(name)}."


def certificates_files(targets: list[dict[str, Any]]) -> list[str]:
    """Every host file the targets write, in a fixed order: the snapshot and the rollback index them."""
    return [str(t[key]) for t in targets for key in _PATHS if t[key]]


def certificates_reloads(targets: list[dict[str, Any]], changed: list[str]) -> list[dict[str, str]]:
    """The services to reload or restart after the targets named in ``changed`` got new files: each unit
    once, restarted when one of its targets needs a restart (Tomcat reads its certificates at start)."""
    units: dict[str, str] = {}
    for target in targets:
        if target["name"] in changed and target["service"] and units.get(target["service"]) != "restarted":
            units[target["service"]] = target["reload"]
    return [{"service": unit, "state": state} for unit, state in units.items()]


class FilterModule:
    """certificates role filters."""

    def filters(self) -> dict[str, Any]:
        return {
            "healthops_certificates_targets": certificates_targets,
            "healthops_certificates_target_errors": certificates_target_errors,
            "healthops_certificates_material_errors": certificates_material_errors,
            "healthops_certificates_all_material_errors": certificates_all_material_errors,
            "healthops_certificates_touched": certificates_touched,
            "healthops_certificates_served_line": certificates_served_line,
            "healthops_certificates_files": certificates_files,
            "healthops_certificates_reloads": certificates_reloads,
            # the deployment record's cert.deploy rows (healthops.certs.deploy)
            "healthops_certificates_deployed_rows": deployed_rows,
            "healthops_certificates_failed_rows": failed_rows,
        }
