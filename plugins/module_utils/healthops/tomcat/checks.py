# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tomcat: the attribute catalogue, the validation of tuning values, and the checks of tomcat_probe.

Three users share this file so a value is judged by one piece of code wherever it is checked:

- the ``tomcat`` role validates inventory on the controller (through ``plugins/filter/healthops_tomcat.py``)
  before any host is changed, with messages that name the role variable;
- ``library/tomcat_server_xml.py`` refuses unknown connector attributes again on the host;
- ``library/tomcat_probe.py`` turns what it read on the host into checks of the result model.

Parsing and evaluation are pure functions; the only I/O here is reading a log file from an offset.
Standard library only, Python >= 3.6 (it runs on the Tomcat host).
"""

from __future__ import absolute_import, division, print_function

import codecs
import difflib
import math
import os
import re
import xml.etree.ElementTree as ET
from typing import Any, Dict, Iterable, List, Optional, Tuple

from ansible.module_utils.healthops.common.result import (
    ERROR,
    FAIL,
    INFO,
    PASS,
    WARN,
    grade,
    make_check,
    threshold_text,
)
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS, merge_thresholds, validate_thresholds
from ansible.module_utils.healthops.tomcat.server_xml import MASK, is_secret_name

__metaclass__ = type

# ------------------------------------------------------------------ attribute catalogue (Tomcat 9.0 and 10.1 docs)

_COMMON = {
    "allowTrace", "asyncTimeout", "discardFacades", "enableLookups", "encodedReverseSolidusHandling",
    "encodedSolidusHandling", "enforceEncodingInGetWriter", "maxCookieCount", "maxParameterCount", "maxPartCount",
    "maxPartHeaderSize", "maxPostSize", "maxSavePostSize", "parseBodyMethods", "port", "portOffset", "protocol",
    "proxyName", "proxyPort", "redirectPort", "rejectSuspiciousURIs", "scheme", "secure", "throwOnFailure",
    "URIEncoding", "useBodyEncodingForURI", "useIPVHosts", "xpoweredBy",
    # standard implementation (NIO/NIO2), HTTP and AJP alike
    "acceptCount", "acceptorThreadPriority", "address", "bindOnInit", "clientCertProvider", "connectionLinger",
    "connectionTimeout", "executor", "executorTerminationTimeoutMillis", "keepAliveTimeout", "maxConnections",
    "maxThreads", "minSpareThreads", "processorCache", "tcpNoDelay", "threadPriority", "threadsMaxIdleTime",
    "useAsyncIO", "useVirtualThreads",
    "pollerThreadPriority", "selectorTimeout", "useInheritedChannel", "unixDomainSocketPath",
    "unixDomainSocketPathPermissions",
}  # fmt: skip
_HTTP = {
    "allowHostHeaderMismatch", "allowedTrailerHeaders", "compressibleMimeType", "compression", "compressionMinSize",
    "connectionUploadTimeout", "continueResponseTiming", "defaultSSLHostConfigName", "disableUploadTimeout",
    "maxExtensionSize", "maxHeaderCount", "maxHttpHeaderSize", "maxHttpRequestHeaderSize",
    "maxHttpResponseHeaderSize", "maxKeepAliveRequests", "maxSwallowSize", "maxTrailerSize",
    "noCompressionStrongETag", "noCompressionUserAgents", "rejectIllegalHeader", "rejectIllegalHeaderName",
    "relaxedPathChars", "relaxedQueryChars", "restrictedUserAgents", "server", "serverRemoveAppProvidedValues",
    "SSLEnabled", "sslImplementationName", "upgradeAsyncWriteBufferSize", "useKeepAliveResponseHeader",
    "useSendfile",
}  # fmt: skip
_AJP = {
    "ajpFlush", "allowedRequestAttributesPattern", "packetSize", "secret", "secretRequired", "tomcatAuthentication",
    "tomcatAuthorization",
}  # fmt: skip
_SOCKET = {
    "appReadBufSize", "appWriteBufSize", "bufferPool", "bufferPoolSize", "directBuffer", "directSslBuffer",
    "eventCache", "ooBInline", "performanceBandwidth", "performanceConnectionTime", "performanceLatency",
    "processorCache", "rxBufSize", "soKeepAlive", "soLingerOn", "soLingerTime", "soReuseAddress", "soTimeout",
    "tcpNoDelay", "txBufSize", "unlockTimeout",
}  # fmt: skip
# Gone in Tomcat 10: set on 9 only.
_ONLY_9 = {
    "http": {"acceptorThreadCount", "pollerThreadCount"},
    "ajp": {"acceptorThreadCount", "pollerThreadCount", "requiredSecret"},
}
_EXECUTOR = {
    "className", "daemon", "maxIdleTime", "maxQueueSize", "maxThreads", "minSpareThreads", "name", "namePrefix",
    "prestartminSpareThreads", "threadPriority", "threadRenewalDelay",
}  # fmt: skip
_ACCESS_LOG = {
    "asyncSupported", "buffered", "checkExists", "className", "condition", "conditionIf", "conditionUnless",
    "directory", "encoding", "fileDateFormat", "ipv6Canonical", "locale", "maxDays", "maxLogMessageBufferSize",
    "pattern", "prefix", "renameOnRotate", "requestAttributesEnabled", "rotatable", "suffix",
}  # fmt: skip

# Attributes the role sets from its own variables; an *_extra_attributes mapping may not set them.
MANAGED = {
    "http": {
        "port": "tomcat_http_port", "protocol": None, "address": "tomcat_http_address",
        "executor": "tomcat_use_executor", "maxThreads": "tomcat_max_threads",
        "minSpareThreads": "tomcat_min_spare_threads", "acceptCount": "tomcat_accept_count",
        "maxConnections": "tomcat_max_connections", "connectionTimeout": "tomcat_connection_timeout",
        "keepAliveTimeout": "tomcat_keep_alive_timeout", "maxKeepAliveRequests": "tomcat_max_keep_alive_requests",
        "compression": "tomcat_compression", "compressionMinSize": "tomcat_compression_min_size",
        "compressibleMimeType": "tomcat_compressible_mime_types", "URIEncoding": "tomcat_uri_encoding",
    },
    "ajp": {
        "port": "tomcat_ajp_port", "protocol": None, "address": "tomcat_ajp_address",
        "executor": "tomcat_use_executor", "maxThreads": "tomcat_max_threads",
        "minSpareThreads": "tomcat_min_spare_threads", "acceptCount": "tomcat_accept_count",
        "maxConnections": "tomcat_max_connections", "connectionTimeout": "tomcat_connection_timeout",
        "keepAliveTimeout": "tomcat_keep_alive_timeout", "URIEncoding": "tomcat_uri_encoding",
        "secret": "tomcat_ajp_secret", "secretRequired": "tomcat_ajp_secret",
    },
    "executor": {
        "name": "tomcat_executor_name", "namePrefix": "tomcat_executor_name_prefix",
        "maxThreads": "tomcat_max_threads", "minSpareThreads": "tomcat_min_spare_threads",
        "maxIdleTime": "tomcat_max_idle_time",
    },
    "access_log": {
        "className": None, "pattern": "tomcat_access_log_pattern", "maxDays": "tomcat_access_log_max_days",
        "rotatable": None, "directory": "tomcat_access_log_directory", "prefix": "tomcat_access_log_prefix",
        "suffix": "tomcat_access_log_suffix",
    },
}  # fmt: skip

ELEMENT_TITLES = {
    "http": "HTTP connector",
    "ajp": "AJP connector",
    "executor": "Executor",
    "access_log": "AccessLogValve",
}


# ------------------------------------------------------------------ numbers

# Bounds of the numeric attributes Tomcat documents (low, high, also allowed): a value outside them
# is refused naming the option, instead of a Tomcat that does not start or behaves oddly.
_UNLIMITED = -1
NUMERIC_ATTRIBUTES = {
    "port": (1, 65535, None),
    "redirectPort": (1, 65535, None),
    "proxyPort": (1, 65535, None),
    "maxThreads": (1, None, None),
    "minSpareThreads": (0, None, None),
    "maxQueueSize": (1, None, None),
    "maxIdleTime": (1, None, None),
    "threadPriority": (1, 10, None),
    "acceptCount": (1, None, None),
    "maxConnections": (1, None, _UNLIMITED),
    "connectionTimeout": (1, None, _UNLIMITED),
    "keepAliveTimeout": (1, None, _UNLIMITED),
    "maxKeepAliveRequests": (1, None, _UNLIMITED),
    "compressionMinSize": (0, None, None),
    "maxHttpHeaderSize": (1, None, None),
    "packetSize": (8192, 65536, None),
    "maxDays": (1, None, _UNLIMITED),
}  # type: Dict[str, Tuple[int, Optional[int], Optional[int]]]


def int_option_error(name: str, value: Any, low: Optional[int] = None, high: Optional[int] = None) -> Optional[str]:
    """A message naming option ``name`` when ``value`` is not an integer in [low, high]; else None."""
    if not _is_int(value):
        return "%s must be an integer, got %r" % (name, value)
    if low is not None and value < low:
        return "%s must be >= %d, got %d" % (name, low, value)
    if high is not None and value > high:
        return "%s must be <= %d, got %d" % (name, high, value)
    return None


def attribute_number_error(where: str, name: str, value: Any) -> Optional[str]:
    """Bounds of a numeric attribute (NUMERIC_ATTRIBUTES); other names, nulls and ``${property}`` pass."""
    bounds = NUMERIC_ATTRIBUTES.get(str(name))
    if bounds is None or value is None or (isinstance(value, str) and "${" in value):
        return None
    low, high, also = bounds
    number = value
    # Inventory numbers may arrive as text ("200") or as 200.0; anything else is not an integer.
    if (isinstance(value, str) and re.match(r"^\s*-?\d+\s*$", value)) or (
        isinstance(value, float) and value.is_integer()
    ):
        number = int(value)
    if _is_int(number) and also is not None and number == also:
        return None
    message = int_option_error("%s.%s" % (where, name), number, low, high)
    if message and also is not None:
        message += " (or %d for no limit)" % also
    return message


def attribute_number_errors(attributes: Any, where: str) -> List[str]:
    """Messages for every numeric attribute of ``attributes`` out of its bounds."""
    if not isinstance(attributes, dict):
        return []
    errors = [attribute_number_error(where, k, attributes[k]) for k in sorted(attributes, key=str)]
    return [e for e in errors if e]


def probe_option_errors(params: Dict[str, Any]) -> List[str]:
    """Numeric options of tomcat_probe: an argument error naming the option, never a check about Tomcat."""
    errors = [
        int_option_error("timeout", params.get("timeout"), 1, 3600),
        int_option_error("max_log_bytes", params.get("max_log_bytes"), 1),
    ]
    return [e for e in errors if e]


def known_attributes(element: str, version: int = 10) -> set:
    """Attribute names Tomcat ``version`` (9 or 10) accepts on ``element`` (http, ajp, executor, access_log)."""
    if element == "executor":
        return set(_EXECUTOR)
    if element == "access_log":
        return set(_ACCESS_LOG)
    names = _COMMON | (_HTTP if element == "http" else _AJP)
    names |= {"socket." + s for s in _SOCKET}
    if int(version) < 10:
        names |= _ONLY_9.get(element, set())
    return names


def attribute_errors(element: str, attributes: Any, version: int, where: str) -> List[str]:
    """Unknown names (with a suggestion), non-scalar values and names the role manages itself."""
    if attributes is None:
        return []
    if not isinstance(attributes, dict):
        return ["%s must be a mapping of attribute name to value, got %s" % (where, type(attributes).__name__)]
    known = known_attributes(element, version)
    lowered = {k.lower(): k for k in known}
    errors = []
    for name in sorted(attributes, key=str):
        value = attributes[name]
        title = "%s (Tomcat %s)" % (ELEMENT_TITLES[element], version)
        if name not in known:
            hint = lowered.get(str(name).lower()) or next(iter(difflib.get_close_matches(str(name), known, 1)), None)
            errors.append(
                "%s.%s: unknown attribute of the %s%s"
                % (where, name, title, "; did you mean %s?" % hint if hint else "")
            )
            continue
        owner = MANAGED.get(element, {}).get(name, False)
        if owner is not False and where.endswith("_extra_attributes"):
            errors.append(
                "%s.%s: set by the role%s, not by %s"
                % (where, name, " from %s" % owner if owner else "", where.split(".", maxsplit=1)[0])
            )
        if value is not None and not isinstance(value, (str, int, float, bool)):
            errors.append("%s.%s must be a string, number or boolean, got %s" % (where, name, type(value).__name__))
        else:
            number = attribute_number_error(where, name, value)
            if number:
                errors.append(number)
    return errors


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


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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
    ``timezones`` the time zone check.
    """
    s = settings
    errors = []  # type: List[str]

    def add(message: Optional[str]) -> None:
        if message:
            errors.append(message)

    version = s.get("tomcat_version", 10)
    ajp = bool(s.get("tomcat_ajp_enabled"))
    ports = ["tomcat_http_port"] + (["tomcat_ajp_port"] if ajp else [])
    for name in ports:
        if name in s:
            add(_int_error(s, name, 1, 65535))
    if ajp and s.get("tomcat_http_port") == s.get("tomcat_ajp_port"):
        errors.append("tomcat_ajp_port must differ from tomcat_http_port (%s)" % s.get("tomcat_http_port"))
    address = str(s.get("tomcat_ajp_address") or "")
    if ajp and not s.get("tomcat_ajp_secret_set", True) and not _LOOPBACK.match(address):
        errors.append(
            "tomcat_ajp_address (%r) must be a loopback address while tomcat_ajp_secret is not set "
            "(an AJP port without a secret lets anyone who reaches it act as the proxy; keep the secret "
            "in ansible-vault)" % address
        )

    for name, low in (
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
    ):
        if name in s:
            add(_int_error(s, name, low))
    if "tomcat_check_timeout" in s:
        add(_int_error(s, "tomcat_check_timeout", 1, 3600))
    if s.get("tomcat_keep_alive_timeout") == 0:
        errors.append("tomcat_keep_alive_timeout must be -1 (no limit) or a positive number of ms, got 0")
    if s.get("tomcat_max_keep_alive_requests") == 0:
        errors.append("tomcat_max_keep_alive_requests must be -1 (no limit) or a positive number, got 0")
    codes = s.get("tomcat_check_status_codes")
    if "tomcat_check_status_codes" in s:
        if not isinstance(codes, list) or not codes:
            errors.append("tomcat_check_status_codes must be a non-empty list of HTTP statuses, got %r" % (codes,))
        else:
            for index, code in enumerate(codes):
                if int_option_error("code", code, 100, 599):
                    errors.append(
                        "tomcat_check_status_codes[%d] must be an HTTP status from 100 to 599, got %r" % (index, code)
                    )

    threads, spare = s.get("tomcat_max_threads"), s.get("tomcat_min_spare_threads")
    if _is_int(threads) and _is_int(spare) and threads < spare:
        errors.append("tomcat_max_threads must be >= tomcat_min_spare_threads (%d), got %d" % (spare, threads))
    conns = s.get("tomcat_max_connections")
    if _is_int(threads) and _is_int(conns) and conns < threads:
        errors.append("tomcat_max_connections must be >= tomcat_max_threads (%d), got %d" % (threads, conns))

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

    if s.get("tomcat_use_executor"):
        for name in ("tomcat_executor_name", "tomcat_executor_name_prefix"):
            if name in s and not _NAME.match(str(s[name] or "")):
                errors.append("%s must be letters, digits, '.', '_' or '-', got %r" % (name, s[name]))

    errors.extend(_heap_errors(s, memtotal_mb))
    errors.extend(_jvm_errors(s, timezones))
    errors.extend(_nofile_errors(s, ajp))

    for element, name in (
        ("http", "tomcat_http_extra_attributes"),
        ("ajp", "tomcat_ajp_extra_attributes"),
        ("executor", "tomcat_executor_extra_attributes"),
        ("access_log", "tomcat_access_log_extra_attributes"),
    ):
        if name in s and (element != "ajp" or ajp or s[name]):
            errors.extend(attribute_errors(element, s[name], version, name))
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
    if not all(_is_int(s.get(k)) for k in keys):
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


# ------------------------------------------------------------------ checks of the result model

TOMCAT_ONLY_THRESHOLDS = {
    "tomcat_response_ms": {"warn": 1000, "fail": 5000, "unit": "ms", "higher_is_worse": True},
    "tomcat_heap_used": {"warn": 85, "fail": 95, "unit": "%", "higher_is_worse": True},
    "tomcat_severe_lines": {"warn": 1, "fail": 20, "unit": "", "higher_is_worse": True},
}
# Every shared default (thread pools and open files use resource_limit) plus the Tomcat-only ids.
TOMCAT_THRESHOLDS = merge_thresholds(DEFAULT_THRESHOLDS, TOMCAT_ONLY_THRESHOLDS)

CATEGORY = "tomcat"
CHECKS = {
    "tomcat.process": ("Tomcat process", "Tomcat 进程"),
    "tomcat.http": ("HTTP response time", "HTTP 响应时间"),
    "tomcat.threads": ("Busy threads of maxThreads", "线程池繁忙线程占比"),
    "tomcat.open_files": ("Open files of limit", "打开文件数占比"),
    "tomcat.heap_used": ("JVM heap used", "JVM 堆内存使用率"),
    "tomcat.log_severe": ("SEVERE lines since last run", "SEVERE 错误日志(自上次检查)"),
    "tomcat.oom": ("OutOfMemoryError since last run", "内存溢出 OutOfMemoryError(自上次检查)"),
    "tomcat.heap_dumps": ("Heap dumps", "堆转储文件"),
    "tomcat.app": ("Application running", "应用运行状态"),
    "tomcat.apps": ("Deployed applications", "已部署应用"),
}


def tomcat_check(
    check_id: str, status: str, value: Any = None, threshold: Any = None, unit: str = "", detail: str = ""
):
    base, _sep, item = check_id.partition(":")
    title, title_zh = CHECKS[base]
    if item:
        title, title_zh = "%s %s" % (title, item), "%s %s" % (title_zh, item)
    return make_check(check_id, CATEGORY, title, title_zh, status, value, threshold, unit, detail)


def graded(check_id: str, value: Optional[float], thresholds: Dict[str, Any], threshold_id: str, detail: str = ""):
    spec = thresholds[threshold_id]
    warn, fail, higher = spec.get("warn"), spec.get("fail"), spec.get("higher_is_worse", True)
    unit = spec.get("unit", "")
    status = grade(value, warn, fail, higher_is_worse=higher)
    return tomcat_check(check_id, status, value, threshold_text(warn, fail, higher, unit), unit, detail)


def effective_thresholds(overrides: Optional[Dict[str, Any]]) -> Tuple[Dict[str, Any], List[str]]:
    """Catalogue with the overrides this probe knows applied -> (thresholds, errors). Ids of other
    probes are ignored, so one system-wide mapping serves every probe."""
    mine = {k: v for k, v in (overrides or {}).items() if k in TOMCAT_THRESHOLDS}
    errors = validate_thresholds(mine, TOMCAT_THRESHOLDS, name="thresholds")
    return merge_thresholds(TOMCAT_THRESHOLDS, mine), errors


def _pct(part: Optional[float], whole: Optional[float]) -> Optional[float]:
    if part is None or not whole:
        return None
    return round(100.0 * part / whole, 1)


# ---- process


def is_tomcat_cmdline(argv: List[str], base: Optional[str]) -> bool:
    """A running Tomcat (Bootstrap start) of CATALINA_BASE ``base`` (any base when None)."""
    if "org.apache.catalina.startup.Bootstrap" not in argv or not argv or argv[-1] != "start":
        return False
    if not base:
        return True
    bases = [a.split("=", 1)[1] for a in argv if a.startswith("-Dcatalina.base=")]
    return any(os.path.normpath(b) == os.path.normpath(base) for b in bases)


def eval_process(pids: List[int], base: Optional[str], uptime_s: Optional[float], user: Optional[str]):
    where = "CATALINA_BASE %s" % base if base else "any CATALINA_BASE"
    if not pids:
        return tomcat_check("tomcat.process", FAIL, 0, ">=1", "", "no Tomcat process (Bootstrap start) of %s" % where)
    detail = "pid %s" % ", ".join(str(p) for p in pids)
    if user:
        detail += ", user %s" % user
    if uptime_s is not None:
        detail += ", up %s" % human_duration(uptime_s)
    if len(pids) > 1:
        return tomcat_check(
            "tomcat.process", WARN, len(pids), "1", "", "%d Tomcat processes of %s: %s" % (len(pids), where, detail)
        )
    return tomcat_check("tomcat.process", PASS, 1, "1", "", detail)


def human_duration(seconds: float) -> str:
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return "%dd %dh" % (days, hours)
    return "%dh %dm" % (hours, rest // 60) if hours else "%dm %ds" % divmod(rest, 60)


# ---- HTTP


def eval_http(url: str, status: Optional[int], elapsed_ms: Optional[float], error: Optional[str], thresholds):
    if error is not None or status is None:
        return tomcat_check("tomcat.http", FAIL, None, None, "ms", "%s: no HTTP answer (%s)" % (url, error or "?"))
    value = round(elapsed_ms or 0.0, 1)
    check = graded("tomcat.http", value, thresholds, "tomcat_response_ms", "%s answered HTTP %d" % (url, status))
    if status >= 500:
        check["status"] = FAIL
        check["detail"] += " (server error)"
    return check


# ---- manager status and application list


def parse_status_xml(text: str) -> Dict[str, Any]:
    """The manager's ``/status?XML=true`` -> {jvm: {free, total, max}, connectors: {name: {...}}}."""
    root = ET.fromstring(text.encode("utf-8") if isinstance(text, str) else text)  # noqa: S314
    result = {"jvm": {}, "connectors": {}}  # type: Dict[str, Any]
    memory = root.find("jvm/memory")
    if memory is not None:
        result["jvm"] = {k: _num(memory.get(k)) for k in ("free", "total", "max")}
    for connector in root.findall("connector"):
        name = (connector.get("name") or "").strip("\"'")
        info = connector.find("threadInfo")
        requests = connector.find("requestInfo")
        entry = {"port": _port_of(name)}  # type: Dict[str, Any]
        if info is not None:
            for key in ("maxThreads", "currentThreadCount", "currentThreadsBusy"):
                entry[key] = _num(info.get(key))
        if requests is not None:
            for key in ("requestCount", "errorCount", "maxTime", "processingTime"):
                entry[key] = _num(requests.get(key))
        result["connectors"][name] = entry
    return result


def _num(value: Optional[str]) -> Optional[int]:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _port_of(name: str) -> Optional[int]:
    match = re.search(r"-(\d+)$", name)
    return int(match.group(1)) if match else None


def parse_manager_list(text: str) -> List[Dict[str, Any]]:
    """``/manager/text/list`` -> [{path, state, sessions, name}]; raises ValueError unless it starts with OK."""
    lines = text.strip().splitlines()
    if not lines or not lines[0].startswith("OK"):
        raise ValueError(lines[0] if lines else "empty answer")
    apps = []
    for line in lines[1:]:
        parts = line.strip().split(":", 3)
        if len(parts) == 4:
            apps.append({"path": parts[0], "state": parts[1], "sessions": _num(parts[2]), "name": parts[3]})
    return apps


def eval_heap(jvm: Dict[str, Any], thresholds) -> Dict[str, Any]:
    total, free, maximum = jvm.get("total"), jvm.get("free"), jvm.get("max")
    if total is None or free is None or not maximum:
        return tomcat_check("tomcat.heap_used", ERROR, None, None, "%", "the status page has no JVM memory figures")
    used = total - free
    detail = "%d MiB used of %d MiB maximum (committed %d MiB)" % (used >> 20, maximum >> 20, total >> 20)
    return graded("tomcat.heap_used", _pct(used, maximum), thresholds, "tomcat_heap_used", detail)


def eval_apps(apps: Optional[List[Dict[str, Any]]], expected: List[str], probes: Dict[str, Any]):
    """Applications: from the manager's list when available, else by HTTP answers of the expected ones.

    ``probes`` maps an expected context path to (status code or None, error) of a GET without the manager.
    """
    checks = []
    if apps is not None:
        by_path = {a["path"]: a for a in apps}
        for path in sorted(set(by_path) | set(expected)):
            app = by_path.get(path)
            if app is None:
                checks.append(tomcat_check("tomcat.app:" + path, FAIL, "absent", "running", "", "not deployed"))
                continue
            status = PASS if app["state"] == "running" else FAIL
            detail = "%s, %s session(s)" % (app["name"], app["sessions"] if app["sessions"] is not None else "?")
            checks.append(tomcat_check("tomcat.app:" + path, status, app["state"], "running", "", detail))
        return checks
    if not expected:
        return [
            tomcat_check(
                "tomcat.apps",
                INFO,
                None,
                None,
                "",
                "set tomcat_status_user (manager-script role) or tomcat_expected_apps to check the applications",
            )
        ]
    for path in expected:
        code, error = probes.get(path, (None, "not probed"))
        if code is None:
            checks.append(tomcat_check("tomcat.app:" + path, FAIL, None, "running", "", "no HTTP answer: %s" % error))
        elif code == 404 or code >= 500:
            checks.append(tomcat_check("tomcat.app:" + path, FAIL, code, "running", "", "HTTP %d" % code))
        else:
            checks.append(tomcat_check("tomcat.app:" + path, PASS, code, "running", "", "HTTP %d (no manager)" % code))
    return checks


# ---- threads and open files


def count_threads(comms: Iterable[str], prefix: str) -> int:
    """Threads whose name starts with ``prefix``; Linux keeps 15 characters of a thread's name."""
    cut = prefix[:15]
    return sum(1 for c in comms if c.startswith(cut))


def eval_threads(
    connectors: List[Dict[str, Any]],
    status: Optional[Dict[str, Any]],
    comms: Optional[List[str]],
    thresholds: Dict[str, Any],
) -> List[Dict[str, Any]]:
    """One check per plain connector: busy threads (manager status) or worker threads started (from /proc) of
    maxThreads. Connectors that share an executor are one pool: it is reported once."""
    checks = []
    seen_pools = set()
    for conn in connectors:
        if conn.get("family") not in ("http", "ajp"):
            continue
        pool = conn["executor"] or conn["name"]
        if pool in seen_pools:
            continue
        seen_pools.add(pool)
        check_id = "tomcat.threads:" + (conn["executor"] or conn["name"])
        maximum = conn["maxThreads"]
        live = None
        if status is not None:
            live = next(
                (
                    v
                    for k, v in status.get("connectors", {}).items()
                    if v.get("port") == conn["port"] and k.startswith(conn["family"])
                ),
                None,
            )
        if live is not None and live.get("currentThreadsBusy") is not None:
            # A connector on a shared executor reports maxThreads -1: the executor's own value applies.
            if (live.get("maxThreads") or 0) > 0:
                maximum = live["maxThreads"]
            busy = live["currentThreadsBusy"]
            detail = "%d busy of maxThreads %d (%s threads in the pool), from the manager status" % (
                busy,
                maximum,
                live.get("currentThreadCount"),
            )
            checks.append(graded(check_id, _pct(busy, maximum), thresholds, "resource_limit", detail))
        elif comms is not None:
            started = count_threads(comms, conn["thread_prefix"])
            detail = (
                "%d worker threads started (%s*) of maxThreads %d; the pool only grows under load, so this bounds the "
                "busy threads from above (set tomcat_status_user for the exact count)"
                % (started, conn["thread_prefix"], maximum)
            )
            checks.append(graded(check_id, _pct(started, maximum), thresholds, "resource_limit", detail))
        else:
            checks.append(tomcat_check(check_id, ERROR, None, None, "%", "no Tomcat process to read threads from"))
    return checks


def parse_nofile_limit(limits_text: str) -> Optional[int]:
    """Soft "Max open files" of /proc/PID/limits (None for unlimited or absent)."""
    for line in limits_text.splitlines():
        if line.startswith("Max open files"):
            soft = line[len("Max open files") :].split()[0]
            return int(soft) if soft.isdigit() else None
    return None


def eval_open_files(count: Optional[int], limit: Optional[int], thresholds: Dict[str, Any], error: str = ""):
    if count is None:
        return tomcat_check("tomcat.open_files", ERROR, None, None, "%", error or "cannot read the process's files")
    if not limit:
        return tomcat_check("tomcat.open_files", INFO, count, None, "", "%d open, no limit" % count)
    detail = "%d open of LimitNOFILE %d" % (count, limit)
    return graded("tomcat.open_files", _pct(count, limit), thresholds, "resource_limit", detail)


# ---- heap dumps


def eval_heap_dumps(directory: str, dumps: Optional[List[Tuple[str, float, int]]], since: Optional[float]):
    """``dumps``: (name, mtime, size) of *.hprof files; None when the directory is missing. A dump newer than
    the previous run is FAIL (an OutOfMemoryError happened), older ones WARN (evidence, disk space)."""
    if dumps is None:
        return tomcat_check("tomcat.heap_dumps", PASS, 0, "0", "", "%s does not exist (no dump written)" % directory)
    if not dumps:
        return tomcat_check("tomcat.heap_dumps", PASS, 0, "0", "", "none in %s" % directory)
    newest = max(dumps, key=lambda d: d[1])
    size = sum(d[2] for d in dumps)
    fresh = [d for d in dumps if since is not None and d[1] > since]
    detail = "%d in %s (%d MiB), newest %s" % (len(dumps), directory, size >> 20, newest[0])
    if fresh:
        return tomcat_check(
            "tomcat.heap_dumps", FAIL, len(dumps), "0", "", "%d new since the last run; %s" % (len(fresh), detail)
        )
    return tomcat_check("tomcat.heap_dumps", WARN, len(dumps), "0", "", detail + "; analyse and remove them")


# ---- logs since the previous run

SEVERE = re.compile(r"\bSEVERE\b")
OOM = re.compile(r"java\.lang\.OutOfMemoryError")
MAX_SAMPLES = 3
MAX_SAMPLE_CHARS = 200


def read_new(path: str, prev: Optional[Dict[str, Any]], max_bytes: int) -> Tuple[str, Dict[str, Any], List[str]]:
    """Text appended to ``path`` since ``prev`` ({inode, offset}) -> (text, new state, notes).

    A new inode (rotated) or a smaller file (truncated by copytruncate) is read from its start; the first
    run reads the last ``max_bytes``. Only complete lines are consumed. Raises OSError.
    """
    st = os.stat(path)
    notes = []
    start = 0
    if isinstance(prev, dict) and isinstance(prev.get("offset"), int) and prev.get("inode") == st.st_ino:
        if st.st_size >= prev["offset"]:
            start = prev["offset"]
        else:
            notes.append("truncated since the last run: read from the start")
    elif isinstance(prev, dict) and prev.get("inode") is not None:
        notes.append("rotated since the last run: new file read from the start")
    else:
        notes.append("first run: last %d KiB read" % (max_bytes >> 10))
        start = max(0, st.st_size - max_bytes)
    if st.st_size - start > max_bytes:
        notes.append("%d KiB skipped (over max_bytes)" % ((st.st_size - start - max_bytes) >> 10))
        start = st.st_size - max_bytes
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(st.st_size - start)
    data = data[: data.rfind(b"\n") + 1]
    return data.decode("utf-8", "replace"), {"inode": st.st_ino, "offset": start + len(data)}, notes


def scan_lines(text: str, regex: "re.Pattern[str]") -> Tuple[int, List[str]]:
    count, samples = 0, []
    for line in text.splitlines():
        if regex.search(line):
            count += 1
            if len(samples) < MAX_SAMPLES:
                samples.append(line.strip()[:MAX_SAMPLE_CHARS])
    return count, samples


def eval_log(path: str, text: str, notes: List[str], thresholds: Dict[str, Any]) -> List[Dict[str, Any]]:
    severe, severe_samples = scan_lines(text, SEVERE)
    ooms, oom_samples = scan_lines(text, OOM)
    tail = "; ".join(notes + ["%d KiB scanned" % (len(text.encode("utf-8")) >> 10)])
    detail = ("%s | %s" % (" | ".join(severe_samples), tail)) if severe_samples else tail
    checks = [graded("tomcat.log_severe:" + path, severe, thresholds, "tomcat_severe_lines", detail)]
    if ooms:
        checks.append(
            tomcat_check("tomcat.oom:" + path, FAIL, ooms, "0", "", "%s | %s" % (" | ".join(oom_samples), tail))
        )
    else:
        checks.append(tomcat_check("tomcat.oom:" + path, PASS, 0, "0", "", tail))
    return checks


def log_checks(
    paths: List[str], prev_logs: Dict[str, Any], thresholds: Dict[str, Any], max_bytes: int
) -> Tuple[List[Dict[str, Any]], Dict[str, Any]]:
    """Checks of every log since the previous run and the positions to keep for the next run."""
    checks, state = [], {}
    for path in paths:
        prev = (prev_logs or {}).get(path)
        try:
            text, state[path], notes = read_new(path, prev, max_bytes)
        except OSError as exc:
            if isinstance(prev, dict):
                state[path] = prev
            reason = "not found" if getattr(exc, "errno", None) == 2 else (exc.strerror or str(exc))
            checks.append(tomcat_check("tomcat.log_severe:" + path, ERROR, None, None, "", "%s: %s" % (path, reason)))
            continue
        checks.extend(eval_log(path, text, notes, thresholds))
    return checks, state
