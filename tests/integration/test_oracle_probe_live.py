"""oracle_probe against a real Oracle database when one is given, and against a closed port always.

Set HEALTHOPS_ORACLE_DSN to an Easy Connect string (host:port/service), with the
probe account in HEALTHOPS_ORACLE_USER and HEALTHOPS_ORACLE_PASSWORD, or all in
one as user/password@host:port/service. HEALTHOPS_ORACLE_THICK=1 uses thick mode
(HEALTHOPS_ORACLE_CLIENT_LIB_DIR for the Oracle Client). HEALTHOPS_ORACLE_CDB_DSN
(user/password@host:port/<CDB$ROOT service>, the common user of
oracle_probe_common_user.sql) runs the CDB-wide mode too. Without the DSN the
live tests are skipped; no Oracle server can run on the test machines.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import free_port

pytestmark = pytest.mark.integration

oracledb = pytest.importorskip("oracledb")
probe = load_library_module("oracle_probe")
DSN = os.environ.get("HEALTHOPS_ORACLE_DSN", "")


def options(**overrides: Any) -> dict[str, Any]:
    base = {name: spec.get("default") for name, spec in probe.ARGUMENT_SPEC.items()}
    base.update(overrides)
    return base


def live_options(profile: str) -> dict[str, Any]:
    dsn, user, password = (
        DSN,
        os.environ.get("HEALTHOPS_ORACLE_USER", "healthops_probe"),
        os.environ.get("HEALTHOPS_ORACLE_PASSWORD"),
    )
    if "@" in dsn and "/" in dsn.split("@", 1)[0]:
        credentials, dsn = dsn.split("@", 1)
        user, password = credentials.split("/", 1)
    thick = os.environ.get("HEALTHOPS_ORACLE_THICK") == "1"
    return options(
        dsn=dsn,
        user=user,
        password=password,
        profile=profile,
        thick_mode=thick,
        oracle_client_lib_dir=os.environ.get("HEALTHOPS_ORACLE_CLIENT_LIB_DIR"),
    )


def test_closed_port_is_an_error_check_with_the_driver_code() -> None:
    result = probe.run_probe(
        options(hostname="127.0.0.1", port=free_port(), service_name="NOPE", user="x", password="y", connect_timeout=3)
    )
    checks = {c["id"]: c for c in result["checks"]}
    assert checks["oracle.connect"]["status"] == "ERROR"
    assert checks["oracle.connect"]["value"] == "DPY-6005"
    assert checks["oracle.connect"]["detail"].startswith("connection refused")


@pytest.mark.oracle_live
@pytest.mark.skipif(not DSN, reason="HEALTHOPS_ORACLE_DSN is not set")
@pytest.mark.parametrize("profile", ["monthly", "tuning"])
def test_live_database(profile: str) -> None:
    result = probe.run_probe(live_options(profile))
    errors = {c["id"]: c["detail"] for c in result["checks"] if c["status"] == "ERROR"}
    # An ERROR here is a catalogue statement the server refused (ORA-00942, ORA-00904, ...) or a missing grant.
    assert errors == {}, errors
    assert result["server"]["version"]
    if profile == "monthly":
        assert result["elapsed"] < 5, f"monthly run took {result['elapsed']} s (target 5 s)"


@pytest.mark.oracle_live
@pytest.mark.skipif(not DSN, reason="HEALTHOPS_ORACLE_DSN is not set")
def test_live_wrong_password() -> None:
    result = probe.run_probe(dict(live_options("monthly"), password="definitely-wrong-password"))
    checks = {c["id"]: c for c in result["checks"]}
    assert checks["oracle.connect"]["status"] == "ERROR"
    assert checks["oracle.connect"]["value"] == "ORA-01017"


CDB_DSN = os.environ.get("HEALTHOPS_ORACLE_CDB_DSN", "")


@pytest.mark.oracle_live
@pytest.mark.skipif(not CDB_DSN, reason="HEALTHOPS_ORACLE_CDB_DSN (CDB$ROOT, common user) is not set")
def test_live_cdb_scope() -> None:
    # user/password@host:port/<root service> of the common user of roles/db_health/files/oracle_probe_common_user.sql
    credentials, dsn = CDB_DSN.split("@", 1)
    user, password = credentials.split("/", 1)
    result = probe.run_probe(dict(live_options("monthly"), dsn=dsn, user=user, password=password, scope="cdb"))
    checks = {c["id"]: c for c in result["checks"]}
    errors = {i: c["detail"] for i, c in checks.items() if c["status"] == "ERROR"}
    assert errors == {}, errors
    assert checks["oracle.cdb_scope"]["status"] in ("PASS", "INFO", "WARN")
    assert any(i.startswith("oracle.tablespace.CDB$ROOT.") for i in checks)
