"""The patching role reads the approved proposal and the latest inspection where the report role writes them."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[3]


def test_the_patching_role_reads_the_report_role_s_directory() -> None:
    report = yaml.safe_load((REPO / "roles/report/defaults/main.yml").read_text(encoding="utf-8"))
    patching = yaml.safe_load((REPO / "roles/patching/vars/main.yml").read_text(encoding="utf-8"))
    assert patching["__patching_report_dir"] == report["report_dir"]
    for name in ("approval.yml", "inspection.yml"):
        text = (REPO / "roles/patching/tasks" / name).read_text(encoding="utf-8")
        assert "{{ __patching_report_dir }}" in text
        assert "/../reports" not in text
