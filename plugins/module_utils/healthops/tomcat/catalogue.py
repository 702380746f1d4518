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
from typing import Any, List, Optional

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
    number = value
    # Inventory numbers may arrive as text ("200") or as 200.0; anything else is not an integer.
    if (isinstance(value, str) and re.match(r"^\s*-?\d+\s*$", value)) or (
        isinstance(value, float) and value.is_integer()
    ):
        number = int(value)
    if is_int(number) and also is not None and number == also:
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
