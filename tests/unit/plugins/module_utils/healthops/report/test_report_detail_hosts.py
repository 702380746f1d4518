"""The 说明 (detail_zh) of the host inspection, Tomcat and switch checks on the outputs recorded in the repo.

test_report_detail_source reads the probes' source with sample values; this runs the probes' evaluations on
the recorded outputs (tests/unit/fixtures/inspect/hosts: two recorded hosts; fixtures/tomcat: Tomcat 10.1's
manager pages, /proc files and stock server.xml files, sources in its README.md and SOURCES.md;
fixtures/switch: the transcripts of fixture_sets.json, sources in its SOURCES.md), first run and a later
one, and asks every line of the zh record - whatever its status - for a 说明 with no English prose left.
A few texts the catalogue has to take apart (a nested why, a note after a message, a list) are pinned.
"""

# ruff: noqa: E501 - each recorded text and its Chinese read best whole, on one line

from __future__ import annotations

import datetime
import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import make_check
from ansible.module_utils.healthops.report import detail
from ansible.module_utils.healthops.report.model import build_report
from ansible.module_utils.healthops.switch import evaluate as sw
from ansible.module_utils.healthops.switch.platforms.registry import parse_platform
from ansible.module_utils.healthops.switch.trust import host_key_check
from ansible.module_utils.healthops.tomcat import checks as tc
from ansible.module_utils.healthops.tomcat.connectors import connectors_summary
from ansible.module_utils.healthops.tomcat.fetch import manager_checks
from ansible.module_utils.healthops.tomcat.server_xml import decode
from healthops_testlib import FIXTURES_DIR, REPO
from zh_record import HAN, PROSE


def _host_inspect_test() -> Any:
    """tests/unit/library/test_host_inspect.py: its FakeIO over a recorded host and the arguments of each host."""
    spec = importlib.util.spec_from_file_location(
        "healthops_test_host_inspect", REPO / "tests" / "unit" / "library" / "test_host_inspect.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOSTS = _host_inspect_test()
# What FakeIO answers when /dev/kmsg is absent from a recorded host (the probe then reads journalctl -k).
KMSG_REFUSED = "Operation not permitted"
TOMCAT = FIXTURES_DIR / "tomcat"
SWITCH = FIXTURES_DIR / "switch"
NOW = datetime.datetime(2024, 4, 18, 9, 0, 0)


# What the probes pass on as it is (a log line, a tool's output, an error message): a value, never translated.
# English words of a 说明 count as left untranslated unless they, with the word after them, are in what was read.
WINDOW = re.compile(r"(?:" + PROSE.pattern + r")(?: [^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+)?")
SPACES = re.compile(r"\s+")


def recorded(*paths: Path, said: Iterable[str] = ()) -> str:
    """The text of what the probe read (files, or every file under a directory) and of what it was told."""
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*"))) if f.is_file()]
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files] + list(said)
    return SPACES.sub(" ", "\n".join(texts))


def english_left(checks: Iterable[Mapping[str, Any]], read: str) -> list[tuple[str, str, str]]:
    """(check id, detail, 说明) of each line of the zh record whose 说明 is missing or has English words of
    its own left (words that are not part of ``read``, the recorded output)."""
    report = build_report([{"host": "recorded", "checks": list(checks)}], {"run_id": "zh"})
    left = []
    for check in report["hosts"][0]["checks"]:
        english, zh = check["detail"], SPACES.sub(" ", check.get("detail_zh") or "")
        if not PROSE.search(english):
            continue
        if not HAN.search(zh) or any(m.group(0) not in read for m in WINDOW.finditer(zh)):
            left.append((check["id"], english, zh))
    return left


def assert_all_chinese(checks: list[dict[str, Any]], read: str) -> None:
    assert checks, "the recorded outputs gave checks to read"
    assert [c for c in checks if PROSE.search(c["detail"])], "some details have English words to translate"
    assert english_left(checks, read) == []


def test_english_words_of_the_catalogue_are_told_from_recorded_output() -> None:
    """The measure itself: a log line read stays, words no output holds are English left."""
    checks = [
        {**make_check("kernel.log_errors", "kernel", "t", "t", "WARN", detail=f"1 matching: {LINE} | since boot")},
        {**make_check("tomcat.apps", "tomcat", "t", "t", "ERROR", detail="manager list: the page is gone")},
        {**make_check("switch.log", "switch", "t", "t", "PASS", detail="a text no entry knows")},
    ]
    assert [c[0] for c in english_left(checks, LINE)] == ["tomcat.apps", "switch.log"]


LINE = "[  812.334455] db01 kernel: mce: [Hardware Error]: Machine check events logged"


# ---------------------------------------------------------------- host inspection


@pytest.mark.parametrize(("host", "args"), [("debian12", HOSTS.DEBIAN_ARGS), ("rocky9", HOSTS.ROCKY_ARGS)])
def test_every_line_of_a_recorded_host_reads_in_chinese(host: str, args: dict[str, Any]) -> None:
    read = recorded(HOSTS.HOSTS / host, said=[KMSG_REFUSED])
    first = HOSTS.host_inspect.inspect(HOSTS.params(**args), HOSTS.FakeIO(host))
    assert_all_chinese(first["checks"], read)
    # The next run, two days on: growth, counters and logs since the previous run.
    later = HOSTS.FakeIO(host, now=first["state"]["time"] + 2 * 86400)
    second = HOSTS.host_inspect.inspect(HOSTS.params(previous_state=first["state"], **args), later)
    assert_all_chinese(second["checks"], read)


def test_a_host_whose_listeners_and_unit_are_missing_reads_in_chinese() -> None:
    args = dict(HOSTS.DEBIAN_ARGS, expected_ports=[22, "tcp/8443", "udp/514"])
    checks = HOSTS.host_inspect.inspect(HOSTS.params(**args), HOSTS.FakeIO("debian12"))["checks"]
    by_id = {c["id"]: c for c in checks}
    assert by_id["net.listen:tcp/8443"]["status"] == by_id["net.listen:udp/514"]["status"] == "FAIL"
    assert by_id["service.active:tomcat10"]["detail"] == "unit tomcat10.service does not exist"
    assert_all_chinese(checks, recorded(HOSTS.HOSTS / "debian12", said=[KMSG_REFUSED]))


# ---------------------------------------------------------------- Tomcat


class RecordedManager:
    """The manager pages of the recorded Tomcat 10.1, or one answer for every page."""

    def __init__(self, answer: tuple[Any, Any, bytes, Any] | None = None) -> None:
        self.answer = answer

    def get(self, url: str, auth: bool = False) -> tuple[Any, Any, bytes, Any]:
        if self.answer is not None:
            return self.answer
        name = "status-10.1.xml" if url.endswith("/status?XML=true") else "manager-list-10.1.txt"
        return 200, 5.0, (TOMCAT / name).read_bytes(), None


MANAGER = {"manager_url": "http://127.0.0.1:8080/manager"}
REFUSED = "<urlopen error [Errno 111] Connection refused>"
THRESHOLDS = tc.effective_thresholds({})[0]
COMMS = (TOMCAT / "proc-comms-10.1.txt").read_text().splitlines()
LIMIT = tc.parse_nofile_limit((TOMCAT / "proc-limits-10.1.txt").read_text())


def tomcat_checks(server_xml: Path, manager: RecordedManager | None) -> list[dict[str, Any]]:
    """The checks tomcat_probe makes of one recorded server.xml with or without the manager's pages."""
    checks = [tc.eval_process([4242], "/var/lib/tomcat10", 93784.0, "tomcat")]
    checks.append(tc.eval_http("http://127.0.0.1:8080/", 200, 12.5, None, THRESHOLDS))
    status = apps = None
    if manager is not None:
        status, apps, failures = manager_checks(manager, MANAGER, THRESHOLDS)
        checks.extend(failures)
    connectors = connectors_summary(decode(server_xml.read_bytes())[0])
    checks.extend(tc.eval_threads(connectors, status, COMMS, THRESHOLDS))
    checks.append(tc.eval_open_files(len(COMMS), LIMIT, THRESHOLDS))
    probes = {"/": (200, None), "/billing": (404, None), "/shop": (None, REFUSED)}
    checks.extend(tc.eval_apps(apps, ["/", "/billing", "/shop"] if apps is None else ["/", "/billing"], probes))
    return checks


SERVER_XMLS = sorted(TOMCAT.glob("server-*.xml"))


@pytest.mark.parametrize("server_xml", SERVER_XMLS, ids=[p.name for p in SERVER_XMLS])
def test_every_line_of_a_recorded_tomcat_reads_in_chinese(server_xml: Path) -> None:
    assert_all_chinese(tomcat_checks(server_xml, RecordedManager()), recorded(TOMCAT))
    assert_all_chinese(tomcat_checks(server_xml, None), recorded(TOMCAT, said=[REFUSED]))


@pytest.mark.parametrize(
    "answer",
    [
        (401, 3.0, b"", None),
        (302, 3.0, b"", None),
        (200, 3.0, b"<status><jvm><memory", None),
        (None, None, b"", REFUSED),
    ],
    ids=["refused", "redirect", "garbled", "no-answer"],
)
def test_a_manager_that_gives_no_page_reads_in_chinese(answer: tuple[Any, Any, bytes, Any]) -> None:
    checks = tomcat_checks(TOMCAT / "server-10.1-debian.xml", RecordedManager(answer))
    assert {c["id"] for c in checks if c["status"] == "ERROR"} >= {"tomcat.heap_used", "tomcat.apps"}
    try:  # the parser's own message about a garbled page
        ET.fromstring(answer[2] or b"<ok/>")  # noqa: S314 - a constant of this test
        garbled = ""
    except ET.ParseError as exc:
        garbled = str(exc)
    assert_all_chinese(checks, recorded(TOMCAT, said=[REFUSED, garbled]))


def test_the_tomcat_log_found_elsewhere_reads_in_chinese(tmp_path: Path) -> None:
    """Debian's packaged Tomcat under systemd: console to the journal, Tomcat's own catalina.<date>.log beside."""
    logs = tmp_path / "log"
    logs.mkdir()
    (logs / "catalina.2024-04-18.log").write_text("18-Apr-2024 09:00:00.000 SEVERE [main] boom\n")
    console = {"pid": 4242, "stdout": "socket:[31337]", "base": str(tmp_path / "base")}
    checks, _state = tc.log_checks([str(logs / "catalina.out")], {}, THRESHOLDS, 1 << 20, console)
    assert [c["status"] for c in checks] == ["WARN", "PASS"]  # one SEVERE line
    assert_all_chinese(checks, recorded(logs))
    (logs / "catalina.2024-04-18.log").unlink()
    checks, _state = tc.log_checks([str(logs / "catalina.out")], {}, THRESHOLDS, 1 << 20, console)
    assert [c["status"] for c in checks] == ["INFO"]
    assert_all_chinese(checks, "")


# ---------------------------------------------------------------- switches

SETS = json.loads((SWITCH / "fixture_sets.json").read_text())
THRESHOLDS_SWITCH = sw.thresholds_for({})[0]


def switch_data(platform: str) -> dict[str, Any]:
    return parse_platform(
        platform, {cmd: (SWITCH / platform / name).read_text() for cmd, name in SETS[platform].items()}
    )


@pytest.mark.parametrize("platform", sorted(SETS))
def test_every_line_of_a_recorded_switch_reads_in_chinese(platform: str) -> None:
    data = switch_data(platform)
    names = [p["name"] for p in data["ports"]]
    expected, errors = sw.normalize_expected_ports([*names[:3], {"port": names[-1], "speed": "100G"}, "no-such-port"])
    assert errors == []
    read = recorded(SWITCH / platform)
    first = sw.evaluate_switch(data, expected, None, THRESHOLDS_SWITCH, NOW)
    assert_all_chinese(first["checks"], read)
    # A week on: the same counters (nothing rose) and log, then over SNMP (no log read).
    later = NOW + datetime.timedelta(days=7)
    second = sw.evaluate_switch(data, expected, first["state"], THRESHOLDS_SWITCH, later)
    assert_all_chinese(second["checks"], read)
    snmp = sw.evaluate_switch(data, expected, first["state"], THRESHOLDS_SWITCH, later, logs_read=False)
    assert_all_chinese(snmp["checks"], read)


def test_a_host_key_trusted_on_first_use_reads_in_chinese(tmp_path: Path) -> None:
    decision = {
        "name": "[10.0.0.7]:2222",
        "keytype": "ssh-ed25519",
        "key": "AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f",
        "fingerprint": "SHA256:3q2+7w",
        "record_in": str(tmp_path / "state" / "switch_known_hosts"),
        "message": f"SSH host key of [10.0.0.7]:2222 (ssh-ed25519 SHA256:3q2+7w) trusted on first use and recorded in {tmp_path}/state/switch_known_hosts; verify this fingerprint out of band: a different key will be refused from now on",
    }
    checks = [host_key_check(decision, check_mode)[0] for check_mode in (True, False, False)]
    assert checks[1]["detail"] == decision["message"]
    assert checks[2]["detail"].endswith("(another run recorded a key for this switch meanwhile: that one is kept)")
    assert_all_chinese(checks, "")


# ---------------------------------------------------------------- pinned texts

PINNED = [
    # a value in English of the probe's own (error or "no address") is itself translated
    ("net.hostname", "app01 does not resolve: no address", "主机名 app01 无法解析：没有地址"),
    (
        "memory.used",
        "3.1 GiB used of 3.8 GiB, 0.7 GiB available (MemFree+Buffers+Cached (no MemAvailable in this kernel))",
        "已用 3.1 GiB，共 3.8 GiB，可用 0.7 GiB（MemFree+Buffers+Cached，此内核没有 MemAvailable）",
    ),
    ("service.active:tomcat9", "unit tomcat9.service does not exist", "单元 tomcat9.service 不存在"),
    ("net.listen:udp/514", "nothing listens on udp port 514", "udp 端口 514 无服务监听"),
    (
        "backup.last_run",
        "/var/lib/backup/status.json: unknown status 'paused'",
        "/var/lib/backup/status.json：未知的状态 'paused'",
    ),
    # the page, then why it gave nothing, each in Chinese
    (
        "tomcat.heap_used",
        "manager status: HTTP 403 (needs role manager-status)",
        "管理状态页（manager/status）：HTTP 403（需要 manager-status 角色）",
    ),
    (
        "tomcat.apps",
        "manager list: HTTP 302, a redirect to another host, port or scheme, not followed with the credentials (set tomcat_manager_url to where the manager really is)",
        "管理应用列表（manager/text/list）：HTTP 302，重定向到其他主机、端口或协议，为保护凭据未跟随（请将 tomcat_manager_url 设为管理页面的实际地址）",
    ),
    (
        "tomcat.threads:http-nio-8080",
        "maxThreads is ${maxThreads} in server.xml (resolved by Tomcat); set tomcat_status_user to read the value in use",
        "server.xml 中 maxThreads 为 ${maxThreads}（由 Tomcat 启动时解析）；设置 tomcat_status_user 可读取实际生效的值",
    ),
    ("tomcat.open_files", "2817 open, no limit", "已打开文件 2817 个，无上限"),
    # a missing catalina.out, where Tomcat logs instead, then the log reader's notes
    (
        "tomcat.log_severe:/var/log/tomcat10/catalina.out",
        "/var/log/tomcat10/catalina.out not found, read /var/log/tomcat10/catalina.2026-12-07.log instead: Tomcat's stdout is socket:[31337] (the journal under systemd); first run: last 4096 KiB read; 3 KiB scanned",
        "未找到 /var/log/tomcat10/catalina.out，改为读取 /var/log/tomcat10/catalina.2026-12-07.log：Tomcat 的标准输出为 socket:[31337]（systemd 下即写入 journal）；首次巡检：读取最后 4096 KiB；已扫描 3 KiB",
    ),
    (
        "tomcat.log_severe:/opt/tomcat/logs/catalina.out",
        "/opt/tomcat/logs/catalina.out not found: no Tomcat process to tell where its console goes; no catalina.<date>.log in /opt/tomcat/logs",
        "未找到 /opt/tomcat/logs/catalina.out：没有 Tomcat 进程，无法判断其控制台输出的去向；/opt/tomcat/logs 中也没有 catalina.<date>.log",
    ),
    # the decision's message (with its own "; "), then what became of the key
    (
        "switch.host_key",
        "SSH host key of sw1 (ssh-ed25519 SHA256:3q2+7w) would be trusted on first use and recorded in /srv/state/switch_known_hosts; verify this fingerprint out of band: a different key will be refused from now on (check mode: not recorded)",
        "sw1 的 SSH 主机密钥（ssh-ed25519 SHA256:3q2+7w）将按首次使用信任并记录到 /srv/state/switch_known_hosts；请通过其他途径核实该指纹：此后出示不同的密钥将被拒绝（检查模式：未记录）",
    ),
    (
        "switch.log",
        "first run: entries of the last 24 h of the log (512 lines read): none at warning or above",
        "首次巡检：日志中最近 24 小时的条目（读取 512 行）：没有 warning 及以上级别的条目",
    ),
    (
        "switch.log",
        "not read over SNMP; use transport ssh to collect the switch log",
        "SNMP 方式不读取交换机日志；如需采集日志，请设置 transport=ssh",
    ),
]


@pytest.mark.parametrize(("check_id", "english", "chinese"), PINNED, ids=[p[0] for p in PINNED])
def test_pinned_translations(check_id: str, english: str, chinese: str) -> None:
    assert detail.detail_zh(check_id, english) == chinese


def test_a_log_line_of_a_switch_stays_as_it_is_after_the_chinese_frame() -> None:
    english = "since the last run (40 lines read): [error] 2024-04-18 08:59:01 IFNET port GE0/0/1 down; [warning] 2024-04-18 08:59:02 LLDP neighbour lost"
    zh = detail.detail_zh("switch.log", english)
    assert (
        zh
        == "自上次巡检以来（读取 40 行）：[error] 2024-04-18 08:59:01 IFNET port GE0/0/1 down；[warning] 2024-04-18 08:59:02 LLDP neighbour lost"
    )
