# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tomcat's connector attributes: which exist (Tomcat 9.0 and 10.1 docs) and the bounds of the numeric ones.

Shared by the ``tomcat`` role's validation on the controller (healthops.tomcat.settings, through
``plugins/filter/healthops_tomcat.py``) and ``library/tomcat_server_xml.py``, which refuses an unknown
attribute again on the host. Pure functions; standard library only, Python >= 3.6 (it runs on the host).
"""

from __future__ import absolute_import, division, print_function

import difflib
import re
from typing import Any, Dict, List, Optional, Tuple

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
# Differences between the versions, from the connector pages of each version's documentation
# (tomcat.apache.org/tomcat-<v>-doc/config/http.html and ajp.html): (first, last) version that has
# the attribute, None for no bound. Tomcat 10 removed acceptorThreadCount, pollerThreadCount and the
# AJP requiredSecret (renamed secret in 9); 7 and 8.5 spell compressibleMimeType compressableMimeType
# (8.5 takes both); portOffset came with 9, useVirtualThreads with 10.1, maxHttpRequestHeaderSize and
# maxHttpResponseHeaderSize with 9 (9.0.x docs).
_BY_VERSION = {
    "acceptorThreadCount": ((7,), (9,)),
    "pollerThreadCount": ((7,), (9,)),
    "requiredSecret": ((7,), (9,)),
    "compressableMimeType": ((7,), (8, 5)),
    "compressibleMimeType": ((8, 5), None),
    "portOffset": ((9,), None),
    "useVirtualThreads": ((10, 1), None),
    "maxHttpRequestHeaderSize": ((9,), None),
    "maxHttpResponseHeaderSize": ((9,), None),
}  # type: Dict[str, Tuple[Tuple[int, ...], Optional[Tuple[int, ...]]]]
_VERSIONED = {
    "http": {"acceptorThreadCount", "pollerThreadCount", "compressableMimeType"},
    "ajp": {"acceptorThreadCount", "pollerThreadCount", "requiredSecret"},
}
# The versions the role and the module accept (Tomcat 10.0 is end of life; 10 means 10.1).
VERSIONS = ("7", "8.5", "9", "10", "10.1", "11")
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
    "maxHttpRequestHeaderSize": (1, None, None),
    "maxHttpResponseHeaderSize": (1, None, None),
    "maxHeaderCount": (1, None, _UNLIMITED),
    "maxTrailerSize": (1, None, _UNLIMITED),
    "maxExtensionSize": (1, None, _UNLIMITED),
    "maxSwallowSize": (0, None, _UNLIMITED),
    "maxPostSize": (0, None, _UNLIMITED),
    "maxSavePostSize": (0, None, _UNLIMITED),
    "maxParameterCount": (0, None, _UNLIMITED),
    "maxCookieCount": (0, None, _UNLIMITED),
    "maxPartCount": (0, None, _UNLIMITED),
    "maxPartHeaderSize": (1, None, None),
    "connectionUploadTimeout": (1, None, None),
    "asyncTimeout": (0, None, _UNLIMITED),
    "processorCache": (0, None, _UNLIMITED),
    "acceptorThreadCount": (1, None, None),
    "pollerThreadCount": (1, None, None),
    "acceptorThreadPriority": (1, 10, None),
    "pollerThreadPriority": (1, 10, None),
    "threadsMaxIdleTime": (1, None, None),
    "executorTerminationTimeoutMillis": (0, None, None),
    "selectorTimeout": (1, None, None),
    "portOffset": (0, None, None),
    "threadRenewalDelay": (0, None, _UNLIMITED),
    "upgradeAsyncWriteBufferSize": (1, None, None),
    "socket.rxBufSize": (1, None, None),
    "socket.txBufSize": (1, None, None),
    "socket.appReadBufSize": (1, None, None),
    "socket.appWriteBufSize": (1, None, None),
    "socket.soTimeout": (0, None, None),
    "packetSize": (8192, 65536, None),
    "maxDays": (1, None, _UNLIMITED),
}  # type: Dict[str, Tuple[int, Optional[int], Optional[int]]]


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def int_option_error(name: str, value: Any, low: Optional[int] = None, high: Optional[int] = None) -> Optional[str]:
    """A message naming option ``name`` when ``value`` is not an integer in [low, high]; else None."""
    if not is_int(value):
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
    number = _as_int(value)
    if is_int(number) and also is not None and number == also:
        return None
    message = int_option_error("%s.%s" % (where, name), number, low, high)
    if message and also is not None:
        message += " (or %d for no limit)" % also
    return message


def attribute_number_errors(attributes: Any, where: str) -> List[str]:
    """Messages for every numeric attribute of ``attributes`` out of its bounds, and for a pool whose
    maxThreads is below its minSpareThreads."""
    if not isinstance(attributes, dict):
        return []
    errors = [attribute_number_error(where, k, attributes[k]) for k in sorted(attributes, key=str)]
    errors.append(pool_error(where, attributes))
    return [e for e in errors if e]


def version_key(version: Any) -> Tuple[int, ...]:
    """ "8.5" -> (8, 5); 10 and "10" -> (10, 1) (10.0 is end of life: 10 means 10.1); 11.0 -> (11,)."""
    parts = tuple(int(p) for p in str(version).split(".") if p.isdigit())
    parts = parts[:1] if parts[1:] == (0,) else parts
    return (10, 1) if parts == (10,) else parts


def _in_version(name: str, version: Any) -> bool:
    first, last = _BY_VERSION.get(name, ((0,), None))
    key = version_key(version)
    return first <= key and (last is None or key[: len(last)] <= last)


def known_attributes(element: str, version: Any = 10) -> set:
    """Attribute names Tomcat ``version`` (7, 8.5, 9, 10.1, 11) accepts on ``element`` (http, ajp, executor,
    access_log)."""
    if element == "executor":
        return set(_EXECUTOR)
    if element == "access_log":
        return set(_ACCESS_LOG)
    names = _COMMON | (_HTTP if element == "http" else _AJP) | _VERSIONED.get(element, set())
    names |= {"socket." + s for s in _SOCKET}
    return {n for n in names if _in_version(n, version)}


def pool_error(where: str, attributes: Dict[str, Any], names: Tuple[str, str] = ("maxThreads", "minSpareThreads")):
    """Tomcat's pool refuses maxThreads below minSpareThreads (IllegalArgumentException at start): a message
    naming both, or None. ``names``: the keys of ``attributes`` (role variables or attribute names)."""
    high, low = (_as_int(attributes.get(n)) for n in names)
    if is_int(high) and is_int(low) and high < low:
        pre = where + "." if where else ""
        return "%s%s (%d) must be >= %s%s (%d)" % (pre, names[0], high, pre, names[1], low)
    return None


def _as_int(value: Any) -> Any:
    """Inventory numbers may arrive as text ("200") or as 200.0; anything else is returned as it is."""
    if (isinstance(value, str) and re.match(r"^\s*-?\d+\s*$", value)) or (
        isinstance(value, float) and value.is_integer()
    ):
        return int(value)
    return value


def attribute_errors(element: str, attributes: Any, version: Any, where: str) -> List[str]:
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
