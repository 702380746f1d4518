# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The preflight's reading and judgement (action plugin healthops_preflight): what a host runs and
which Python Ansible may use there, from the output of one shell command that needs no Python, so a
host that cannot run the project's modules stops with a message naming what it has and the remedy.

``PROBE_COMMAND`` prints ``os|KEY=VALUE`` for each line of /etc/os-release and
``py|<name>|<path>|<real path>|<version>`` for each interpreter it finds (version empty when the
interpreter did not answer, or when it is another name of one already asked).
"""

from __future__ import annotations

from typing import Any

# One reading of os-release and one family mapping: the inspection's OS check uses the same.
from ansible.module_utils.healthops.inspect.system import os_family, parse_os_release

# Newest names first, so a path found under several names is listed under the most specific one;
# each real interpreter is asked its version once (a Python start costs ~20 ms per host).
PROBE_COMMAND = """\
{ cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null; } | sed 's/^/os|/'
seen=' '
for p in python3.14 python3.13 python3.12 python3.11 python3.10 python3.9 python3.8 python3.7 python3.6 \\
         /usr/libexec/platform-python /usr/bin/python3 python3 python2.7 python2 python; do
  path=$(command -v "$p" 2>/dev/null) || continue
  real=$(readlink -f "$path" 2>/dev/null || echo "$path")
  case "$seen" in
    *" $real "*) ver= ;;
    *) ver=$("$path" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null); seen="$seen$real " ;;
  esac
  echo "py|$p|$path|$real|$ver"
done
true
"""

# The interpreter modes in which Ansible discovers the interpreter itself (the preflight picks it).
AUTO_MODES = ("", "auto", "auto_silent", "auto_legacy", "auto_legacy_silent")
NEVER = "The project never installs an interpreter itself."

EL_IDS = ("rhel", "centos", "rocky", "almalinux", "anolis", "ol", "circle")


def parse_raw(stdout: str) -> dict[str, Any]:
    """``{"os": {os-release keys}, "pythons": [{name, path, real, version, aliases}]}`` from the raw output.

    The same interpreter found under several names (python3 and python3.9) is listed once, under
    the first name the command tried (the most specific), its other paths in ``aliases``.
    """
    os_lines: list[str] = []
    pythons: list[dict[str, str]] = []
    seen: set[str] = set()
    for line in stdout.replace("\r", "").splitlines():
        kind, sep, rest = line.strip().partition("|")
        if not sep:
            continue
        if kind == "os":
            os_lines.append(rest)
        elif kind == "py":
            parts = rest.split("|")
            if len(parts) != 4 or not parts[1]:
                continue
            name, path, real, version = (p.strip() for p in parts)
            real = real or path
            if real in seen:
                # Another name of one already listed: kept, so a declared interpreter matches it.
                next(p for p in pythons if p["real"] == real)["aliases"].append(path)
                continue
            seen.add(real)
            pythons.append({"name": name, "path": path, "real": real, "version": version, "aliases": []})
    return {"os": parse_os_release("\n".join(os_lines)), "pythons": pythons}


def version_tuple(text: str) -> tuple[int, ...]:
    """(3, 6) of "3.6" or "3.6.8"; () when it is not a version."""
    try:
        return tuple(int(p) for p in text.strip().split(".")[:2])
    except ValueError:
        return ()


def installed_minimum() -> str:
    """The oldest target Python the installed ansible-core runs modules on: its module_utils refuse
    anything older at import (2.19: 3.8), so this, not a table, is what a host is held to."""
    from ansible.module_utils import basic

    # 2.17 and later name it _PY_MIN; 2.16 (the last line for 3.6) _PY3_MIN.
    found = getattr(basic, "_PY_MIN", None) or getattr(basic, "_PY3_MIN", None) or (3, 8)
    return ".".join(str(p) for p in found[:2])


# What each distribution release ships, newest last: (how to get it, Python version). The remedy
# names the first one new enough; a release with none is left on an older ansible-core line.
SHIPPED: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("el", "7"): [("yum install python3 (base repository)", "3.6")],
    ("el", "8"): [
        ("set ansible_python_interpreter: /usr/libexec/platform-python (part of the system)", "3.6"),
        ("dnf install python3.11 (AppStream; python39 also works)", "3.11"),
    ],
    ("el", "9"): [("dnf install python3 (BaseOS)", "3.9")],
    ("kylin", "10"): [("dnf install python3 (Kylin V10 base repository)", "3.7")],
    ("openeuler", "20"): [("dnf install python3 (openEuler 20.03 OS repository)", "3.7")],
    ("openeuler", "22"): [("dnf install python3 (openEuler 22.03 OS repository)", "3.9")],
    ("uos", "20"): [("yum install python3 on UOS Server 20, apt-get install python3 on UOS Desktop 20", "3.7")],
    ("debian", "11"): [("apt-get install python3", "3.9")],
    ("debian", "12"): [("apt-get install python3", "3.11")],
    ("ubuntu", "20"): [("apt-get install python3", "3.8")],
    ("ubuntu", "22"): [("apt-get install python3", "3.10")],
}


def release_key(os_release: dict[str, str]) -> tuple[str, str]:
    """("el", "8") for Rocky 8.9, ("kylin", "10") for Kylin V10: the key of SHIPPED."""
    os_id = os_release.get("ID", "").lower()
    major = os_release.get("VERSION_ID", "").lower().lstrip("v").split(".")[0]
    likes = [os_id, *os_release.get("ID_LIKE", "").lower().split()]
    if os_id not in ("kylin", "openeuler", "uos") and any(i in EL_IDS for i in likes):
        return ("el", major)
    return (os_id, major)


def remedy(os_release: dict[str, str], minimum: str) -> str:
    """What the host's administrator installs (or sets) so the host has a usable interpreter."""
    shipped = SHIPPED.get(release_key(os_release))
    if shipped is None:
        if os_family(os_release) == "debian":
            return "apt-get install python3"
        return f"install Python {minimum} or later from the distribution's own repository"
    usable = [how for how, version in shipped if version_tuple(version) >= version_tuple(minimum)]
    if usable:
        return usable[0]
    newest = shipped[-1][1]
    return (
        f"this release ships Python {newest} at most and this ansible-core needs {minimum} or later: run the host "
        f"from an older ansible-core line that still runs {newest} (README, Platforms)"
    )


def describe(pythons: list[dict[str, str]]) -> str:
    if not pythons:
        return "no Python interpreter"
    return ", ".join(f"{p['path']} ({p['version'] or 'did not answer'})" for p in pythons)


def preflight(stdout: str, host: str, declared: str | None = None, minimum: str | None = None) -> dict[str, Any]:
    """The preflight record of one host: its OS, the interpreters found, the one to use, and
    ``failed``/``msg`` when there is none the installed ansible-core can use.

    ``declared`` is the host's ansible_python_interpreter (else the configured interpreter_python):
    an explicit path is checked; an auto mode lets the preflight pick the newest usable one.
    ``minimum`` defaults to what the installed ansible-core requires.
    """
    minimum = minimum or installed_minimum()
    parsed = parse_raw(stdout)
    os_release, pythons = parsed["os"], parsed["pythons"]
    name = os_release.get("PRETTY_NAME") or " ".join(
        v for v in (os_release.get("NAME", ""), os_release.get("VERSION_ID", "")) if v
    )
    explicit = bool(declared) and declared not in AUTO_MODES
    record: dict[str, Any] = {
        "host": host,
        "os": name or "unknown (no /etc/os-release)",
        "os_id": os_release.get("ID", ""),
        "os_version": os_release.get("VERSION_ID", ""),
        "family": os_family(os_release),
        "pythons": pythons,
        "minimum": minimum,
        "interpreter": "",
        "interpreter_version": "",
        "declared": explicit,
        "failed": False,
        "msg": "",
    }
    usable = [p for p in pythons if version_tuple(p["version"]) >= version_tuple(minimum)]
    has = f"{host} ({record['os']}) has {describe(pythons)}"
    needs = f"this ansible-core runs modules on Python {minimum} or later"
    if explicit:
        chosen = next((p for p in pythons if declared in (p["path"], p["real"], *p["aliases"])), None)
        if chosen is None or chosen not in usable:
            what = "is not on the host" if chosen is None else f"is Python {chosen['version'] or '(no answer)'}"
            fix = (
                "set it to " + " or ".join(p["path"] for p in usable)
                if usable
                else remedy(os_release, minimum) + ", then set it to the new interpreter"
            )
            record.update(
                failed=True,
                msg=f"preflight: {has}; its ansible_python_interpreter {declared} {what} and {needs}. "
                f"Remedy: {fix}. {NEVER}",
            )
            return record
    elif usable:
        chosen = max(usable, key=lambda p: version_tuple(p["version"]))
    else:
        record.update(
            failed=True,
            msg=f"preflight: {has}; {needs}. Remedy: {remedy(os_release, minimum)}, then run again. {NEVER}",
        )
        return record
    record.update(interpreter=declared if explicit else chosen["path"], interpreter_version=chosen["version"])
    return record


def summary(record: dict[str, Any]) -> str:
    """One line for the run's output: the OS, every interpreter with its version, the one used."""
    found = ", ".join("%s %s" % (p["path"], p["version"] or "(no answer)") for p in record["pythons"]) or "none"
    used = "using %s %s" % (record["interpreter"] or "none", record["interpreter_version"])
    return "%s; Python: %s; %s" % (record["os"], found, used.strip())
