"""plugins/filter/healthops_patching.py: the round's batches as Ansible runs them (serial)."""

from __future__ import annotations

import pytest
from healthops_testlib import load_plugin

patch_batches = load_plugin("filter", "healthops_patching").patch_batches
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
