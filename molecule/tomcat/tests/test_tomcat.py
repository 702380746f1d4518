"""The tuned Tomcat runs with the inventory's values, keeps the site's configuration, and the
duty's playbook behaves: check mode changes nothing and shows only the tuned attributes, bad
input stops the run before any change, the checks report faults since the last run, and a
change Tomcat cannot start with is rolled back while Tomcat keeps answering.

The tests run in file order: read-only ones first, the rollback last. Playbook runs go through
ansible-playbook against Molecule's inventory, as an operator runs them.
"""

from __future__ import annotations

import base64
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from testinfra.host import Host

REPO = Path(os.environ.get("MOLECULE_PROJECT_DIRECTORY", Path(__file__).resolve().parents[3]))
EPHEMERAL = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"))
INVENTORY = os.environ.get("MOLECULE_INVENTORY_FILE", "")
SERVER_XML = "/etc/tomcat10/server.xml"
SETENV = "/var/lib/tomcat10/bin/setenv.sh"
DROPIN = "/etc/systemd/system/tomcat10.service.d/50-healthops.conf"
CATALINA_OUT = "/var/log/tomcat10/catalina.out"
AUTH = "healthops-probe:molecule-only-not-a-secret"
# Attributes inventory manages; a line of the site's server.xml may only change if it holds one.
MANAGED = (
    "executor", "maxThreads", "minSpareThreads", "acceptCount", "maxConnections", "connectionTimeout",
    "keepAliveTimeout", "maxKeepAliveRequests", "compression", "compressionMinSize", "compressibleMimeType",
    "URIEncoding", "pattern", "maxDays", "rotatable",
)  # fmt: skip

# One round trip for everything the tests read on the instance (each host call through
# Molecule's podman connection costs seconds). FULL adds what only the read-only tests need.
PROBE = r"""
import base64, grp, hashlib, json, os, pwd, subprocess, urllib.request
FULL = %(full)s
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
def get(path, auth=False):
    request = urllib.request.Request("http://127.0.0.1:8080" + path)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(%(auth)r.encode()).decode())
    try:
        response = opener.open(request, timeout=10)
        return response.getcode(), response.read().decode()
    except Exception as exc:
        return str(exc), ""
def meta(path):
    try:
        st = os.stat(path)
        data = open(path, "rb").read()
    except OSError:
        return None
    return {"sha": hashlib.sha256(data).hexdigest(), "owner": pwd.getpwuid(st.st_uid).pw_name,
            "group": grp.getgrgid(st.st_gid).gr_name, "mode": oct(st.st_mode & 0o7777)}
def read(path):
    with open(path, errors="replace") as handle:
        return handle.read()
pid = subprocess.run(["systemctl", "show", "-p", "MainPID", "--value", "tomcat10"],
                     capture_output=True, text=True).stdout.strip()
live = pid not in ("", "0")
out = {"pid": pid, "http": get("/")[0], "files": {p: meta(p) for p in %(files)r},
       "cmdline": read("/proc/%%s/cmdline" %% pid).split("\0") if live else []}
if FULL:
    out["limits"] = read("/proc/%%s/limits" %% pid) if live else ""
    out["jmx"] = {q: get("/manager/jmxproxy/?qry=" + q, auth=True)[1] for q in %(queries)r}
    out["ss"] = subprocess.run(["ss", "-Hltn"], capture_output=True, text=True).stdout
    out["somaxconn"] = int(read("/proc/sys/net/core/somaxconn"))
    out["memtotal_mb"] = int(read("/proc/meminfo").split("MemTotal:")[1].split()[0]) // 1024
    out["gc_log"] = os.path.exists("/var/log/tomcat10/gc.log")
    out["server_xml"] = read(%(server_xml)r)
    out["site_xml"] = read("/root/server.xml.site")
    out["catalina_out"] = dict(meta(%(catalina_out)r), head=read(%(catalina_out)r)[:8192])
    out["logging_properties"] = read("/etc/tomcat10/logging.properties")
    rotate = subprocess.run(["logrotate", "--debug", "/etc/logrotate.d/tomcat10"], capture_output=True, text=True)
    out["logrotate"] = {"rc": rotate.returncode, "output": rotate.stdout + rotate.stderr}
print(json.dumps(out))
"""
QUERIES = ["Catalina:type=Connector,*", "Catalina:type=ProtocolHandler,*", "Catalina:type=Executor,*"]


def probe(host: Host, full: bool = False) -> dict[str, Any]:
    script = PROBE % {
        "full": full,
        "auth": AUTH,
        "files": [SERVER_XML, SETENV, DROPIN, "/etc/tomcat10/logging.properties"],
        "queries": QUERIES,
        "server_xml": SERVER_XML,
        "catalina_out": CATALINA_OUT,
    }
    return json.loads(host.check_output("python3 -c %s", script))


def snapshot(host: Host) -> dict[str, Any]:
    """What a run that must change nothing may not change: files (content, owner, mode) and the process."""
    return probe(host)


@pytest.fixture(scope="module")
def live(host: Host) -> dict[str, Any]:
    return probe(host, full=True)


def playbook(*args: str) -> subprocess.CompletedProcess[str]:
    """Run playbooks/tomcat.yml on the scenario's inventory."""
    executable = shutil.which("ansible-playbook") or "ansible-playbook"
    command = [executable, "-i", INVENTORY, str(REPO / "playbooks/tomcat.yml")]
    env = dict(os.environ, ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1")
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env, check=False, timeout=600)


def mbeans(text: str) -> dict[str, dict[str, str]]:
    """The manager's JMX proxy listing: MBean name -> {attribute: value}."""
    beans: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(": ")
        if key == "Name":
            current = beans.setdefault(value, {})
        elif sep:
            current[key] = value
    return beans


def test_tuned_connectors_and_executor_are_live(live: dict[str, Any]) -> None:
    connectors = mbeans(live["jmx"]["Catalina:type=Connector,*"])
    http = connectors["Catalina:type=Connector,port=8080"]
    assert http["executorName"] == "tomcatThreadPool"
    assert (http["acceptCount"], http["connectionTimeout"], http["keepAliveTimeout"]) == ("150", "15000", "10000")
    assert http["URIEncoding"] == "UTF-8"
    assert http["maxParameterCount"] == "500", "the site's own attribute was not kept"
    ajp = connectors['Catalina:type=Connector,port=8009,address="127.0.0.1"']
    assert (ajp["executorName"], ajp["secretRequired"], ajp["acceptCount"]) == ("tomcatThreadPool", "false", "150")
    handler = mbeans(live["jmx"]["Catalina:type=ProtocolHandler,*"])["Catalina:type=ProtocolHandler,port=8080"]
    assert (handler["compression"], handler["maxConnections"], handler["maxKeepAliveRequests"]) == ("on", "4096", "100")
    pool = mbeans(live["jmx"]["Catalina:type=Executor,*"])["Catalina:type=Executor,name=tomcatThreadPool"]
    assert (pool["maxThreads"], pool["minSpareThreads"], pool["namePrefix"]) == ("150", "10", "tomcat-exec-")


def test_kernel_backlog_is_accept_count(live: dict[str, Any]) -> None:
    # ss shows a listening socket's backlog as Send-Q: acceptCount reached the kernel.
    backlogs = {line.split()[3].rsplit(":", 1)[1]: int(line.split()[2]) for line in live["ss"].splitlines()}
    assert backlogs["8080"] == 150
    assert backlogs["8009"] == 150
    assert live["somaxconn"] >= 150


def test_answers_http_with_the_tuned_jvm(live: dict[str, Any]) -> None:
    assert live["http"] == 200
    args = live["cmdline"]
    assert f"-Xmx{live['memtotal_mb'] * 5 // 100}m" in args
    assert "-Xms64m" in args
    assert {"-Duser.timezone=Asia/Shanghai", "-Dfile.encoding=UTF-8", "-XX:+HeapDumpOnOutOfMemoryError"} <= set(args)
    assert any(a.startswith("-Xlog:gc*:file=/var/log/tomcat10/gc.log:") for a in args)
    assert live["gc_log"]
    assert live["files"][SETENV]["group"] == "tomcat"
    # maxConnections 4096 of HTTP and of AJP + acceptCount 150 + headroom 4096, rounded up to 1024.
    assert re.search(r"^Max open files\s+13312\s+13312", live["limits"], re.MULTILINE)


def test_site_configuration_is_kept(live: dict[str, Any]) -> None:
    site, tuned = live["site_xml"], live["server_xml"]
    assert re.findall(r"<!--.*?-->", site, re.S) == re.findall(r"<!--.*?-->", tuned, re.S)
    removed = [
        line[1:] for line in difflib.unified_diff(site.splitlines(), tuned.splitlines(), lineterm="", n=0)
        if line.startswith("-") and not line.startswith("---")
    ]  # fmt: skip
    assert removed, "the tuning changed nothing in server.xml"
    assert all(any(f'{name}="' in line for name in MANAGED) for line in removed), removed
    before = {c.get("port"): c.attrib for c in ET.fromstring(site.encode()).iter("Connector")}
    after = {c.get("port"): c.attrib for c in ET.fromstring(tuned.encode()).iter("Connector")}
    assert {k: v for k, v in after["8080"].items() if k not in MANAGED} == {
        k: v for k, v in before["8080"].items() if k not in MANAGED
    }


def test_logs_rotate_and_catalina_out_is_written(live: dict[str, Any]) -> None:
    out = live["catalina_out"]
    assert (out["owner"], out["group"], out["mode"]) == ("tomcat", "adm", "0o640")
    assert re.search(r"^\d\d-\w{3}-\d{4} [\d:.]+ INFO \[main\] ", out["head"], re.MULTILINE)
    props = live["logging_properties"]
    assert "java.util.logging.ConsoleHandler.formatter = org.apache.juli.OneLineFormatter" in props
    assert "1catalina.org.apache.juli.AsyncFileHandler.maxDays = 90" in props
    assert live["logrotate"]["rc"] == 0, live["logrotate"]["output"]
    assert "rotating pattern: /var/log/tomcat10/catalina.out" in live["logrotate"]["output"]


# Two CATALINA_BASEs that differ only in conf/server.xml ($1: before tuning, $2: after), each given to
# catalina.sh configtest with the role's environment (console logging only, nothing written as root).
CONFIGTEST = r"""
for which in before after; do
  base=$(mktemp -d /tmp/healthops-configtest.XXXXXX)
  mkdir -p "$base/logs" "$base/temp" "$base/work" "$base/webapps"
  cp -a /etc/tomcat10/. "$base/conf/"
  if [ "$which" = before ]; then cp "$1" "$base/conf/server.xml"; else cp "$2" "$base/conf/server.xml"; fi
  echo "=== $which"
  CATALINA_HOME=/usr/share/tomcat10 CATALINA_BASE=$base CATALINA_TMPDIR=/tmp LOGGING_CONFIG=-Dnop \
    /usr/share/tomcat10/bin/catalina.sh configtest 2>&1
  echo "=== rc=$?"
  rm -rf "$base"
done
"""


def configtest(host: Host, before: str, after: str) -> tuple[set[str], set[str]]:
    """The WARNING and SEVERE messages of configtest on server.xml ``before`` and ``after`` (paths on the host).

    The running Tomcat holds the ports, so every connector fails to bind in both runs; the connector's name
    is left out of those messages, or a tuned AJP connector's bind failure would count as a new one.
    """
    out = host.run("bash -c %s configtest %s %s", CONFIGTEST, before, after).stdout
    first, _, second = out.split("=== before\n")[1].partition("=== after\n")
    runs = []
    for text in (first, second):
        assert "=== rc=0" in text, text[-3000:]
        assert "Server initialization in" in text, text[-3000:]
        lines = [line.strip() for line in text.splitlines() if line.startswith(("WARNING:", "SEVERE:"))]
        runs.append({re.sub(r'Connector\["[^"]*"\]', "Connector[...]", line) for line in lines})
    return runs[0], runs[1]


def test_configtest_logs_nothing_new_after_tuning(host: Host) -> None:
    before, after = configtest(host, "/root/server.xml.site", SERVER_XML)
    assert after - before == set(), after - before


def test_configtest_logs_nothing_new_on_tuned_stock_files(host: Host) -> None:
    """Tomcat's own stock server.xml (9.0, 10.1, 11.0; tests/unit/fixtures/tomcat), tuned with the editor the
    module runs (shared executor, HTTP and AJP connectors, access log), read by this Tomcat 10.1."""
    import ansible.module_utils

    utils = str(REPO / "plugins" / "module_utils")
    if utils not in ansible.module_utils.__path__:
        ansible.module_utils.__path__.append(utils)
    from ansible.module_utils.healthops.tomcat.plan import update

    pool = {"executor": "tomcatThreadPool", "maxThreads": None, "minSpareThreads": None, "acceptCount": "150"}
    spec = {
        "service": "Catalina",
        "executor": {"name": "tomcatThreadPool", "namePrefix": "tomcat-exec-", "maxThreads": "150"},
        "connectors": [
            {"protocol": "http", "port": 8080, "attributes": dict(pool, compression="on", connectionTimeout="15000")},
            {"protocol": "ajp", "port": 8009, "create": True,
             "attributes": dict(pool, address="127.0.0.1", secretRequired="false")},
        ],
        "access_log": {"host": "localhost", "attributes": {"maxDays": "90"}, "create": True},
    }  # fmt: skip
    for name in ("server-9.0.xml", "server-10.1.59.xml", "server-11.0.25.xml"):
        stock = (REPO / "tests" / "unit" / "fixtures" / "tomcat" / name).read_text()
        tuned, changes = update(stock, spec)
        assert changes, name
        for suffix, text in (("before", stock), ("after", tuned)):
            encoded = base64.b64encode(text.encode()).decode()
            path = f"/tmp/healthops-stock/{name}.{suffix}"
            host.check_output("mkdir -p /tmp/healthops-stock && echo %s | base64 -d > %s", encoded, path)
        before, after = configtest(host, f"/tmp/healthops-stock/{name}.before", f"/tmp/healthops-stock/{name}.after")
        assert after - before == set(), (name, after - before)
    host.run("rm -rf /tmp/healthops-stock")


def test_check_mode_shows_only_the_changed_attributes_and_changes_nothing(host: Host) -> None:
    before = snapshot(host)
    run = playbook("--check", "--diff", "-e", "tomcat_max_threads=180", "-e", "tomcat_accept_count=120")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr
    changed = [
        re.sub(r"^([-+])\s+", r"\1", line) for line in run.stdout.splitlines()
        if re.match(r"^[-+](?![-+]{2} )", line)
    ]  # fmt: skip
    assert sorted(changed) == sorted(
        ['-maxThreads="150"', '+maxThreads="180"']
        + ['-acceptCount="150"', '+acceptCount="120"'] * 2
    ), changed  # fmt: skip
    assert snapshot(host) == before


def test_plan_shows_the_pending_tomcat_change_for_the_merge_request(host: Host, tmp_path: Path) -> None:
    """bin/healthops plan (make plan) on the tuned host: exit 2, the host's pending change in the summary,
    the attribute in the saved diff, and nothing changed on the host."""
    before = snapshot(host)
    out = tmp_path / "plan"
    command = [sys.executable, str(REPO / "bin" / "healthops"), "plan", "-i", INVENTORY]
    command += ["--playbook", str(REPO / "playbooks" / "tomcat.yml"), "-e", "tomcat_max_threads=180", "--out", str(out)]
    env = dict(os.environ, ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1", HEALTHOPS_LEDGER=str(tmp_path / "l.sqlite"))
    run = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=600)
    assert run.returncode == 2, run.stdout[-3000:] + run.stderr[-3000:]
    assert re.search(r"^- tomcat-host: \d+ change\(s\)", run.stdout, re.MULTILINE), run.stdout
    assert (out / "summary.md").read_text() == run.stdout
    diff = (out / "plan.diff").read_text()
    assert re.search(r'^-.*maxThreads="150"', diff, re.MULTILINE), diff[-3000:]
    assert re.search(r'^\+.*maxThreads="180"', diff, re.MULTILINE), diff[-3000:]
    assert snapshot(host) == before


def test_check_mode_diff_masks_the_ajp_secret(host: Host) -> None:
    before = snapshot(host)
    # Characters XML escapes: the file holds &amp; &quot; &lt;, which must not show either.
    secret = 'molecule&"ajp<secret'
    run = playbook("--check", "--diff", "-e", json.dumps({"tomcat_ajp_secret": secret}))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr
    out = run.stdout + run.stderr
    for form in (secret, "molecule&amp;&quot;ajp&lt;secret", "molecule&", "ajp<secret", "ajp&lt;secret"):
        assert form not in out, form
    assert re.search(r'^\+\s+secret="\*{8}"', run.stdout, re.MULTILINE), "the diff must show that a secret is added"
    assert re.search(r'^\+\s+secretRequired="true"', run.stdout, re.MULTILINE)
    assert snapshot(host) == before


def test_bad_input_stops_the_run_before_any_change(host: Host) -> None:
    before = snapshot(host)
    bad = {"tomcat_max_threads": 5, "tomcat_heap_size": "100000g", "tomcat_http_extra_attributes": {"maxThread": 300}}
    run = playbook("-e", json.dumps(bad))
    text = " ".join((run.stdout + run.stderr).split())
    assert run.returncode != 0
    assert "tomcat_max_threads (5) must be >= tomcat_min_spare_threads (10)" in text
    assert "tomcat_http_extra_attributes.maxThread: unknown attribute of the HTTP connector" in text
    assert "did you mean maxThreads?" in text
    assert "tomcat_heap_size (100000g = 102400000 MB) is larger than the host's memory" in text
    assert "Tune Tomcat, one host at a time" not in text, "the tuning play started despite bad input"
    assert snapshot(host) == before


def test_a_port_another_process_holds_stops_the_host_before_the_restart(host: Host) -> None:
    """configtest passes when the port is taken; the port check names the process and Tomcat is not restarted."""
    before = snapshot(host)
    host.check_output(
        "setsid -f sh -c %s >/dev/null 2>&1",
        "echo $$ > /tmp/healthops-holder.pid; exec python3 -m http.server 8019 --bind 127.0.0.1",
    )
    try:
        host.check_output(
            "for i in $(seq 40); do ss -Hltn 'sport = :8019' | grep -q . && exit 0; sleep 0.5; done; exit 1"
        )
        run = playbook("-e", "tomcat_ajp_port=8019")
    finally:
        host.run("kill $(cat /tmp/healthops-holder.pid); rm -f /tmp/healthops-holder.pid")
    text = " ".join((run.stdout + run.stderr).split())
    assert run.returncode != 0
    assert re.search(
        r"was not restarted: port 8019 \(AJP connector of Service Catalina\) is already held by python3 \(pid \d+\)",
        text,
    ), text[-3000:]
    assert "Tomcat was not restarted (it runs the previous configuration)" in text
    assert snapshot(host) == before, "server.xml must be restored and Tomcat left running as it was"


def report(run_id: str) -> dict[str, dict[str, Any]]:
    data = json.loads((EPHEMERAL / "reports" / run_id / "report.json").read_text(encoding="utf-8"))
    (entry,) = [h for h in data["hosts"] if h["host"] == "tomcat-host"]
    return {c["id"]: c for c in entry["checks"]}


def test_checks_report_faults_since_the_last_run(host: Host) -> None:
    # The first run also appends the checks to another result (as an inspection would include them)
    # and reports that one: tomcat_check_merge_into works end to end.
    first = playbook(
        "-e", "tomcat_mode=check", "-e", "report_run_id=tomcat-check-1",
        "-e", "tomcat_check_merge_into=inspection_result", "-e", "report_result_var=inspection_result",
    )  # fmt: skip
    checks = report("tomcat-check-1")
    assert first.returncode == 0, first.stdout[-3000:]
    for check_id in ("tomcat.process", "tomcat.http", "tomcat.heap_used", "tomcat.open_files", "tomcat.heap_dumps"):
        assert checks[check_id]["status"] == "PASS", checks[check_id]
    threads = checks["tomcat.threads:tomcatThreadPool"]
    assert threads["status"] == "PASS"
    assert "of maxThreads 150" in threads["detail"]
    assert "from the manager status" in threads["detail"]
    assert checks["tomcat.app:/"]["status"] == "PASS"
    assert checks["tomcat.app:/manager"]["value"] == "running"
    assert checks[f"tomcat.oom:{CATALINA_OUT}"]["status"] == "PASS"
    assert (EPHEMERAL / "state" / "tomcat" / "tomcat-host.json").is_file()

    host.run(
        "printf '%%s\\n' %s %s >> %s",
        "01-Jan-2026 10:00:00.000 SEVERE [http-exec-1] org.example.App fault injected by the test",
        "java.lang.OutOfMemoryError: Java heap space",
        CATALINA_OUT,
    )
    second = playbook("-e", "tomcat_mode=check", "-e", "report_run_id=tomcat-check-2")
    checks = report("tomcat-check-2")
    assert second.returncode != 0, "a FAIL check must fail the run (tomcat_fail_on)"
    severe = checks[f"tomcat.log_severe:{CATALINA_OUT}"]
    assert (severe["status"], severe["value"]) == ("WARN", 1), severe
    assert "fault injected by the test" in severe["detail"]
    oom = checks[f"tomcat.oom:{CATALINA_OUT}"]
    assert (oom["status"], oom["value"]) == ("FAIL", 1), oom


def failing_run(host: Host, variables: dict[str, Any], failed_at: str, restored: str) -> None:
    """Run the tuning with ``variables``, which change server.xml and make the step ``failed_at`` fail:
    the run fails for the host, says it restored ``restored`` (a regex), and every file, owner and mode
    is as before, with Tomcat restarted on them and answering."""
    before = snapshot(host)
    run = playbook("-e", json.dumps(variables))
    text = " ".join((run.stdout + run.stderr).split())
    assert run.returncode != 0, "the run must fail for the host"
    assert re.search(r"TASK \[tomcat : Server xml \| [^\]]*\] \**\s*changed: \[tomcat-host\]", text), (
        "server.xml must have changed before the failing step"
    )
    assert f"failed at '{failed_at}' (" in text, text[-3000:]
    assert re.search(rf"Restored the previous {restored} and restarted Tomcat: it answers HTTP 200 again", text), text[
        -3000:
    ]
    after = snapshot(host)
    assert after["files"] == before["files"], "the files (content, owner, group, mode) were not restored"
    assert after["http"] == 200
    assert after["pid"] != before["pid"], "Tomcat was not restarted on the previous files"
    assert after["cmdline"] == before["cmdline"]
    assert host.run("ls -d /tmp/healthops-tomcat.*").rc != 0, "the copy of the previous files was left behind"


@pytest.mark.skipif(not INVENTORY, reason="needs Molecule's inventory")
def test_a_failing_setenv_step_after_a_server_xml_change_is_rolled_back(host: Host) -> None:
    # maxThreads changes server.xml; the setenv.sh template then fails: its group does not exist.
    failing_run(
        host,
        {"tomcat_max_threads": 170, "tomcat_heap_dump_on_oom": False, "tomcat_group": "healthops-no-such-group"},
        "Jvm | Write the JVM options (setenv.sh)",
        r"\S+/server\.xml",
    )


@pytest.mark.skipif(not INVENTORY, reason="needs Molecule's inventory")
def test_a_step_failing_after_server_xml_and_setenv_changed_restores_both(host: Host) -> None:
    # server.xml and setenv.sh (no heap dump options) change; the logs step then fails: catalina.out's
    # owner does not exist. Both files go back.
    failing_run(
        host,
        {"tomcat_max_threads": 170, "tomcat_heap_dump_on_oom": False, "tomcat_user": "healthops-no-such-user"},
        "Logs | Create catalina.out for Tomcat's console",
        rf"\S+/server\.xml, {re.escape(SETENV)}",
    )


@pytest.mark.skipif(not INVENTORY, reason="needs Molecule's inventory")
def test_a_change_tomcat_cannot_start_with_is_rolled_back(host: Host) -> None:
    before = snapshot(host)
    broken = {"tomcat_java_opts_extra": ["-XX:+HealthopsNoSuchOption"], "tomcat_restart_timeout": 9}
    run = playbook("-e", json.dumps(broken))
    text = " ".join((run.stdout + run.stderr).split())
    assert run.returncode != 0, "the run must fail for the host"
    assert "did not come up with the new configuration" in text
    assert f"Restored the previous {SETENV} and restarted Tomcat: it answers HTTP 200 again" in text
    after = snapshot(host)
    assert after["http"] == 200
    assert after["files"] == before["files"], "the previous files (content, owner, mode) were not restored"
    assert after["pid"] != before["pid"], "Tomcat was not restarted with the previous files"
    # The same JVM as before the failed change: setenv.sh is read again (-Xmx and the rest).
    assert after["cmdline"] == before["cmdline"]
