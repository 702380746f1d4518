# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Database backup sets: manifests, retention, RMAN logs, the status file, the offline copy.

Used in three places, so it imports nothing but the standard library (Python >= 3.6) and,
from Ansible, only the shared file writer (``healthops.common.fileio``, installed beside it on hosts):

* the backup job on the database host (``roles/db_backup/files/healthops_backup_job.py``),
  which the role installs with a copy of this file beside it;
* the receiver on the backup storage host (``roles/db_backup/files/healthops_backup_receiver.py``),
  the forced command of the job's SSH key, installed the same way;
* the ``db_restore`` module, which Ansible ships with this file as ``ansible.module_utils``.

A backup set is a directory ``<backup_dir>/<YYYYmmddTHHMMSSZ>`` (UTC start of the run) holding
the dump files, ``backup.json`` (what was backed up, how long it took, each exit status) and
``MANIFEST.sha256`` in ``sha256sum`` format (one ``<sha256>  <relative path>`` line per file,
``backup.json`` included), written last: a set without a manifest is incomplete. While the job
writes it the directory is ``<name>.partial``. On the storage host a set arrives in a staging
directory (``<host dir>/.incoming/<name>``) and is moved into place by the receiver only after
``sha256sum --check`` of its manifest there; from then on the database host cannot change it
(placed sets are immutable to it, retention is the storage host's). Each placed set has a marker
``<host dir>/.verified-sets/<name>`` while its last check there passed (sets of older versions
carry ``<name>/.verified``).

Only regular files are ever hashed: a symlink, FIFO or device in a set is a problem named in
the result, never followed or waited on (a database OS user can write into a set while it is
being written, and the job runs as root).

The package is split at its seams: ``layout`` (names, constants, small helpers), ``manifest``,
``retention``, ``rman`` and ``status`` (pure: text in, data out, unit-tested), ``files`` (a set on
disk: regular files only, hashing, listing) and ``offline`` (the copy to the storage host over SSH).
This module gathers their names, so the job, the receiver and db_restore keep one import
(``from healthops.backup import sets as hb``); the standalone install ships the parts they import
(``roles/db_backup/vars/main.yml``, ``__db_backup_shared_files``).
"""

from __future__ import absolute_import, division, print_function

from .files import (
    NotRegularFile,
    SetProblems,
    check_set,
    dir_size,
    file_kind,
    local_sets,
    open_regular,
    own_dir,
    read_json,
    scan_set,
    set_files,
    sha256_file,
    storage_sets,
    verified_mark,
    write_manifest,
)
from .layout import (
    INCOMING_DIR,
    MANIFEST,
    META,
    PARTIAL_SUFFIX,
    RECEIVER_COMMANDS,
    RECEIVER_WORD,
    SET_NAME_FORMAT,
    SET_RE,
    SPACE_MARGIN_BYTES,
    STATUS_SCHEMA,
    VERIFIED_DIR,
    VERIFIED_MARK,
    Problem,
    as_user,
    dump_file_names,
    human_bytes,
    is_partial,
    iso_time,
    libpq_dbname,
    now,
    run_command,
    safe_file_stem,
    set_name,
    set_time,
    tail,
    valid_set_name,
)
from .manifest import (
    compare_manifest,
    describe_problems,
    format_manifest,
    parse_manifest,
    parse_sha256sum_check,
)
from .offline import (
    choose_set,
    classify_remote_error,
    parse_receiver_command,
    remote_call,
    rsync_set,
    space_problem,
    ssh_command,
    verify_copies,
    verify_offline,
)
from .retention import (
    select_retention,
)
from .rman import (
    RMAN_BANNER_CODES,
    RMAN_WARNING_CODES,
    describe_rman,
    parse_rman_log,
    rman_level,
)
from .status import (
    build_status,
    run_message,
)

__metaclass__ = type

__all__ = [
    "INCOMING_DIR",
    "MANIFEST",
    "META",
    "PARTIAL_SUFFIX",
    "RECEIVER_COMMANDS",
    "RECEIVER_WORD",
    "RMAN_BANNER_CODES",
    "RMAN_WARNING_CODES",
    "SET_NAME_FORMAT",
    "SET_RE",
    "SPACE_MARGIN_BYTES",
    "STATUS_SCHEMA",
    "VERIFIED_DIR",
    "VERIFIED_MARK",
    "NotRegularFile",
    "Problem",
    "SetProblems",
    "as_user",
    "build_status",
    "check_set",
    "choose_set",
    "classify_remote_error",
    "compare_manifest",
    "describe_problems",
    "describe_rman",
    "dir_size",
    "dump_file_names",
    "file_kind",
    "format_manifest",
    "human_bytes",
    "is_partial",
    "iso_time",
    "libpq_dbname",
    "local_sets",
    "now",
    "open_regular",
    "own_dir",
    "parse_manifest",
    "parse_receiver_command",
    "parse_rman_log",
    "parse_sha256sum_check",
    "read_json",
    "remote_call",
    "rman_level",
    "rsync_set",
    "run_command",
    "run_message",
    "safe_file_stem",
    "scan_set",
    "select_retention",
    "set_files",
    "set_name",
    "set_time",
    "sha256_file",
    "space_problem",
    "ssh_command",
    "storage_sets",
    "tail",
    "valid_set_name",
    "verified_mark",
    "verify_copies",
    "verify_offline",
    "write_manifest",
]
