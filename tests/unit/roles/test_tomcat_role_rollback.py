"""The tomcat role's restart and rescue, templated as Ansible would (role defaults, vars/main.yml, the failed
task's facts): a port another process holds stops the host before the restart without restarting Tomcat
(issue 15, class 11); the rescue's message says what its wait checked - HTTP, or the AJP port of an AJP-only
Tomcat, never "does NOT answer HTTP" when no HTTP check was made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible.template import trust_as_template
from tomcat_role_templar import role_templar

ROLE = Path(__file__).resolve().parents[3] / "roles" / "tomcat"


def render(expression: str, **facts: Any) -> Any:
    templar = role_templar(inventory_hostname="tomcat-host", ansible_check_mode=False, **facts)
    return templar.template(trust_as_template(expression))


RESTORED = [{"path": "/var/lib/tomcat10/conf/server.xml", "existed": True, "index": 0}]
SERVER_XML_RESULT = {"changed": True, "ports_before": [8009], "schemes": ["http"]}


def message(**facts: Any) -> str:
    return " ".join(str(render("{{ __tomcat_rollback_message }}", **facts)).split())


def test_an_ajp_only_rollback_says_what_its_ajp_wait_saw() -> None:
    failed = {"name": "Restart | Wait until Tomcat listens on the AJP port (AJP-only)"}
    common = {
        "tomcat_http_enabled": False,
        "tomcat_ajp_enabled": True,
        "ansible_failed_task": failed,
        "ansible_failed_result": {"msg": "Timeout when waiting for 127.0.0.1:8019"},
        "__tomcat_restore": RESTORED,
        "__tomcat_server_xml_result": SERVER_XML_RESULT,
        "__tomcat_restart": {"changed": True},
        "__tomcat_answer_again": {"skipped": True},
    }
    up = message(__tomcat_listens_again={"state": "started", "port": 8009}, **common)
    assert "it listens on the AJP port 8009 again" in up
    assert "HTTP" not in up
    down = message(__tomcat_listens_again={"msg": "Timeout when waiting for 127.0.0.1:8009", "failed": False}, **common)
    assert "it does NOT listen on the AJP port 8009 either, act now" in down
    assert "HTTP" not in down


def test_an_http_rollback_still_reports_the_http_answer() -> None:
    common = {
        "ansible_failed_task": {"name": "Restart | Wait until Tomcat answers HTTP"},
        "ansible_failed_result": {"msg": "Status code was -1"},
        "__tomcat_restore": RESTORED,
        "__tomcat_restart": {"changed": True},
    }
    assert "it answers HTTP 200 again" in message(__tomcat_answer_again={"status": 200}, **common)
    assert "it does NOT answer HTTP either" in message(__tomcat_answer_again={"status": -1}, **common)


def test_a_taken_port_stops_the_host_without_restarting_tomcat() -> None:
    taken = "port 8009 (inventory) is already held by python3 (pid 8) on 0.0.0.0:8009, not by tomcat10"
    facts = {
        "ansible_failed_task": {"name": "Restart | Check the ports are free or held by this Tomcat"},
        "ansible_failed_result": {"msg": taken},
        "__tomcat_restore": RESTORED,
        "__tomcat_restart": {"skipped": True},
    }
    assert render("{{ __tomcat_rollback_restarts | bool }}", **facts) is False
    text = message(**facts)
    assert f"Tomcat on tomcat-host was not restarted: {taken}." in text
    assert "Restored the previous /var/lib/tomcat10/conf/server.xml; Tomcat was not restarted" in text
    # Any other failure after server.xml changed still restarts Tomcat on the restored file.
    facts["ansible_failed_task"] = {"name": "Jvm | Write setenv.sh"}
    assert render("{{ __tomcat_rollback_restarts | bool }}", **facts) is True


@pytest.mark.parametrize("manage", [True, False])
def test_the_port_check_runs_first_on_every_port_inventory_gives(manage: bool) -> None:
    tasks = yaml.safe_load((ROLE / "tasks" / "restart.yml").read_text())
    first = tasks[0]
    assert first["name"] == "Restart | Check the ports are free or held by this Tomcat"
    args = first["ansible.legacy.tomcat_port_check"]
    ports = render(args["ports"], tomcat_ajp_enabled=True, tomcat_manage_server_xml=manage)
    assert ports == ([8080, 8009] if manage else [])
    assert render(args["service_name"]) == "tomcat10"


def test_rollback_task_files_stay_short() -> None:
    for name in ("rollback.yml", "rollback_restart.yml", "restart.yml"):
        assert len((ROLE / "tasks" / name).read_text().splitlines()) <= 60, name
