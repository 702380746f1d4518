"""playbooks/db_health.yml end to end: the test PostgreSQL, vaulted credentials, the common report.

The test writes an inventory into a temporary directory with three PostgreSQL
targets on 127.0.0.1: one verified over TLS against the test's CA with the right
vaulted password, one with a wrong password (with spaces in it), and one that opts
out of TLS explicitly. It runs the playbook in both profiles; each run must produce
a report with the right duty, the healthy target's checks, the wrong password as an
ERROR naming the cause and carrying no piece of the password, and the opt-out shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from pg import PgServer, pg_server  # noqa: F401 - the session fixture
from zh_record import english_findings

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
VAULT_PASSWORD = "healthops-test-vault"
# A wrong password with spaces and a quote: no piece of it may reach the output, the report or the state.
BAD_PASSWORD = "Wrq7 pass'phrase Zx9k"


@dataclass
class Site:
    root: Path
    inventory: Path
    vault_password_file: Path
    server: PgServer

    def run(self, profile: str, run_id: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
        return subprocess.run(
            [
                str(BIN / "ansible-playbook"), "-i", str(self.inventory), str(REPO / "playbooks" / "db_health.yml"),
                "--vault-password-file", str(self.vault_password_file),
                "-e", f"db_health_profile={profile}",
                "-e", f"healthops_report_dir={self.root / 'reports'}",
                "-e", f"healthops_state_dir={self.root / 'state'}",
                "-e", f"healthops_run_id={run_id}",
            ],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip

    def report(self, run_id: str) -> dict[str, Any]:
        return json.loads((self.root / "reports" / run_id / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(pg_server: PgServer, tmp_path_factory: pytest.TempPathFactory) -> Site:  # noqa: F811
    root = tmp_path_factory.mktemp("db_health_site")
    inventory = root / "inventory"
    (inventory / "group_vars" / "postgres_servers").mkdir(parents=True)
    hosts = {
        "all": {
            "hosts": {"localhost": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}},
            "children": {
                "oracle_servers": {"hosts": {}},
                "postgres_servers": {
                    "hosts": {
                        "pg-test-01": {"ansible_host": "127.0.0.1", "db_health_port": pg_server.port},
                        "pg-bad-01": {
                            "ansible_host": "127.0.0.1",
                            "db_health_port": pg_server.port,
                            "db_health_password": "{{ vault_pg_bad_password }}",
                        },
                        # An explicit opt-out: connects in clear text, and every report says so.
                        "pg-plain-01": {
                            "ansible_host": "127.0.0.1",
                            "db_health_port": pg_server.port,
                            "db_health_ssl_mode": "disable",
                        },
                    },
                    "vars": {
                        # The database hosts are managed hosts too: their become and target interpreter
                        # must not leak into the probe, which runs on the controller with the venv's Python.
                        "ansible_become": True,
                        "ansible_become_method": "su",
                        "ansible_become_user": "nobody",
                        "ansible_python_interpreter": "/usr/bin/python3",
                        "db_health_ca_cert": str(pg_server.ca_file),
                        "db_health_password": "{{ vault_db_health_password }}",
                    },
                },
                "petition": {
                    "hosts": {"pg-test-01": {}, "pg-bad-01": {}, "pg-plain-01": {}},
                    "vars": {"system_name_zh": "网上信访信息系统"},
                },
            },
        }
    }
    (inventory / "hosts.yml").write_text(yaml.safe_dump(hosts), encoding="utf-8")
    password_file = root / "vault-password"
    password_file.write_text(VAULT_PASSWORD + "\n", encoding="utf-8")
    vault = inventory / "group_vars" / "postgres_servers" / "vault.yml"
    vault.write_text(
        yaml.safe_dump({"vault_db_health_password": pg_server.probe_password, "vault_pg_bad_password": BAD_PASSWORD}),
        encoding="utf-8",
    )
    subprocess.run(
        [str(BIN / "ansible-vault"), "encrypt", "--vault-password-file", str(password_file), str(vault)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    assert vault.read_text(encoding="utf-8").startswith("$ANSIBLE_VAULT")
    return Site(root, inventory, password_file, pg_server)


def host_entry(report: dict[str, Any], host: str) -> dict[str, Any]:
    return next(h for h in report["hosts"] if h["host"] == host)


def test_monthly_report(site: Site) -> None:
    run = site.run("monthly", "dbh-monthly")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert site.server.probe_password not in run.stdout
    report = site.report("dbh-monthly")
    assert report["run"]["duty"] == "db_health"
    assert report["run"]["title"] == "数据库月度健康检查"
    good = {c["id"]: c for c in host_entry(report, "pg-test-01")["checks"]}
    for cid in (
        "pg.connections",
        "pg.xid_wraparound",
        "pg.blocking_locks",
        "pg.invalid_indexes",
        "pg.score",
        "pg.changes",
    ):
        assert cid in good, cid
    assert good["pg.connections"]["status"] == "PASS"
    assert not [c for c in good.values() if c["status"] == "ERROR"]
    assert good["pg.tls"]["status"] == "PASS"
    assert f"verified against CA file {site.server.ca_file}" in good["pg.tls"]["detail"]
    bad = {c["id"]: c for c in host_entry(report, "pg-bad-01")["checks"]}
    assert bad["pg.connect"]["status"] == "ERROR"
    assert bad["pg.connect"]["detail"].startswith("authentication failed")
    everything = run.stdout + run.stderr + json.dumps(report, ensure_ascii=False)
    everything += (site.root / "reports" / "dbh-monthly" / "report.html").read_text(encoding="utf-8")
    for piece in ("Wrq7", "pass'phrase", "Zx9k", "phrase"):
        assert piece not in everything, piece
    plain = {c["id"]: c for c in host_entry(report, "pg-plain-01")["checks"]}
    assert plain["pg.tls"]["status"] == "WARN"
    assert "ssl_mode disable given explicitly" in plain["pg.tls"]["detail"]
    assert plain["pg.connections"]["status"] == "PASS"
    html = (site.root / "reports" / "dbh-monthly" / "report.html").read_text(encoding="utf-8")
    # The zh record says it in Chinese (说明 and 处理建议), report.json keeps the probe's English.
    assert "既未验证也未加密（显式设置了 ssl_mode disable）" in html
    for host in ("pg-test-01", "pg-bad-01", "pg-plain-01"):
        assert english_findings(host_entry(report, host)["checks"]) == [], host
    for name in ("report.html", "report.xlsx"):
        assert (site.root / "reports" / "dbh-monthly" / name).stat().st_size > 0
    state = json.loads((site.root / "state" / "db_health" / "postgres_pg-test-01.json").read_text(encoding="utf-8"))
    assert "monthly" in state["runs"]
    assert not (site.root / "state" / "db_health" / "postgres_pg-bad-01.json").exists()


def test_tuning_report(site: Site) -> None:
    run = site.run("tuning", "dbh-tuning")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    report = site.report("dbh-tuning")
    assert report["run"]["duty"] == "db_tuning"
    assert report["run"]["title"] == "数据库季度分析与调优"
    good = {c["id"]: c for c in host_entry(report, "pg-test-01")["checks"]}
    for cid in (
        "pg.cache_hit",
        "pg.unused_indexes",
        "pg.duplicate_indexes",
        "pg.stale_statistics",
        "pg.parameter.autovacuum",
    ):
        assert cid in good, cid
    assert "pg.connections" not in good
    assert good["pg.parameter.autovacuum"]["status"] == "PASS"  # the role's recommended baseline


def test_second_monthly_run_reports_the_changes(site: Site) -> None:
    run = site.run("monthly", "dbh-monthly-2")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    good = {c["id"]: c for c in host_entry(site.report("dbh-monthly-2"), "pg-test-01")["checks"]}
    assert good["pg.changes"]["detail"].startswith("since ")
    assert good["pg.changes"]["value"] == 0
