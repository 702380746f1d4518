"""The certificate audit of the lab (issue 20's done means): every TLS endpoint with its days to expiry.

A lab of its own (molecule/shared/lab.sh, LAB_TLS=1): one plain host and the web host, which serves TLS with
certificates of a lab CA made on it when the lab was built (molecule/shared/lab_tls.sh): nginx under the
host's name and, by SNI, under the public name the inventory lists; Tomcat's PEM connector. Then

1. playbooks/cert_audit.yml: the report lists each of the three endpoints (two found in nginx's and Tomcat's
   configuration, one listed in inventory) with its days to expiry, verified against the lab CA (the
   inventory's cert_audit_ca_file), and every check passes; the plain host has nothing to audit;
2. playbooks/inspect.yml: medical_supplies' calendar audits certificates with each inspection, so the web
   host's inspection record carries the same endpoints and days.
"""

from __future__ import annotations

from typing import Any

import healthops_testlib
import labs
import pytest

PREFIX = "healthops-tls"
BASE_PORT = 24100
WEB = f"{PREFIX}-web"
NGINX_PORT, TOMCAT_PORT = BASE_PORT + 95, BASE_PORT + 96
# Each endpoint's name in the check ids, and the days its certificate was issued for (lab_tls.sh).
# Where lab_tls.sh keeps the certificates nginx and Tomcat read.
LAB_PKI = "/etc/ssl/healthops-lab"
# (nginx's by its server name, Tomcat's connector, which names none, by the address it is reached at)
ENDPOINTS = {f"{WEB}:{NGINX_PORT}": 365, "public": 365, f"127.0.0.1:{TOMCAT_PORT}": 200}

# The lab unit of tests/parallel.py is told by this mark in the module's text.
pytestmark = [pytest.mark.lab, *labs.MARKS]
lab = labs.lab_fixture(PREFIX, BASE_PORT, LAB_TLS="1")


def expiry_rows(host: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"].split(":", 1)[1]: c for c in host["checks"] if c["id"].startswith("cert.expiry:")}


def assert_every_endpoint_with_its_days(host: dict[str, Any]) -> None:
    rows = expiry_rows(host)
    endpoints = {name: row for name, row in rows.items() if not name.startswith("/")}
    assert sorted(endpoints) == sorted(ENDPOINTS), [(c["id"], c["status"], c["detail"]) for c in host["checks"]]
    for name, days in ENDPOINTS.items():
        row = endpoints[name]
        assert row["status"] == "PASS", row
        assert row["unit"] == "days"
        assert row["value"] in (days - 1, days), row


def test_the_audit_lists_every_endpoint_of_the_lab_with_its_days_to_expiry(lab: labs.Lab) -> None:
    tmp, env = lab
    run_id = "cert-audit-lab"
    proc = labs.playbook(
        tmp,
        env,
        "cert_audit.yml",
        *("-e", f"healthops_report_dir={tmp / 'reports'}", "-e", f"healthops_run_id={run_id}"),
    )
    out = proc.stdout + proc.stderr
    report = healthops_testlib.run_report(proc, tmp / "reports", run_id)
    assert [h["host"] for h in report["hosts"]] == [WEB], "only the web host has TLS to audit"
    web = report["hosts"][0]
    assert_every_endpoint_with_its_days(web)
    needs_action = [c for c in web["checks"] if c["status"] not in ("PASS", "INFO")]
    assert needs_action == [], [(c["id"], c["detail"]) for c in needs_action]
    assert proc.returncode == 0, out[-6000:]
    statuses = {c["id"]: c["status"] for c in web["checks"]}
    for name in ENDPOINTS:
        # a client that verifies against the lab CA accepts it; the verified chain's expiry is reported beside
        assert statuses[f"cert.handshake:{name}"] == "PASS"
        assert statuses[f"cert.chain_expiry:{name}"] == "PASS"
        assert statuses[f"cert.hostname:{name}"] == "PASS"
    # the files nginx and Tomcat read are checked too (the keys never leave the host)
    files = sorted(name for name in expiry_rows(web) if name.startswith("/"))
    assert files == [f"{LAB_PKI}/{n}" for n in ("public.fullchain.pem", "tomcat.crt", "web.fullchain.pem")]
    assert "PRIVATE KEY" not in out


def test_the_inspection_of_the_lab_carries_the_same_endpoints(lab: labs.Lab) -> None:
    tmp, env = lab
    _rc, report, _out = labs.inspect(tmp, env, "inspect-tls")
    hosts = {h["host"]: h for h in report["hosts"]}
    assert sorted(hosts) == sorted([f"{PREFIX}-01", WEB])
    assert_every_endpoint_with_its_days(hosts[WEB])
    assert not expiry_rows(hosts[f"{PREFIX}-01"])
