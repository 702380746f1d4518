# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tomcat over HTTP: the probe's GETs of the host's own URLs and of the manager's status and list.

Never through a proxy, redirects only within the same origin (the manager's credentials never leave it).
Standard library only, Python >= 3.6 (it runs on the Tomcat host).
"""

from __future__ import absolute_import, division, print_function

import base64
import time
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import HTTPRedirectHandler, ProxyHandler, Request, build_opener

from ansible.module_utils.common.text.converters import to_native
from ansible.module_utils.healthops.common.result import ERROR
from ansible.module_utils.healthops.tomcat.checks import eval_heap, parse_manager_list, parse_status_xml, tomcat_check

__metaclass__ = type


def origin(url):
    """(scheme, host, port) of ``url``, the default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or {"http": 80, "https": 443}.get(scheme)


class SameOriginRedirects(HTTPRedirectHandler):
    """Follow a redirect only to the same scheme, host and port.

    urllib's own handler follows a redirect anywhere and copies every header added with add_header,
    Authorization included, so the manager's password would go to whatever host a redirect names.
    Refusing the redirect makes its 3xx the answer (an HTTPError the caller reads as that status).
    """

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if origin(newurl) != origin(req.full_url):
            return None
        return HTTPRedirectHandler.redirect_request(self, req, fp, code, msg, headers, newurl)


class Http:
    """GET on the host's own URLs, never through a proxy, redirects only within the same origin;
    (status, elapsed ms, body, error)."""

    def __init__(self, timeout, user="", password=""):
        self.timeout = timeout
        self.opener = build_opener(ProxyHandler({}), SameOriginRedirects())
        self.auth = None
        if user:
            token = base64.b64encode(("%s:%s" % (user, password)).encode("utf-8")).decode("ascii")
            self.auth = "Basic " + token

    def get(self, url, auth=False):
        request = Request(url, headers={"User-Agent": "healthops-tomcat-probe"})  # noqa: S310 - http(s) URLs of options
        if auth and self.auth:
            request.add_header("Authorization", self.auth)
        start = time.time()
        try:
            response = self.opener.open(request, timeout=self.timeout)
            body = response.read()
            return response.getcode(), (time.time() - start) * 1000.0, body, None
        except HTTPError as exc:
            return exc.code, (time.time() - start) * 1000.0, b"", None
        except Exception as exc:  # any transport failure is "no answer"
            return None, None, b"", to_native(exc)


def manager_refusal(code, role):
    """Why the manager gave no page, from its HTTP status."""
    if code is not None and 300 <= code < 400:
        return (
            "HTTP %s, a redirect to another host, port or scheme, not followed with the credentials "
            "(set tomcat_manager_url to where the manager really is)" % code
        )
    return "HTTP %s (needs role %s)" % (code, role)


def manager_checks(http, params, thresholds):
    """(status dict or None, apps list or None, checks for manager failures)."""
    base = params["manager_url"].rstrip("/")
    checks = []
    status = apps = None
    code, _ms, body, error = http.get(base + "/status?XML=true", auth=True)
    if code == 200:
        try:
            status = parse_status_xml(to_native(body, errors="surrogate_or_replace"))
        except Exception as exc:  # a garbled page is reported, not raised
            error = "unreadable status XML: %s" % to_native(exc)
    if status is None:
        why = error or manager_refusal(code, "manager-status")
        checks.append(tomcat_check("tomcat.heap_used", ERROR, None, None, "%", "manager status: %s" % why))
    else:
        checks.append(eval_heap(status["jvm"], thresholds))
    code, _ms, body, error = http.get(base + "/text/list", auth=True)
    if code == 200:
        try:
            apps = parse_manager_list(to_native(body, errors="surrogate_or_replace"))
        except ValueError as exc:
            error = to_native(exc)
    if apps is None:
        why = error or manager_refusal(code, "manager-script")
        checks.append(tomcat_check("tomcat.apps", ERROR, None, None, "", "manager list: %s" % why))
    return status, apps, checks


def app_url(url, path):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path if path.endswith("/") else path + "/", "", ""))
