"""healthops.certs.deploy: the deployment record's cert.deploy rows from community.crypto's certificate facts."""

from __future__ import annotations

import datetime

from ansible.module_utils.healthops.certs import deploy

NOW = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC)
# x509_certificate_info's fields the rows read
INFO = {"serial_number": 48879, "not_after": "20271206120000Z", "fingerprints": {"sha256": "ab:cd"}}


def test_a_server_certificate_in_place_is_a_pass_with_serial_fingerprint_and_days_left() -> None:
    target = {"name": "web", "type": "nginx", "host": "10.0.0.1", "port": 443}
    (row,) = deploy.deployed_rows([target], {"web": INFO}, 30, now=NOW)
    assert (row["id"], row["status"], row["value"], row["threshold"], row["unit"]) == (
        "cert.deploy:web", "PASS", 365, 30, "days"
    )  # fmt: skip
    assert (
        row["detail"] == "serial BEEF, SHA-256 ab:cd, valid until 2027-12-06 (365 days left); presented by 10.0.0.1:443"
    )
    assert row["category"] == "certificate"
    assert row["title_zh"] == "证书部署"


def test_a_device_certificate_says_its_functional_test_passed_and_an_unchecked_run_says_so() -> None:
    device = {"name": "client", "type": "device", "check_command": ["curl"]}
    (row,) = deploy.deployed_rows([device], {"client": INFO}, 30, now=NOW)
    assert row["detail"].endswith("; in place, its functional test passed")
    (row,) = deploy.deployed_rows([device], {"client": INFO}, 30, handshake=False, now=NOW)
    assert row["detail"].endswith("; in place, not checked (certificates_handshake is false)")


def test_a_refused_or_rolled_back_host_is_a_fail_per_target_with_the_reason() -> None:
    rows = deploy.failed_rows([{"name": "web"}, {"type": "nginx"}], "refused before any switch: expired", 30)
    assert [(r["id"], r["status"], r["value"], r["threshold"]) for r in rows] == [
        ("cert.deploy:web", "FAIL", None, 30),
        ("cert.deploy:#1", "FAIL", None, 30),
    ]
    assert {r["detail"] for r in rows} == {"refused before any switch: expired"}
    # targets that are not even a list still give the host its row
    assert [r["id"] for r in deploy.failed_rows("web", "certificates_targets: not a list")] == [
        "cert.deploy:certificates_targets"
    ]
