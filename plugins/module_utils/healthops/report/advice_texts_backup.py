# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Recommendations for the backup-policy audit (backup_audit.*) and the emergency drill (drill.*).

(English, Chinese) per check id, as in advice_texts: the backup audit's report is the written review
discussed with the client twice a year, the drill's report the drill's summary, so each finding reads
as what to do in Chinese. The evaluation's own detail (English, with the exact values) stays beside it.
"""

from __future__ import annotations

# The audit could not read the host: its own text (the usual ERROR text would not say what to install).
_READ = (
    "The backup job's configuration was not found on the host: install the backup with playbooks/backup.yml "
    "(or correct backup_audit_config_file) and audit again.",
    "未在主机上找到备份作业配置：请先用 playbooks/backup.yml 部署备份（或更正 backup_audit_config_file），再重新审查。",
)

# The drill refused a database it cannot restore (an Oracle RMAN backup).
_DRILL_ORACLE = (
    "This drill restores PostgreSQL-family backups only. Drill the Oracle system on a prepared Oracle server of "
    "the same release (a spare host): restore the RMAN backup there (RESTORE and RECOVER DATABASE; "
    "playbooks/backup_verify.yml only validates it with RESTORE ... VALIDATE), record the times by hand against "
    "the RTO and RPO, and keep that record with this report.",
    "本演练脚本仅支持 PostgreSQL 系列数据库的恢复，无法在此环境恢复 Oracle（RMAN）备份。请在预先准备的同版本 Oracle "
    "备用服务器上进行演练：在该服务器上用 RMAN 执行 RESTORE 和 RECOVER DATABASE 恢复备份（playbooks/backup_verify.yml "
    "仅以 RESTORE ... VALIDATE 校验备份，不能替代完整恢复），按 RTO、RPO 目标人工记录各步骤用时，"
    "并将该记录与本报告一并归档。",
)

BACKUP_AUDIT = {
    "backup_audit.read": _READ,
    "backup_audit.read@ERROR": _READ,
    "backup_audit.schedule": (
        "Enable and start the backup timer again (systemctl enable --now healthops-db-backup.timer, or rerun "
        "playbooks/backup.yml) and find out who disabled it.",
        "请重新启用并启动备份定时任务（systemctl enable --now healthops-db-backup.timer，或重新执行 "
        "playbooks/backup.yml），并查明被停用的原因。",
    ),
    "backup_audit.last_success": (
        "Read the status file's message and the job's journal, fix the cause and run the backup now.",
        "请查看备份状态文件中的信息和作业日志，排除原因后立即补做一次备份。",
    ),
    "backup_audit.failed_runs": (
        "Read the journal of each failed run (journalctl -u healthops-db-backup.service) and remove the cause.",
        "请逐次查看失败备份的日志（journalctl -u healthops-db-backup.service），消除失败原因。",
    ),
    "backup_audit.size_trend": (
        "Check that every database is still dumped and whether a large load or a purge explains the change.",
        "请确认所有数据库仍在备份范围内，并核实大小突变是否由大批量导入或数据清理引起。",
    ),
    "backup_audit.duration_trend": (
        "Find what slows the backup (data growth, disk or network load) before it overruns its window.",
        "请查明备份耗时增加的原因（数据增长、磁盘或网络负载），避免备份超出时间窗口。",
    ),
    "backup_audit.second_copy": (
        "Restore the copy to the separate storage host: set db_backup_storage_host, rerun playbooks/backup.yml "
        "and check the offline copy's message in the status file.",
        "请恢复独立存储上的第二份备份：配置 db_backup_storage_host，重新执行 playbooks/backup.yml，"
        "并查看状态文件中离线副本的信息。",
    ),
    "backup_audit.second_copy.age": (
        "The newest backups do not reach the storage host: check the SSH key, the storage host's space and the "
        "receiver's log, then run the backup again.",
        "最新备份未传到存储主机：请检查 SSH 密钥、存储主机空间和接收端日志，然后重新执行备份。",
    ),
    "backup_audit.second_copy.checksums": (
        "The copy on the storage host is damaged: take a new backup at once and find what changed the files "
        "(disk errors, manual edits).",
        "存储主机上的备份副本已损坏：请立即重新备份，并查明文件被改动的原因（磁盘故障或人为修改）。",
    ),
    "backup_audit.offsite": (
        "Keep a copy at another site as the policy asks (a storage host in another machine room, or off-line "
        "media kept elsewhere) and declare the sites with healthops_site.",
        "请按策略在异地保存一份备份（另一机房的存储主机，或异地保管的离线介质），并用 healthops_site 标明所在站点。",
    ),
    "backup_audit.offline": (
        "Copy the newest verified set to off-line media, keep the media disconnected and record it in "
        "backup_audit_offline_copies.",
        "请将最新的已校验备份复制到离线介质，介质使用后断开保存，并登记到 backup_audit_offline_copies。",
    ),
    "backup_audit.three_two_one": (
        "Bring the backups to 3-2-1: three copies of the data, on two separate storages, one of them off-site "
        "or off-line.",
        "请按 3-2-1 原则完善备份：数据至少三份，存放在两种（两处）独立存储上，其中一份异地或离线保存。",
    ),
    "backup_audit.retention.local": (
        "Raise db_backup_keep_days to the policy's retention and rerun playbooks/backup.yml.",
        "请将 db_backup_keep_days 调整到策略要求的保留天数，并重新执行 playbooks/backup.yml。",
    ),
    "backup_audit.retention.offline": (
        "Raise db_backup_offline_keep_days to the policy's retention and rerun playbooks/backup.yml.",
        "请将 db_backup_offline_keep_days 调整到策略要求的保留天数，并重新执行 playbooks/backup.yml。",
    ),
    "backup_audit.pruning.local": (
        "Old sets are no longer deleted on the database host: read the backup job's log, fix the pruning and "
        "remove the expired sets.",
        "数据库主机上的过期备份未被清理：请查看备份作业日志，修复清理功能后删除过期备份集。",
    ),
    "backup_audit.pruning.offline": (
        "Old copies are no longer deleted on the storage host: read the receiver's log, fix the pruning and "
        "remove the expired copies.",
        "存储主机上的过期备份副本未被清理：请查看接收端日志，修复清理功能后删除过期副本。",
    ),
    "backup_audit.space.local": (
        "Free or add space on the backup file system of the database host before the next backups fill it.",
        "请在后续备份写满之前，清理或扩容数据库主机上的备份文件系统。",
    ),
    "backup_audit.space.offline": (
        "Free or add space on the storage host: it holds the copies of every database host.",
        "请清理或扩容存储主机的空间（该空间存放所有数据库主机的备份副本）。",
    ),
    "backup_audit.restore_test": (
        "Run a restore test with playbooks/backup_verify.yml and keep its report for the next review.",
        "请用 playbooks/backup_verify.yml 进行一次恢复测试，并保留其报告供下次审查。",
    ),
    "backup_audit.rpo": (
        "With WAL archiving: fix the archive_command (its log, the archive's space) so WAL is archived again; "
        "without it: back up more often (db_backup_on_calendar), turn on WAL archiving, or agree a longer "
        "recovery point objective with the client.",
        "已启用 WAL 归档的：请排查 archive_command（查看其日志及归档目录空间），恢复 WAL 归档；未启用的：请提高备份频率"
        "（db_backup_on_calendar）、启用 WAL 归档，或与用户方重新商定恢复点目标（RPO）。",
    ),
    "backup_audit.permissions": (
        "Set the backup files to the policy's mode (chmod) and check the backup job's umask.",
        "请将备份文件权限收紧到策略要求（chmod），并检查备份作业的 umask 设置。",
    ),
    "backup_audit.permissions.offline": (
        "Set the copies on the storage host to the policy's mode (chmod) and check the receiver's umask.",
        "请将存储主机上备份副本的权限收紧到策略要求（chmod），并检查接收端的 umask 设置。",
    ),
    "backup_audit.encryption": (
        "Encrypt the backups as the policy asks (gpg or age for dumps; RMAN: CONFIGURE ENCRYPTION FOR DATABASE ON).",
        "请按策略对备份加密（导出文件使用 gpg 或 age；RMAN 执行 CONFIGURE ENCRYPTION FOR DATABASE ON）。",
    ),
    "backup_audit.rman": (
        "Let the audit read RMAN's configuration (backup_audit_rman_show_all, the Oracle home and SID).",
        "请使审查能够读取 RMAN 配置（设置 backup_audit_rman_show_all、Oracle 主目录和 SID）。",
    ),
    "backup_audit.rman.retention": (
        "Set a recovery window: CONFIGURE RETENTION POLICY TO RECOVERY WINDOW OF <n> DAYS; with n the policy's days.",
        "请设置恢复窗口：CONFIGURE RETENTION POLICY TO RECOVERY WINDOW OF <n> DAYS;（n 为策略要求的天数）。",
    ),
    "backup_audit.rman.controlfile_autobackup": (
        "Turn the control file autobackup on: CONFIGURE CONTROLFILE AUTOBACKUP ON;",
        "请开启控制文件自动备份：CONFIGURE CONTROLFILE AUTOBACKUP ON;",
    ),
    "backup_audit.rman.archivelog_deletion": (
        "Keep archived logs until they are backed up: CONFIGURE ARCHIVELOG DELETION POLICY TO BACKED UP 1 TIMES "
        "TO DEVICE TYPE DISK;",
        "请确保归档日志备份后才删除：CONFIGURE ARCHIVELOG DELETION POLICY TO BACKED UP 1 TIMES TO DEVICE TYPE DISK;",
    ),
    "backup_audit.policy": (
        "No action: the policy the backups were judged against.",
        "信息项（本次审查所依据的备份策略），无需处理。",
    ),
    "backup_audit.summary": (
        "No action: the host's conclusion; act on the findings it lists.",
        "信息项（本主机审查结论），请按其中列出的问题处理。",
    ),
    # The backup storage host's own rows (per database host: ":<host>").
    "backup_audit.storage.read": (
        "Make the storage host reachable and its backup directory readable, then audit again.",
        "请确保存储主机可以访问、其备份目录可读，然后重新审查。",
    ),
    "backup_audit.storage.space": (
        "Free or add space on the storage host before the next copies of every database host fill it.",
        "请在各数据库主机的后续备份副本写满之前，清理或扩容存储主机的备份空间。",
    ),
    "backup_audit.storage.copies": (
        "Find out why no verified copy of this database host arrives (its backup job's offline_copy message, "
        "the storage account's key) and run the backup.",
        "请查明该数据库主机为何没有已校验的备份副本到达存储主机（查看备份作业的 offline_copy 信息及存储账号密钥），"
        "并补做备份。",
    ),
    "backup_audit.storage.retention": (
        "Raise the retention of the host's copies on the storage host (db_backup_offline_keep_days) to the policy's.",
        "请将该主机在存储主机上的副本保留期（db_backup_offline_keep_days）调整到策略要求。",
    ),
    "backup_audit.storage.pruning": (
        "Find out why the receiver stopped deleting the host's old copies (its log) before the disk fills.",
        "请在磁盘写满之前查明接收端为何不再清理该主机的过期副本（查看其日志）。",
    ),
    "backup_audit.storage.checksums": (
        "The copy is damaged: run the backup for a new set and find what changed the files on the storage host.",
        "该备份副本已损坏：请重新备份生成新的备份集，并查明存储主机上文件被改动的原因。",
    ),
    "backup_audit.storage.permissions": (
        "Set the host's copies to the policy's mode (chmod) and check the receiver's umask.",
        "请将该主机备份副本的权限收紧到策略要求（chmod），并检查接收端的 umask 设置。",
    ),
}

DRILL = {
    "drill.plan": ("No action: the drill's plan.", "信息项（演练方案），无需处理。"),
    "drill.app_database": (
        "Declare where the application reads its database (drill_app_datasource: path, format, key, database) so "
        "the drill points it at the temporary database, and make that database reachable from the application "
        "host (drill_network, firewall), then repeat the drill.",
        "请声明应用读取数据库连接的位置（drill_app_datasource：path、format、key、database），使演练将应用指向临时数据库，"
        "并确保应用主机能够访问该临时数据库（drill_network、防火墙），然后重新演练。",
    ),
    # An Oracle system: its RMAN backup cannot be restored by this drill (no Oracle server here).
    "drill.engine@ERROR": _DRILL_ORACLE,
    "drill.engine": _DRILL_ORACLE,
    "drill.environment": ("No action: the drill's environment.", "信息项（演练环境），无需处理。"),
    "drill.step": (
        "Read the failed step's detail, fix its cause (backup set, temporary host, restore) and repeat the drill.",
        "请查看失败步骤的说明，排除原因（备份集、临时主机或恢复过程）后重新演练。",
    ),
    "drill.smoke": (
        "The restored system did not answer as expected: compare the restored data and the application's "
        "settings with production, then repeat the drill.",
        "恢复后的系统未通过冒烟检查：请核对恢复的数据和应用配置与生产环境是否一致，然后重新演练。",
    ),
    "drill.rto": (
        "The recovery took longer than the target (or did not finish): find the slowest steps in the timeline "
        "and shorten them (a prepared spare host, faster copies) before the next drill.",
        "恢复时间超过目标（或未完成恢复）：请根据时间线找出最耗时的步骤并加以改进（预置备用主机、加快数据传输），再次演练。",
    ),
    "drill.rpo": (
        "More data than allowed would be lost: back up more often or keep logs between backups, and agree the "
        "target with the client.",
        "丢失的数据超过目标：请提高备份频率或保留备份间隔内的日志，并与用户方确认恢复点目标。",
    ),
    "drill.cleanup": (
        "Remove what the drill left (the temporary container or the restored databases on the spare host) by hand.",
        "请手工清理演练遗留的环境（临时容器，或备用主机上恢复的数据库）。",
    ),
    "drill.summary": (
        "No action: the drill's conclusion; act on the findings it lists.",
        "信息项（演练总结），请按其中列出的问题整改。",
    ),
}
