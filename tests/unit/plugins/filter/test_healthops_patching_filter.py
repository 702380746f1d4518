"""plugins/filter/healthops_patching.py: the round's batches as Ansible runs them (serial)."""

from __future__ import annotations

import pytest
from healthops_testlib import load_plugin

flt = load_plugin("filter", "healthops_patching")
patch_approved, patch_batches = flt.patch_approved, flt.patch_batches
HOSTS = [f"h{i}" for i in range(1, 8)]


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        # One host first, then half of all the play's hosts (int(3.5) = 3) until none is left.
        ([1, "50%"], [["h1"], ["h2", "h3", "h4"], ["h5", "h6", "h7"]]),
        (2, [["h1", "h2"], ["h3", "h4"], ["h5", "h6"], ["h7"]]),
        # A percentage below one host is one host; 0 is every host at once.
        ("10%", [[h] for h in HOSTS]),
        (0, [HOSTS]),
        ([1, 0], [["h1"], HOSTS[1:]]),
        ("100%", [HOSTS]),
    ],
)
def test_batches_follow_ansible_serial(serial: object, expected: list[list[str]]) -> None:
    assert patch_batches(HOSTS, serial) == expected


def test_no_host_no_batch_and_a_bad_serial_is_refused() -> None:
    assert patch_batches([], [1, "50%"]) == []
    with pytest.raises(ValueError, match="patching_serial"):
        patch_batches(HOSTS, ["one"])


def test_a_hosts_approved_packages_from_a_proposal_report() -> None:
    row = {"id": "package.hotest-a", "value": "1.0 -> 2.0", "detail": "would be installed from ./"}
    document = {"run": {"duty": "patch"}, "hosts": [{"host": "h1", "checks": [row]}, {"host": "h2", "checks": []}]}
    assert patch_approved(document, "h1") == {"hotest-a": "2.0"}
    assert patch_approved(document, "h2") == {}
    assert patch_approved(document, "h3") is None
    assert patch_approved({}, "h1") is None
    with pytest.raises(ValueError, match="not a patch proposal"):
        patch_approved({"run": {"duty": "inspect"}, "hosts": []}, "h1")
