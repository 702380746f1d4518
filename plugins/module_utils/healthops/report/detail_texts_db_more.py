# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""More of the database probes' own words in Chinese, after healthops.report.detail_texts_db.DB.

Oracle's texts for a figure missing or nothing to grade, and the waits over an interval: the end of
detail_texts_db.DB, kept in a file of their own so neither grows past what a translator reads at
once. healthops.report.detail tries them right after DB's, for both engines as DB's, so an entry
here matches the same texts in the same order as before.
"""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

from ansible.module_utils.healthops.report.detail_texts import NUM, SIZE
from ansible.module_utils.healthops.report.detail_texts_db import COVERED

DB_MORE = [
    # Oracle: what the probe says when a figure is missing or there is nothing to grade.
    (
        "backup_age",
        r"RMAN backups not expected on this database \(rman_expected: false\)",
        "该库不要求 RMAN 备份（rman_expected: false）",
    ),
    ("backup_age", rf"last archive log backup (?P<hours>{NUM}) h ago", "最近一次归档日志备份在 {hours} 小时前"),
    ("tablespace.*", r"READ ONLY: (?P<why>.+)", "只读（READ ONLY）：{why}"),
    (
        "tablespace.*",
        rf"no DBA_TABLESPACE_USAGE_METRICS row yet \(MMON refreshes it\); allocated (?P<allocated>{SIZE})",
        "DBA_TABLESPACE_USAGE_METRICS 中尚无该表空间的记录（由 MMON 定期刷新）；已分配 {allocated}",
    ),
    (
        "tablespace.*",
        r"no data file sizes \(DBA_DATA_FILES returned nothing for it\)",
        "没有数据文件大小（DBA_DATA_FILES 未返回该表空间的记录）",
    ),
    ("temp.*", r"no usage figures \((?P<status>[^)]*)\)", "没有使用量数据（{status}）"),
    ("undo.*", r"no size: not in use", "没有大小数据：未在使用"),
    ("undo.*", r"(?P<status>[A-Z][A-Z ]*): not in use", "{status}：未在使用"),
    (
        "temp",
        r"no temporary tablespace visible in this container: a PDB sharing CDB\$ROOT's \(12\.1 shared undo, or a PDB without its own\) is covered by probing CDB\$ROOT",
        "本容器中看不到临时表空间：与 CDB$ROOT 共用的 PDB（12.1 共享回滚，或没有自己的临时表空间）由巡检 CDB$ROOT 覆盖",
    ),
    (
        "undo",
        r"no undo tablespace visible in this container: a PDB sharing CDB\$ROOT's \(12\.1 shared undo, or a PDB without its own\) is covered by probing CDB\$ROOT",
        "本容器中看不到回滚表空间：与 CDB$ROOT 共用的 PDB（12.1 共享回滚，或没有自己的回滚表空间）由巡检 CDB$ROOT 覆盖",
    ),
    ("fra", r"no fast recovery area configured \(db_recovery_file_dest\)", "未配置快速恢复区（db_recovery_file_dest）"),
    (
        "tablespace_days_to_full",
        r"no size sample from a run at least a day earlier: growth is known from the next run",
        "没有至少一天前的巡检留下的大小采样：下次巡检后才能得出增长情况",
    ),
    ("db_files", r"DB_FILES not readable", "无法读取 DB_FILES"),
    ("dbms_jobs", r"no broken or failing DBMS_JOB job", "没有损坏或失败的 DBMS_JOB 作业"),
    (
        "password_expiry",
        r"(?P<n>\d+) open account\(s\) checked",
        "已检查 {n} 个未锁定账号",
    ),
    (
        "scheduler_jobs",
        r"failed runs since (?P<since>\S+): (?P<why_jobs>.+)",
        "自 {since} 以来失败的运行：{why_jobs}",
    ),
    ("scheduler_jobs", r"(?P<job>\S+) BROKEN after (?P<n>\d+) failures", "{job} 失败 {n} 次后已置为 BROKEN"),
    ("scheduler_jobs", r"(?P<job>\S+) failed x(?P<n>\d+)", "{job} 失败 {n} 次"),
    ("scheduler_jobs", r"last (?P<when>.+?) (?P<code>ORA-\d+)", "最近一次 {when}，{code}"),
    ("archive_gap", r"no gap", "没有归档缺口"),
    ("archive_gap", r"no gap status", "无缺口状态"),
    # The destination's error in Oracle's words (V$ARCHIVE_DEST_STATUS.ERROR), kept as it is.
    ("archive_gap", r"(?P<error>(?:ORA|TNS)-\d{5}: .+)", "{error}"),
    (
        "backup_age",
        r"backups run on the primary: this physical standby records no RMAN job of its own \(set standby_backups: true where the standby is backed up itself\)",
        "备份在主库上执行：该物理备库没有自己的 RMAN 作业记录（如备库自身也做备份，请设置 standby_backups: true）",
    ),
    (
        "rman_failures",
        r"backups run on the primary: this physical standby records no RMAN job of its own \(set standby_backups: true where the standby is backed up itself\)",
        "备份在主库上执行：该物理备库没有自己的 RMAN 作业记录（如备库自身也做备份，请设置 standby_backups: true）",
    ),
    (
        "dataguard_lag",
        r"lag is measured on the standby: probe the standby database too",
        "延迟在备库上测量：请同时巡检备库",
    ),
    ("redo_switch_interval", r"no log switch in the last (?P<days>\d+) days", "最近 {days} 天内没有日志切换"),
    ("processes", r"(?P<n>\d+) in use, peak (?P<peak>\d+), no limit", "当前 {n}，峰值 {peak}，无上限"),
    ("sessions", r"(?P<n>\d+) in use, peak (?P<peak>\d+), no limit", "当前 {n}，峰值 {peak}，无上限"),
    (
        "processes",
        r"(?P<n>\d+) of (?P<limit>\d+), peak since startup (?P<peak>\d+): the limit was reached since startup \((?P<codes>[^)]*)\)",
        "当前 {n}，上限 {limit}，自启动以来峰值 {peak}：自启动以来曾达到上限（{codes}）",
    ),
    (
        "sessions",
        r"(?P<n>\d+) of (?P<limit>\d+), peak since startup (?P<peak>\d+): the limit was reached since startup \((?P<codes>[^)]*)\)",
        "当前 {n}，上限 {limit}，自启动以来峰值 {peak}：自启动以来曾达到上限（{codes}）",
    ),
    ("wait_classes", r"no database time recorded", "没有记录到数据库时间"),
    ("optimizer_statistics", r"no application tables", "没有应用表"),
    # The waits over the interval (healthops.db.oracle.waits).
    ("log_file_sync", rf"no commit waited (?P<why_covered>{COVERED})", "{why_covered}没有提交等待"),
    ("top_events", rf"no non-idle wait (?P<why_covered>{COVERED})", "{why_covered}没有非空闲等待"),
    ("enqueue_latch", rf"no non-idle wait (?P<why_covered>{COVERED})", "{why_covered}没有非空闲等待"),
    ("top_events", rf"(?P<why_covered>{COVERED}): (?P<why_events>.+)", "{why_covered}：{why_events}"),
    (
        "top_events",
        rf"(?P<event>.+) \((?P<wait_class>[^()]*)\) (?P<pct>{NUM}%)",
        "{event}（{wait_class}）占 {pct}",
    ),
    ("top_events", rf"(?P<ms>{NUM}) ms avg", "平均 {ms} 毫秒"),
]
