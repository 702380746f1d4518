"""playbooks/awx_configure.yml against a stand-in of the AWX API on 127.0.0.1 (tests/awx_standin.py).

The example inventory's calendar (its group_vars, read here as files) must arrive as one job template
per duty and one schedule per duty and system, each schedule's rrule the one its timer's
expression gives; a second run in check mode writes nothing and reports only what differs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
import yaml
from ansible.module_utils.healthops.controller.schedule.awx import rrule
from ansible.module_utils.healthops.controller.schedule.calendar import build
from awx_standin import StandIn
from healthops_testlib import REPO

BIN = Path(sys.executable).parent
TOKEN = "awx-token-6f1d"  # the stand-in's; checked never to be printed
ROBOT_KEY = "robot-key-93ab"
SMTP_PASSWORD = "smtp-pw-27c4"
SCM_URL = "https://git.example.test/ops/healthops.git"
SITE = REPO / "inventories" / "example"


def example_calendar() -> dict[str, dict]:
    """system -> its healthops_calendar and healthops_schedule_times, as the inventory's files hold them."""
    systems = {}
    for path in sorted((SITE / "group_vars").glob("*/system.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        systems[data["healthops_system"]] = {
            "calendar": data.get("healthops_calendar") or {},
            "times": data.get("healthops_schedule_times") or {},
            "hosts": [path.parent.name],
        }
    return systems


def play(awx: StandIn, inventory: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    settings = {
        "healthops_awx_scm_url": SCM_URL,
        "healthops_awx_webhook_url": f"https://oapi.example.test/robot/send?access_token={ROBOT_KEY}",
        "healthops_awx_smtp_host": "smtp.example.test",
        "healthops_awx_smtp_from": "healthops@example.test",
        "healthops_awx_smtp_to": "ops@example.test, duty@example.test",
        "healthops_awx_smtp_password": SMTP_PASSWORD,
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTROLLER_", "HEALTHOPS_ALERT_", "TOWER_"))} | {
        "CONTROLLER_HOST": awx.url,
        "CONTROLLER_OAUTH_TOKEN": TOKEN,
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
        "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json",
        "HEALTHOPS_LEDGER": str(tmp / "ledger.sqlite"),
    }
    return subprocess.run(
        [str(BIN / "ansible-playbook"), "-i", str(inventory), "playbooks/awx_configure.yml", "-e", json.dumps(settings)]
        + list(extra),
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def task_items(stdout: str, name: str) -> list[dict]:
    """The per-item results of one task in the json callback's output."""
    (task,) = [t for p in json.loads(stdout)["plays"] for t in p["tasks"] if t["task"]["name"] == name]
    return task["hosts"]["localhost"].get("results", [task["hosts"]["localhost"]])


@pytest.fixture(scope="module")
def configured(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("awx")
    with StandIn(TOKEN) as awx:
        # A schedule of a duty the calendar no longer has, and another team's, already in AWX.
        store = awx.store
        org = store.add("organizations", {"name": "healthops"})
        old = store.add("job_templates", {"name": "healthops holiday_check", "organization": org["id"]})
        store.add("schedules", {"name": "healthops petition holiday_check", "unified_job_template": old["id"]})
        store.add("schedules", {"name": "nightly reports", "unified_job_template": old["id"]})
        first = play(awx, SITE, tmp)
        first_requests = list(store.requests)
        store.requests.clear()
        # Check mode with another time zone: every schedule would change; nothing may be written.
        check = play(awx, SITE, tmp, "--check", "--diff", "-e", "healthops_awx_timezone=Asia/Urumqi")
        yield {"awx": awx, "first": first, "first_requests": first_requests, "check": check, "tmp": tmp}


def test_the_first_run_creates_everything(configured: dict) -> None:
    first = configured["first"]
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr
    requests = configured["first_requests"]
    assert requests, "no request reached the stand-in"
    # Every request carries the token; no secret is ever printed.
    assert {r.authorization for r in requests} == {f"Bearer {TOKEN}"}
    for secret in (TOKEN, ROBOT_KEY, SMTP_PASSWORD):
        assert secret not in first.stdout + first.stderr


def test_schedules_are_the_inventory_calendar_as_rrules(configured: dict) -> None:
    store = configured["awx"].store
    systems = example_calendar()
    playbooks = [p.name for p in (REPO / "playbooks").iterdir()]
    calendar = build(systems, playbooks, dt.datetime.now())
    assert calendar.errors == []
    expected = {
        f"healthops {r.system} {r.duty}": rrule(r.on_calendar, dt.date(2026, 1, 1), "Asia/Shanghai")
        for r in calendar.runs
    }
    sent = {s["name"]: s for s in store_sent(configured, "schedules")}
    assert {name: s["rrule"] for name, s in sent.items()} == expected
    # Two literal ones, from the seeds: weekly inspection on Mondays, medical_supplies' daily one at 06:30.
    assert sent["healthops petition inspection"]["rrule"] == (
        "DTSTART;TZID=Asia/Shanghai:20260105T020000 RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO"
    )
    assert sent["healthops medical_supplies inspection"]["rrule"].endswith("T063000 RRULE:FREQ=DAILY;INTERVAL=1")
    templates = {t["id"]: t["name"] for t in store.listing("job_templates")}
    for name, schedule in sent.items():
        system, duty = name.split(" ")[1:]
        assert schedule["limit"] == f"{system}:localhost"
        assert templates[schedule["unified_job_template"]] == f"healthops {duty}"
        assert schedule["enabled"] is True
    # The schedule of a duty gone from the calendar is removed; another team's is left alone.
    names = {s["name"] for s in store.listing("schedules")}
    assert "healthops petition holiday_check" not in names
    assert "nightly reports" in names
    assert set(expected) <= names


def store_sent(configured: dict, endpoint: str) -> list[dict]:
    return [r.body for r in configured["first_requests"] if r.method == "POST" and r.path == f"/api/v2/{endpoint}/"]


def test_one_job_template_per_duty(configured: dict) -> None:
    store = configured["awx"].store
    sent = {t["name"]: t for t in store_sent(configured, "job_templates")}
    duties = {d for s in example_calendar().values() for d, v in s["calendar"].items() if isinstance(v, str)}
    scheduled = {name.split(" ")[2] for name in (s["name"] for s in store_sent(configured, "schedules"))}
    assert {f"healthops {d}" for d in scheduled} <= set(sent)
    assert {n.split(" ", 1)[1] for n in sent} <= duties
    inspection = sent["healthops inspection"]
    assert inspection["playbook"] == "playbooks/inspect.yml"
    assert inspection["job_type"] == "run"
    assert inspection["ask_limit_on_launch"] is True
    assert json.loads(sent["healthops db_tuning"]["extra_vars"]) == {"db_health_profile": "tuning"}
    assert (sent["healthops patch_round"]["job_type"], sent["healthops patch_round"]["diff_mode"]) == ("check", True)
    project = store.listing("projects")[0]
    assert inspection["project"] == project["id"]
    assert (project["scm_url"], project["scm_type"]) == (SCM_URL, "git")
    # The inventory comes from the repository: the calendar is not copied into AWX by hand.
    (source,) = store.listing("inventory_sources")
    assert (source["source"], source["source_path"], source["source_project"]) == (
        "scm",
        "inventories/example",
        project["id"],
    )
    # Credentials are placeholders; every job template uses them and alerts on failure.
    creds = {c["name"]: c for c in store.listing("credentials")}
    assert creds["healthops vault"]["inputs"] == {"vault_password": "ASK"}
    assert set(creds) == {"healthops ssh", "healthops vault", "healthops git"}
    notifications = {n["name"]: n for n in store.listing("notification_templates")}
    assert notifications["healthops email"]["notification_configuration"]["use_tls"] is True
    assert notifications["healthops email"]["notification_configuration"]["recipients"] == [
        "ops@example.test",
        "duty@example.test",
    ]
    # AWX renders the body with Jinja, then sends it as JSON: the robots' text message.
    body = jinja2.Template(notifications["healthops webhook"]["messages"]["error"]["body"]).render(
        job={"status": "failed", "name": "healthops inspection", "limit": "petition:localhost", "id": 7},
        url="https://awx/#/jobs/7",
    )
    assert json.loads(body) == {
        "msgtype": "text",
        "text": {
            "content": "healthops failed: healthops inspection (limit petition:localhost), job 7: https://awx/#/jobs/7"
        },
    }
    jt = store.listing("job_templates")[-1]
    assert sorted(store.associations[("job_templates", jt["id"], "credentials")]) == sorted(
        c["id"] for n, c in creds.items() if n != "healthops git"
    )
    assert sorted(store.associations[("job_templates", jt["id"], "notification_templates_error")]) == sorted(
        n["id"] for n in notifications.values()
    )


def test_check_mode_writes_nothing_and_reports_only_what_differs(configured: dict) -> None:
    check = configured["check"]
    assert check.returncode == 0, check.stdout[-4000:] + check.stderr
    store = configured["awx"].store
    assert store.requests
    assert store.writes() == []
    # In check mode the requests are the look-ups of each job template and schedule it would send.
    looked_up = {
        endpoint: {r.query["name"] for r in store.requests if r.path == f"/api/v2/{endpoint}/" and "name" in r.query}
        for endpoint in ("job_templates", "schedules")
    }
    assert looked_up["job_templates"] == {t["name"] for t in store_sent(configured, "job_templates")}
    assert looked_up["schedules"] == {s["name"] for s in store_sent(configured, "schedules")}
    schedules = task_items(check.stdout, "AWX | Create one schedule per duty and system from the calendar")
    assert schedules
    assert all(item["changed"] for item in schedules)
    unchanged = [
        "AWX | Create the organization",
        "AWX | Create the credential placeholders (secrets are entered in AWX)",
        "AWX | Create the project (this repository)",
        "AWX | Source the inventory from the repository (the calendar stays in its group_vars)",
        "AWX | Create one job template per duty",
    ]
    for name in unchanged:
        assert not [i for i in task_items(check.stdout, name) if i.get("changed")], name


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"inspection": "Mon *-*-1,15 02:00"},
            "petition: healthops_calendar.inspection: 'Mon *-*-1,15 02:00' cannot be",
        ),
        ({"inspection": "fortnightly"}, "petition: healthops_calendar.inspection: 'fortnightly'"),
    ],
)
def test_a_calendar_awx_cannot_hold_stops_before_any_request(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    inventory = tmp_path / "example"
    shutil.copytree(SITE, inventory)
    path = inventory / "group_vars" / "petition" / "system.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["healthops_calendar"].update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with StandIn(TOKEN) as awx:
        proc = play(awx, inventory, tmp_path)
        assert awx.store.requests == []
    assert proc.returncode != 0
    assert message in proc.stdout
