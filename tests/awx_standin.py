"""A small stand-in of the AWX REST API (``/api/v2/``) on 127.0.0.1 for playbooks/awx_configure.yml's tests.

It keeps objects in memory, answers the list filters the awx.awx modules send, and refuses what
AWX refuses where the playbook could get it wrong: an unknown filter, a reference to a missing
object, a duplicate name, a credential missing a required input, a schedule whose ``rrule`` AWX's
validation rejects (serializers.SchedulePreviewSerializer.validate_rrule) or that sets a limit its
job template does not ask for, and any request without the bearer token. Every request is recorded.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

API = "/api/v2/"
# Which endpoint a reference field names.
REFERENCES = {
    "organization": "organizations",
    "project": "projects",
    "source_project": "projects",
    "inventory": "inventories",
    "credential": "credentials",
    "credential_type": "credential_types",
    "default_environment": "execution_environments",
    "execution_environment": "execution_environments",
    "unified_job_template": "unified_job_templates",
}
TYPES = {
    "organizations": "organization",
    "credentials": "credential",
    "credential_types": "credential_type",
    "execution_environments": "execution_environment",
    "projects": "project",
    "project_updates": "project_update",
    "inventories": "inventory",
    "inventory_sources": "inventory_source",
    "notification_templates": "notification_template",
    "job_templates": "job_template",
    "schedules": "schedule",
}
UNIFIED = ("projects", "inventory_sources", "job_templates")
FILTERS = {
    "name",
    "organization",
    "or__id",
    "or__name",
    "name__startswith",
    "unified_job_template",
    "inventory",
    "credential_type",
}
# The managed credential types the playbook uses, with their required inputs as AWX defines them.
CREDENTIAL_TYPES = {"Machine": [], "Vault": ["vault_password"], "Source Control": []}


def rrule_problem(value: str) -> str:
    """AWX's own checks of a schedule's rrule (awx/api/serializers.py), '' when it passes."""
    if not re.findall(r".*?(DTSTART(;[^:]+)?\:[0-9]+T[0-9]+Z?)", value):
        return "Valid DTSTART required in rrule."
    if re.findall(r".*?(DTSTART:[0-9]+T[0-9]+) ", value):
        return "DTSTART cannot be a naive datetime."
    if len(re.findall(r".*?(DTSTART(;[^:]+)?\:[0-9]+T[0-9]+Z?)", value)) > 1:
        return "Multiple DTSTART is not supported."
    rules = re.findall(r"RRULE\:", value)
    if len(rules) != 1:
        return "One RRULE required in rrule."
    if "interval" not in value.lower():
        return "INTERVAL required in rrule."
    if "secondly" in value.lower():
        return "SECONDLY is not supported."
    if re.match(r".*?BYMONTHDAY[\:\=][0-9]+,-*[0-9]+", value):
        return "Multiple BYMONTHDAYs not supported."
    if re.match(r".*?BYMONTH[\:\=][0-9]+,[0-9]+", value):
        return "Multiple BYMONTHs not supported."
    if re.match(r".*?BYDAY[\:\=][0-9]+[a-zA-Z]{2}", value):
        return "BYDAY with numeric prefix not supported."
    if "BYYEARDAY" in value or "BYWEEKNO" in value:
        return "BYYEARDAY and BYWEEKNO not supported."
    return ""


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    authorization: str


@dataclass
class Store:
    token: str
    objects: dict[str, dict[int, dict]] = field(default_factory=dict)
    associations: dict[tuple[str, int, str], list[int]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    next_id: int = 1
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        for name, required in CREDENTIAL_TYPES.items():
            self.add("credential_types", {"name": name, "managed": True, "required": required})

    def add(self, endpoint: str, data: dict) -> dict:
        oid, self.next_id = self.next_id, self.next_id + 1
        obj = {
            **data,
            "id": oid,
            "type": TYPES.get(endpoint, endpoint.rstrip("s")),
            "url": f"{API}{endpoint}/{oid}/",
            "related": {},
            "summary_fields": {},
        }
        self.objects.setdefault(endpoint, {})[oid] = obj
        return obj

    def listing(self, endpoint: str) -> list[dict]:
        if endpoint == "unified_job_templates":
            return [o for ep in UNIFIED for o in self.objects.get(ep, {}).values()]
        return list(self.objects.get(endpoint, {}).values())

    def find(self, endpoint: str, oid: Any) -> dict | None:
        return next((o for o in self.listing(endpoint) if str(o["id"]) == str(oid)), None)

    def writes(self) -> list[Request]:
        return [r for r in self.requests if r.method not in ("GET", "HEAD")]

    def sent(self, endpoint: str) -> list[dict]:
        """The bodies POSTed to create objects of an endpoint, in order."""
        return [r.body for r in self.requests if r.method == "POST" and r.path == f"{API}{endpoint}/"]


def _matches(obj: dict, query: dict[str, str]) -> bool:
    either = {k[4:]: v for k, v in query.items() if k.startswith("or__")}
    if either and not any(str(obj.get(k)) == v for k, v in either.items()):
        return False
    for key, value in query.items():
        if key.startswith("or__") or key in ("page", "page_size"):
            continue
        if key == "name__startswith":
            if not str(obj.get("name", "")).startswith(value):
                return False
        elif str(obj.get(key)) != value:
            return False
    return True


def _invalid(store: Store, endpoint: str, data: dict, current: dict | None) -> dict | None:
    """AWX's answer (field -> messages) to a create or update it would refuse, None when valid."""
    merged = {**(current or {}), **data}
    for key, target in REFERENCES.items():
        if merged.get(key) not in (None, "") and store.find(target, merged[key]) is None:
            return {key: [f"Invalid pk {merged[key]!r} - object does not exist."]}
    if not merged.get("name"):
        return {"name": ["This field is required."]}
    scope = "unified_job_template" if endpoint == "schedules" else "organization"
    for other in store.listing(endpoint):
        same = other["name"] == merged["name"] and other.get(scope) == merged.get(scope)
        if same and (current is None or other["id"] != current["id"]):
            return {"__all__": [f"{endpoint} with this name already exists."]}
    if endpoint == "credentials":
        ctype = store.find("credential_types", merged.get("credential_type"))
        missing = [k for k in ctype["required"] if not (merged.get("inputs") or {}).get(k)]
        if missing:
            return {"inputs": {k: ["required for this credential type"] for k in missing}}
    if endpoint == "job_templates" and not (merged.get("playbook") and merged.get("project")):
        return {"playbook": ["A playbook and a project are required."]}
    if endpoint == "schedules":
        problem = rrule_problem(str(merged.get("rrule", "")))
        if problem:
            return {"rrule": [problem]}
        template = store.find("unified_job_templates", merged.get("unified_job_template"))
        if merged.get("limit") and not template.get("ask_limit_on_launch"):
            return {"limit": ["Field is not configured to prompt on launch."]}
    return None


class Handler(BaseHTTPRequestHandler):
    server: StandIn

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: Any = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-API-Product-Name", "AWX")
        self.send_header("X-API-Product-Version", "24.6.1")
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        store = self.server.store
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        request = Request(method, parts.path, dict(parse_qsl(parts.query)), body, self.headers.get("Authorization", ""))
        with store.lock:
            store.requests.append(request)
            if request.authorization != f"Bearer {store.token}":
                return self._send(401, {"detail": "Authentication credentials were not provided."})
            if not parts.path.startswith(API):
                return self._send(404, {"detail": "Not found."})
            status, answer = self._route(store, method, parts.path[len(API) :].strip("/").split("/"), request)
            return self._send(status, answer)

    def _route(self, store: Store, method: str, segs: list[str], request: Request) -> tuple[int, Any]:
        endpoint = segs[0]
        if len(segs) == 1 and method == "GET":
            unknown = set(request.query) - FILTERS - {"page", "page_size"}
            if unknown:
                return 400, {"detail": f"stand-in: unknown filter {sorted(unknown)}"}
            found = [o for o in store.listing(endpoint) if _matches(o, request.query)]
            return 200, {"count": len(found), "next": None, "previous": None, "results": found}
        if len(segs) == 1 and method == "POST":
            problem = _invalid(store, endpoint, request.body or {}, None)
            if problem:
                return 400, problem
            obj = store.add(endpoint, dict(request.body))
            if endpoint == "projects":
                update = store.add("project_updates", {"name": obj["name"], "status": "successful"})
                obj.update(scm_revision="0" * 40, summary_fields={"current_update": {"id": update["id"]}})
            return 201, obj
        obj = store.find(endpoint, segs[1])
        if obj is None:
            return 404, {"detail": "Not found."}
        if len(segs) == 3:  # an association list: credentials/, notification_templates_error/
            key = (endpoint, obj["id"], segs[2])
            if method == "GET":
                ids = store.associations.get(key, [])
                return 200, {"count": len(ids), "next": None, "results": [{"id": i} for i in ids]}
            target = request.body["id"]
            ids = store.associations.setdefault(key, [])
            if request.body.get("disassociate"):
                ids.remove(target)
            else:
                ids.append(target)
            return 204, None
        if method == "GET":
            return 200, obj
        if method == "PATCH":
            problem = _invalid(store, endpoint, request.body or {}, obj)
            if problem:
                return 400, problem
            obj.update(request.body or {})
            return 200, obj
        if method == "DELETE":
            del store.objects[endpoint][obj["id"]]
            return 204, None
        return 405, {"detail": "Method not allowed."}

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        self._handle("DELETE")


class StandIn(ThreadingHTTPServer):
    """``with StandIn(token) as awx:`` serves on ``awx.url`` until the block ends."""

    daemon_threads = True

    def __init__(self, token: str) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.store = Store(token)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
