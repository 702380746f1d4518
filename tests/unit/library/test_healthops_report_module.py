"""library/healthops_report.py: writes the run's files once, atomically, and only when they change.

The module's main() runs in-process with its arguments patched in, the way
ansible-core's own unit tests drive a module, and its JSON answer is read from
stdout. (Named *_module so it does not clash with the module_utils test of the
same name under pytest's default import mode.)
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.testing import patch_module_args
from healthops_testlib import load_library_module

report_module = load_library_module("healthops_report")

HOSTS: list[dict[str, Any]] = [
    {
        "host": "pet-app-01",
        "ip": "10.10.1.21",
        "system": "petition",
        "system_name_zh": "网上信访信息系统",
        "checks": [
            {
                "id": "mem.used",
                "category": "memory",
                "title": "Memory used",
                "title_zh": "内存使用率",
                "status": "WARN",
                "value": 88.1,
                "threshold": ">=85/95%",
                "unit": "%",
                "detail": "",
            },
            {
                "id": "fs.root",
                "category": "filesystem",
                "title": "Space used /",
                "title_zh": "/ 空间使用率",
                "status": "PASS",
                "value": 41,
                "threshold": ">=80/90%",
                "unit": "%",
                "detail": "",
            },
        ],
    },
    {
        "host": "pet-db-01",
        "ip": "10.10.1.11",
        "system": "petition",
        "system_name_zh": "网上信访信息系统",
        "unreachable": True,
        "msg": "ssh: connect to host 10.10.1.11 port 22: Connection timed out",
    },
]


def run(capsys: pytest.CaptureFixture[str], args: dict[str, Any]) -> dict[str, Any]:
    """Run the module's main() with args; return its JSON answer (with 'failed' when it failed)."""
    with patch_module_args(args), pytest.raises(SystemExit) as caught:
        report_module.main()
    result = json.loads(capsys.readouterr().out)
    assert (caught.value.code != 0) == bool(result.get("failed")), result
    return result


def base_args(report_dir: Path, **extra: Any) -> dict[str, Any]:
    args = {
        "hosts": HOSTS,
        "report_dir": str(report_dir),
        "run_id": "20250106T083000-inspect",
        "meta": {"duty": "inspect", "operator": "张三", "cycle": "每周", "started": "2025-01-06T08:30:00+08:00"},
    }
    args.update(extra)
    return args


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def snapshot(directory: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(directory.iterdir())}


def test_first_run_writes_then_nothing_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = base_args(tmp_path / "reports")
    first = run(capsys, args)
    run_dir = tmp_path / "reports" / "20250106T083000-inspect"
    assert first["changed"] is True
    assert first["written"] == ["json", "html", "xlsx"]
    assert first["report_dir"] == str(run_dir)
    assert first["files"] == {f: str(run_dir / f"report.{f}") for f in ("json", "html", "xlsx")}
    assert sorted(p.name for p in run_dir.iterdir()) == ["report.html", "report.json", "report.xlsx"]  # no temp left
    assert first["worst"] == "ERROR"
    assert first["summary"]["counts"] == {"PASS": 1, "WARN": 1, "FAIL": 0, "INFO": 0, "ERROR": 1}

    report = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
    assert report["summary"] == first["summary"]
    assert report["run"]["operator"] == "张三"
    assert report["run"]["controller"]  # filled in with the controller's host name
    db = next(h for h in report["hosts"] if h["host"] == "pet-db-01")
    assert (db["status"], db["checks"][0]["id"]) == ("ERROR", "host.reachable")
    for name in ("report.json", "report.html", "report.xlsx"):
        assert (run_dir / name).stat().st_mode & 0o777 == 0o640 & ~current_umask()
    assert run_dir.stat().st_mode & 0o777 == 0o750 & ~current_umask()

    before = snapshot(run_dir)
    second = run(capsys, args)
    assert second["changed"] is False
    assert second["written"] == []
    assert snapshot(run_dir) == before


def test_check_mode_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, base_args(tmp_path / "reports", _ansible_check_mode=True))
    assert result["changed"] is True
    assert result["written"] == ["json", "html", "xlsx"]
    assert not (tmp_path / "reports").exists()

    run(capsys, base_args(tmp_path / "reports"))
    run_dir = tmp_path / "reports" / "20250106T083000-inspect"
    before = snapshot(run_dir)
    changed_hosts = [dict(HOSTS[0], checks=HOSTS[0]["checks"][:1]), HOSTS[1]]
    result = run(capsys, base_args(tmp_path / "reports", hosts=changed_hosts, _ansible_check_mode=True))
    assert result["changed"] is True
    assert result["summary"]["counts"]["PASS"] == 0
    assert snapshot(run_dir) == before


def test_new_outcome_rewrites_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, base_args(tmp_path))
    run_dir = tmp_path / "20250106T083000-inspect"
    old = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
    fixed = [HOSTS[0], {**HOSTS[1], "unreachable": False, "checks": HOSTS[0]["checks"][1:]}]
    result = run(capsys, base_args(tmp_path, hosts=fixed))
    assert result["changed"] is True
    assert result["written"] == ["json", "html", "xlsx"]
    new = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
    assert new["summary"]["counts"]["ERROR"] == 0
    assert old["summary"]["counts"]["ERROR"] == 1
    assert f'content="{result["digest"]}"' in (run_dir / "report.html").read_text(encoding="utf-8")


def test_missing_file_is_rewritten_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, base_args(tmp_path))
    run_dir = tmp_path / "20250106T083000-inspect"
    json_before = (run_dir / "report.json").stat().st_mtime_ns
    html_before = (run_dir / "report.html").read_text(encoding="utf-8")
    (run_dir / "report.html").unlink()
    result = run(capsys, base_args(tmp_path))
    assert (result["changed"], result["written"]) == (True, ["html"])
    assert (run_dir / "report.json").stat().st_mtime_ns == json_before
    assert (run_dir / "report.html").read_text(encoding="utf-8") == html_before  # same generation time kept


def test_formats_subset_and_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, base_args(tmp_path, formats=["html"], lang="en"))
    run_dir = tmp_path / "20250106T083000-inspect"
    assert [p.name for p in run_dir.iterdir()] == ["report.html"]
    assert result["files"] == {"html": str(run_dir / "report.html")}
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "Not checked" in page
    assert run(capsys, base_args(tmp_path, formats=["html"], lang="en"))["changed"] is False
    # Another language is other content.
    assert run(capsys, base_args(tmp_path, formats=["html"], lang="zh"))["changed"] is True


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"meta": {"colour": "red"}}, "meta: unknown key(s) colour"),
        ({"meta": {"lang": "en"}}, "meta.lang is set by the module"),
        ({"run_id": "../../etc"}, "run_id must be"),
        ({"hosts": [{"host": "a", "check": []}]}, "hosts[0]: unknown key(s) check"),
        ({"hosts": []}, "hosts is empty"),
        ({"formats": ["pdf"]}, "value of formats must be one or more of"),
        ({"lang": "fr"}, "value of lang must be one of"),
    ],
)
def test_bad_input_fails_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: dict[str, Any], fragment: str
) -> None:
    result = run(capsys, base_args(tmp_path, **extra))
    assert result["failed"] is True
    assert fragment in result["msg"]
    assert list(tmp_path.iterdir()) == []


def test_run_reported_again_keeps_its_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = base_args(tmp_path, meta={"duty": "inspect"})
    first = run(capsys, args)
    report_json = tmp_path / "20250106T083000-inspect" / "report.json"
    started = json.loads(report_json.read_text(encoding="utf-8"))["run"]["started"]
    assert first["changed"] is True
    assert started  # filled in: the time of the first call
    second = run(capsys, args)
    assert second["changed"] is False
    assert json.loads(report_json.read_text(encoding="utf-8"))["run"]["started"] == started


def test_a_stricter_umask_makes_the_report_private_to_its_owner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = os.umask(0o077)
    try:
        run(capsys, base_args(tmp_path / "reports"))
    finally:
        os.umask(old)
    run_dir = tmp_path / "reports" / "20250106T083000-inspect"
    assert run_dir.stat().st_mode & 0o777 == 0o700
    assert {p.name: p.stat().st_mode & 0o777 for p in run_dir.iterdir()} == {
        "report.json": 0o600,
        "report.html": 0o600,
        "report.xlsx": 0o600,
    }


def test_a_symlink_planted_as_a_report_file_is_not_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_dir = tmp_path / "reports" / "20250106T083000-inspect"
    run_dir.mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.write_text("keep\n")
    (run_dir / "report.html").symlink_to(victim)
    result = run(capsys, base_args(tmp_path / "reports"))
    assert result["failed"] is True
    assert "symlink" in result["msg"]
    assert victim.read_text() == "keep\n"
    assert result["summary"]["counts"]["WARN"] == 1  # the run's outcome is still in the answer


def test_a_full_disk_fails_with_the_summary_and_leaves_no_temporary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run(capsys, base_args(tmp_path / "reports"))
    assert result["failed"] is True
    assert "No space left on device" in result["msg"]
    assert result["worst"] == "ERROR"
    assert result["summary"]["totals"]["hosts"] == 2
    assert list((tmp_path / "reports" / "20250106T083000-inspect").iterdir()) == []
