# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tomcat tuning values: sizes, heap and limits, and the validation of the ``tomcat`` role's settings.

The role validates inventory on the controller (through ``plugins/filter/healthops_tomcat.py``) before
any host is changed, with messages that name the role variable. Pure functions; standard library only,
Python >= 3.6 (kept target-safe like the rest of the package).
"""

from __future__ import absolute_import, division, print_function

import codecs
import math
import re
from typing import Any, Dict, Iterable, List, Optional

from ansible.module_utils.healthops.tomcat.catalogue import (
    VERSIONS,
    attribute_errors,
    int_option_error,
    is_int,
    pool_error,
)
from ansible.module_utils.healthops.tomcat.server_xml import MASK, is_secret_name

__metaclass__ = type

# ------------------------------------------------------------------ sizes, heap and limits

_SIZE = re.compile(r"^\s*(\d+)\s*([kKmMgGtT]?)[bB]?\s*$")
_SHARE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_MB_PER_UNIT = {"": 1.0 / (1024 * 1024), "k": 1.0 / 1024, "m": 1, "g": 1024, "t": 1024 * 1024}


def size_mb(text: Any) -> Optional[float]:
    """ "2g" / "512m" / "1048576k" -> MB (JVM size syntax); None when not a size."""
    match = _SIZE.match(str(text)) if text is not None and not isinstance(text, bool) else None
    if not match:
        return None
    return int(match.group(1)) * _MB_PER_UNIT[match.group(2).lower()]


def heap_share(text: Any) -> Optional[float]:
    """ "50%" -> 50.0; None when not a share."""
    match = _SHARE.match(str(text)) if text is not None else None
    return float(match.group(1)) if match else None


def heap_mb(spec: Any, memtotal_mb: Optional[int]) -> Optional[int]:
    """The heap in whole MB: a share of the host's memory ("50%") or an absolute JVM size ("2g")."""
    share = heap_share(spec)
    if share is not None:
        return None if memtotal_mb is None else int(memtotal_mb * share / 100)
    absolute = size_mb(spec)
    return None if absolute is None else int(absolute)


def required_nofile(max_connections: int, accept_count: int, headroom: int, ajp_max_connections: int = 0) -> int:
    """Open files a Tomcat needs at full load: every connection and queued one, plus JARs, logs and
    sockets to databases (headroom); rounded up to a multiple of 1024."""
    need = int(max_connections) + int(ajp_max_connections) + int(accept_count) + int(headroom)
    return int(math.ceil(need / 1024.0) * 1024)


# ------------------------------------------------------------------ validation of the role's settings

_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_TZ = re.compile(r"^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$")
_JVM_UNSAFE = re.compile(r"[\"'`$\\\n\r]")
_LOG_SIZE = re.compile(r"^\d+[KMG]?$")
_LOOPBACK = re.compile(r"^(127\.\d+\.\d+\.\d+|::1|localhost)$")


def _int_error(settings: Dict[str, Any], name: str, low: Optional[int] = None, high: Optional[int] = None):
    return int_option_error(name, settings.get(name), low, high)


def jvm_option_is_secret(option: Any) -> bool:
    """A JVM option that carries a secret (-Djavax.net.ssl.keyStorePassword=..., --db.password=...)."""
    name = str(option).split("=", 1)[0].lstrip("-")
    return "=" in str(option) and is_secret_name(name[1:] if name.startswith("D") else name)


def shown_jvm_option(option: Any) -> str:
    """``option`` for a message: the value of a secret-carrying option masked."""
    if jvm_option_is_secret(option):
        return "%s=%s" % (str(option).split("=", 1)[0], MASK)
    return repr(option)


def validate_settings(
    settings: Dict[str, Any], memtotal_mb: Optional[int] = None, timezones: Optional[Iterable[str]] = None
) -> List[str]:
    """Messages for bad tuning values, each naming the role variable; empty when the values are usable.

    ``settings`` maps role variable names (``tomcat_max_threads``) to their values; absent keys are not
    checked. ``memtotal_mb`` (the host's ``ansible_memtotal_mb``) enables the heap-against-memory check,
    ``timezones`` the time zone check. The attribute rules (numbers, maxThreads against minSpareThreads)
    are the ones ``tomcat_server_xml`` applies again on the host (healthops.tomcat.catalogue).
    """
    settings = _given(settings)
    ajp = bool(settings.get("tomcat_ajp_enabled"))
    errors = []  # type: List[str]
    for part in (
        _version_errors(settings),
        _port_errors(settings, ajp),
        _number_errors(settings),
        _status_code_errors(settings),
        _cross_errors(settings),
        _http_errors(settings),
        _executor_errors(settings),
        _heap_errors(settings, memtotal_mb),
        _jvm_errors(settings, timezones),
        _nofile_errors(settings, ajp),
        _extra_attribute_errors(settings, ajp),
        _log_errors(settings),
    ):
        errors.extend(e for e in part if e)
    return errors


def _given(settings: Dict[str, Any]) -> Dict[str, Any]:
    """The settings inventory gives: null ones (leave the file's value) dropped, numeric text of the number
    settings (``-e tomcat_max_threads=180`` arrives as "180") as numbers."""
    numeric = {name for name, _low in _LOWEST} | {"tomcat_http_port", "tomcat_ajp_port", "tomcat_check_timeout"}
    given = {}
    for name, value in settings.items():
        if value is None or (name in numeric and value == ""):
            continue
        text_number = name in numeric and isinstance(value, str) and re.match(r"^-?\d+$", value.strip())
        given[name] = int(value) if text_number else value
    return given


def _version_errors(s: Dict[str, Any]) -> List[str]:
    version = s.get("tomcat_version")
    if "tomcat_version" in s and str(version) not in VERSIONS:
        return ["tomcat_version must be one of %s, got %r" % (", ".join(VERSIONS), version)]
    return []


def _port_errors(s: Dict[str, Any], ajp: bool) -> List[Optional[str]]:
    http = s.get("tomcat_http_enabled", True)
    ports = (["tomcat_http_port"] if http else []) + (["tomcat_ajp_port"] if ajp else [])
    errors = [_int_error(s, name, 1, 65535) for name in ports if name in s]
    if not http and not ajp:
        errors.append("tomcat_http_enabled and tomcat_ajp_enabled are both false: there is no connector to tune")
    if http and ajp and s.get("tomcat_http_port") == s.get("tomcat_ajp_port"):
        errors.append("tomcat_ajp_port must differ from tomcat_http_port (%s)" % s.get("tomcat_http_port"))
    address = str(s.get("tomcat_ajp_address") or "")
    if ajp and not s.get("tomcat_ajp_secret_set", True) and not _LOOPBACK.match(address):
        errors.append(
            "tomcat_ajp_address (%r) must be a loopback address while tomcat_ajp_secret is not set "
            "(an AJP port without a secret lets anyone who reaches it act as the proxy; keep the secret "
            "in ansible-vault)" % address
        )
    return errors


_LOWEST = (
    ("tomcat_max_threads", 1),
    ("tomcat_min_spare_threads", 0),
    ("tomcat_accept_count", 1),
    ("tomcat_max_connections", 1),
    ("tomcat_connection_timeout", 1),
    ("tomcat_max_idle_time", 1000),
    ("tomcat_compression_min_size", 0),
    ("tomcat_nofile_limit", 0),
    ("tomcat_nofile_headroom", 0),
    ("tomcat_access_log_max_days", 1),
    ("tomcat_log_retention_days", 1),
    ("tomcat_catalina_out_keep", 1),
    ("tomcat_gc_log_files", 1),
    ("tomcat_restart_timeout", 5),
    ("tomcat_keep_alive_timeout", -1),
    ("tomcat_max_keep_alive_requests", -1),
    ("tomcat_backup_keep", 1),
)


def _number_errors(s: Dict[str, Any]) -> List[Optional[str]]:
    errors = [_int_error(s, name, low) for name, low in _LOWEST if name in s]
    if "tomcat_check_timeout" in s:
        errors.append(_int_error(s, "tomcat_check_timeout", 1, 3600))
    if s.get("tomcat_keep_alive_timeout") == 0:
        errors.append("tomcat_keep_alive_timeout must be -1 (no limit) or a positive number of ms, got 0")
    if s.get("tomcat_max_keep_alive_requests") == 0:
        errors.append("tomcat_max_keep_alive_requests must be -1 (no limit) or a positive number, got 0")
    return errors


def _status_code_errors(s: Dict[str, Any]) -> List[str]:
    if "tomcat_check_status_codes" not in s:
        return []
    codes = s["tomcat_check_status_codes"]
    if not isinstance(codes, list) or not codes:
        return ["tomcat_check_status_codes must be a non-empty list of HTTP statuses, got %r" % (codes,)]
    return [
        "tomcat_check_status_codes[%d] must be an HTTP status from 100 to 599, got %r" % (index, code)
        for index, code in enumerate(codes)
        if int_option_error("code", code, 100, 599)
    ]


def _cross_errors(s: Dict[str, Any]) -> List[Optional[str]]:
    threads, conns = s.get("tomcat_max_threads"), s.get("tomcat_max_connections")
    errors = [pool_error("", s, ("tomcat_max_threads", "tomcat_min_spare_threads"))]
    if is_int(threads) and is_int(conns) and conns < threads:
        errors.append("tomcat_max_connections must be >= tomcat_max_threads (%d), got %d" % (threads, conns))
    return errors


def _http_errors(s: Dict[str, Any]) -> List[str]:
    errors = []
    compression = s.get("tomcat_compression")
    if "tomcat_compression" in s and str(compression) not in ("off", "on", "force") and not str(compression).isdigit():
        errors.append("tomcat_compression must be off, on, force or a minimum size in bytes, got %r" % (compression,))
    mime = s.get("tomcat_compressible_mime_types")
    if "tomcat_compressible_mime_types" in s and (
        not isinstance(mime, list) or not all(isinstance(m, str) and "/" in m and "," not in m for m in mime)
    ):
        errors.append("tomcat_compressible_mime_types must be a list of MIME types (text/html), got %r" % (mime,))
    for name in ("tomcat_uri_encoding", "tomcat_file_encoding"):
        if name in s:
            try:
                codecs.lookup(str(s[name]))
            except LookupError:
                errors.append("%s: unknown character encoding %r" % (name, s[name]))
    return errors


def _executor_errors(s: Dict[str, Any]) -> List[str]:
    if not s.get("tomcat_use_executor"):
        return []
    return [
        "%s must be letters, digits, '.', '_' or '-', got %r" % (name, s[name])
        for name in ("tomcat_executor_name", "tomcat_executor_name_prefix")
        if name in s and not _NAME.match(str(s[name] or ""))
    ]


def _extra_attribute_errors(s: Dict[str, Any], ajp: bool) -> List[str]:
    version = s.get("tomcat_version", 10)
    errors = []  # type: List[str]
    for element, name in (
        ("http", "tomcat_http_extra_attributes"),
        ("ajp", "tomcat_ajp_extra_attributes"),
        ("executor", "tomcat_executor_extra_attributes"),
        ("access_log", "tomcat_access_log_extra_attributes"),
    ):
        if name in s and (element != "ajp" or ajp or s[name]):
            errors.extend(attribute_errors(element, s[name], version, name))
    return errors


def _log_errors(s: Dict[str, Any]) -> List[str]:
    errors = []
    rotate = s.get("tomcat_catalina_out_rotate")
    if "tomcat_catalina_out_rotate" in s and rotate not in ("daily", "weekly", "monthly"):
        errors.append("tomcat_catalina_out_rotate must be daily, weekly or monthly, got %r" % (rotate,))
    max_size = s.get("tomcat_catalina_out_max_size")
    if "tomcat_catalina_out_max_size" in s and not _LOG_SIZE.match(str(max_size)):
        errors.append("tomcat_catalina_out_max_size must be a size such as 100M, got %r" % (max_size,))
    return errors


def _heap_errors(s: Dict[str, Any], memtotal_mb: Optional[int]) -> List[str]:
    errors = []
    spec = s.get("tomcat_heap_size")
    if "tomcat_heap_size" not in s:
        return errors
    share = heap_share(spec)
    absolute = size_mb(spec)
    if share is None and absolute is None:
        return ["tomcat_heap_size must be a share of memory (50%%) or a JVM size (2048m, 4g), got %r" % (spec,)]
    if share is not None and not 1 <= share <= 90:
        errors.append("tomcat_heap_size: a share of the host's memory must be between 1%% and 90%%, got %s" % spec)
    if absolute is not None and absolute < 64:
        errors.append("tomcat_heap_size must be at least 64m, got %s" % spec)
    heap = heap_mb(spec, memtotal_mb)
    if memtotal_mb is not None and heap is not None and absolute is not None and heap >= memtotal_mb:
        errors.append(
            "tomcat_heap_size (%s = %d MB) is larger than the host's memory (ansible_memtotal_mb %d MB)"
            % (spec, heap, memtotal_mb)
        )
    initial = s.get("tomcat_heap_initial")
    if initial not in (None, ""):
        initial_mb = size_mb(initial) if heap_share(initial) is None else heap_mb(initial, memtotal_mb)
        if initial_mb is None and heap_share(initial) is None:
            errors.append("tomcat_heap_initial must be empty, a share (25%%) or a JVM size (512m), got %r" % (initial,))
        elif heap is not None and initial_mb is not None and initial_mb > heap:
            errors.append(
                "tomcat_heap_initial (%s = %d MB) must not exceed tomcat_heap_size (%s = %d MB)"
                % (initial, initial_mb, spec, heap)
            )
    meta = s.get("tomcat_metaspace_max")
    if meta not in (None, "") and size_mb(meta) is None:
        errors.append("tomcat_metaspace_max must be empty or a JVM size (512m), got %r" % (meta,))
    return errors


def _jvm_errors(s: Dict[str, Any], timezones: Optional[Iterable[str]]) -> List[str]:
    errors = []
    tz = s.get("tomcat_timezone")
    if tz not in (None, ""):
        known = set(timezones) if timezones else None
        if not _TZ.match(str(tz)) or (known is not None and tz not in known):
            errors.append("tomcat_timezone: unknown time zone %r (an IANA name such as Asia/Shanghai)" % (tz,))
    size = s.get("tomcat_gc_log_file_size")
    if "tomcat_gc_log_file_size" in s and not _LOG_SIZE.match(str(size)):
        errors.append("tomcat_gc_log_file_size must be a size such as 20M, got %r" % (size,))
    extra = s.get("tomcat_java_opts_extra")
    if "tomcat_java_opts_extra" in s:
        if not isinstance(extra, list):
            errors.append("tomcat_java_opts_extra must be a list of JVM options, got %r" % (extra,))
        else:
            for index, option in enumerate(extra):
                if not isinstance(option, str) or not option.startswith("-") or _JVM_UNSAFE.search(option):
                    errors.append(
                        "tomcat_java_opts_extra[%d] must be one JVM option starting with '-' without quotes, "
                        "'$', '`', '\\' or newlines, got %s" % (index, shown_jvm_option(option))
                    )
                elif re.match(r"^-Xm[sx]", option):
                    errors.append(
                        "tomcat_java_opts_extra[%d]: set the heap with tomcat_heap_size/tomcat_heap_initial, "
                        "not %s" % (index, option)
                    )
    return errors


def _nofile_errors(s: Dict[str, Any], ajp: bool) -> List[str]:
    keys = ("tomcat_nofile_limit", "tomcat_max_connections", "tomcat_accept_count", "tomcat_nofile_headroom")
    if not all(is_int(s.get(k)) for k in keys):
        return []
    limit = s["tomcat_nofile_limit"]
    need = required_nofile(
        s["tomcat_max_connections"], s["tomcat_accept_count"], s["tomcat_nofile_headroom"],
        s["tomcat_max_connections"] if ajp else 0,
    )  # fmt: skip
    if 0 < limit < need:
        return [
            "tomcat_nofile_limit (%d) is below what tomcat_max_connections needs (%d: connections%s + "
            "tomcat_accept_count + tomcat_nofile_headroom); raise it or set 0 to compute it"
            % (limit, need, " of HTTP and AJP" if ajp else "")
        ]
    return []
