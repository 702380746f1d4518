"""plugins/module_utils/healthops/common/fileio.py: atomic, private writes that never follow a planted symlink."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from ansible.module_utils.healthops.common import fileio as fio


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_writes_text_and_bytes_with_the_default_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "state.json"
    fio.atomic_write(str(target), "病历 ok\n")
    assert target.read_text(encoding="utf-8") == "病历 ok\n"
    assert mode_of(target) == 0o640
    fio.atomic_write(str(target), b"\x00\x01", mode=0o600)
    assert target.read_bytes() == b"\x00\x01"
    assert mode_of(target) == 0o600
    assert leftovers(tmp_path) == []


def test_mode_is_honoured(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "public.txt"
    fio.atomic_write(str(target), "x", mode=0o644)
    assert mode_of(target) == 0o644


def test_a_stricter_umask_wins(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        assert fio.current_umask() == 0o077
        fio.atomic_write(str(tmp_path / "report.json"), "{}")
        fio.ensure_dir(str(tmp_path / "run" / "1"))
    finally:
        os.umask(old)
    assert mode_of(tmp_path / "report.json") == 0o600
    assert mode_of(tmp_path / "run") == 0o700
    assert mode_of(tmp_path / "run" / "1") == 0o700


def test_umask_without_proc_falls_back_and_is_left_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = open

    def no_proc(path: str, *args: object, **kwargs: object) -> object:
        if str(path).startswith("/proc/"):
            raise OSError(errno.ENOENT, "no /proc")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", no_proc)
    old = os.umask(0o027)
    try:
        assert fio.current_umask() == 0o027
        assert fio.current_umask() == 0o027
    finally:
        os.umask(old)


def test_a_symlink_planted_at_the_target_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "shadow"
    victim.write_text("root:secret\n")
    target = tmp_path / "state.json"
    target.symlink_to(victim)
    with pytest.raises(OSError, match="symlink") as caught:
        fio.atomic_write(str(target), "owned")
    assert caught.value.errno == errno.ELOOP
    assert victim.read_text() == "root:secret\n"
    assert target.is_symlink()
    assert leftovers(tmp_path) == []


def test_a_symlink_planted_at_the_temporary_name_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep me\n")
    # The attacker guesses the first random name; the helper must refuse it and take another one.
    names = iter([b"\x01" * 8, b"\x02" * 8])
    monkeypatch.setattr(fio.os, "urandom", lambda n: next(names))
    planted = tmp_path / (".state.json.%s.tmp" % ("01" * 8))
    planted.symlink_to(victim)
    fio.atomic_write(str(tmp_path / "state.json"), "new")
    assert victim.read_text() == "keep me\n"
    assert planted.is_symlink()
    assert (tmp_path / "state.json").read_text() == "new"
    assert not (tmp_path / (".state.json.%s.tmp" % ("02" * 8))).exists()


def test_a_dangling_symlink_at_the_temporary_name_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fio.os, "urandom", lambda n: b"\x03" * 8)
    planted = tmp_path / (".s.%s.tmp" % ("03" * 8))
    planted.symlink_to(tmp_path / "created-by-root")
    with pytest.raises(OSError, match="no free temporary name"):
        fio.atomic_write(str(tmp_path / "s"), "x")
    assert not (tmp_path / "created-by-root").exists()
    assert not (tmp_path / "s").exists()


def test_a_symlinked_directory_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "state"
    link.symlink_to(real)
    with pytest.raises(OSError, match="symlink") as caught:
        fio.atomic_write(str(link / "x.json"), "x")
    assert caught.value.errno == errno.ELOOP
    assert list(real.iterdir()) == []
    with pytest.raises(OSError, match="symlink"):
        fio.ensure_dir(str(link))
    assert list(real.iterdir()) == []


def test_a_symlink_higher_up_planted_by_another_user_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    link = tmp_path / "up"
    link.symlink_to(real)
    # Root's or the writer's own symlink higher up is the system's layout: accepted.
    fio.atomic_write(str(link / "sub" / "x"), "ok")
    assert (real / "sub" / "x").read_text() == "ok"
    if os.geteuid() != 0:
        pytest.skip("changing a symlink's owner needs root")
    os.lchown(link, 65534, 65534)
    with pytest.raises(OSError, match="symlink"):
        fio.atomic_write(str(link / "sub" / "x"), "owned")
    assert (real / "sub" / "x").read_text() == "ok"


def test_failure_leaves_no_temporary_file_and_the_old_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "state.json"
    target.write_text("old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fio.os, "fsync", full)
    with pytest.raises(OSError, match="No space") as caught:
        fio.atomic_write(str(target), "new")
    assert caught.value.errno == errno.ENOSPC
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_a_directory_at_the_target_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(OSError, match="not a regular file"):
        fio.atomic_write(str(tmp_path / "d"), "x")
    assert leftovers(tmp_path) == []


def test_keep_mode_and_preserve_owner(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "server.xml"
    target.write_text("<Server/>")
    target.chmod(0o604)
    if os.geteuid() == 0:
        os.chown(target, 65534, 65533)
    fio.atomic_write(str(target), "<Server port='1'/>", keep_mode=True, preserve_owner=True)
    st = target.lstat()
    assert stat.S_IMODE(st.st_mode) == 0o604
    if os.geteuid() == 0:
        assert (st.st_uid, st.st_gid) == (65534, 65533)
    # Without the options the file is the writer's, with the asked mode.
    fio.atomic_write(str(target), "<Server/>")
    st = target.lstat()
    assert stat.S_IMODE(st.st_mode) == 0o640
    assert (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid())


def test_ensure_dir_creates_private_directories_and_keeps_existing_ones(tmp_path: Path, umask_022: None) -> None:
    fio.ensure_dir(str(tmp_path / "a" / "b"))
    assert mode_of(tmp_path / "a") == 0o750
    assert mode_of(tmp_path / "a" / "b") == 0o750
    (tmp_path / "a").chmod(0o755)  # an existing directory keeps its mode
    fio.ensure_dir(str(tmp_path / "a" / "b"), mode=0o700)
    assert mode_of(tmp_path / "a") == 0o755
    (tmp_path / "file").write_text("")
    with pytest.raises(OSError, match="Not a directory") as caught:
        fio.ensure_dir(str(tmp_path / "file" / "sub"))
    assert caught.value.errno == errno.ENOTDIR


def test_relative_paths_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    fio.ensure_dir("rel")
    fio.atomic_write("rel/x", "1")
    fio.atomic_write("y", "2")
    assert (tmp_path / "rel" / "x").read_text() == "1"
    assert (tmp_path / "y").read_text() == "2"


def test_append_text_creates_privately_and_appends(tmp_path: Path, umask_022: None) -> None:
    log = tmp_path / "ledger.jsonl"
    fio.append_text(str(log), "one\n")
    fio.append_text(str(log), b"two\n")
    assert log.read_text() == "one\ntwo\n"
    assert mode_of(log) == 0o640


def test_append_text_does_not_follow_a_planted_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep\n")
    log = tmp_path / "ledger.jsonl"
    log.symlink_to(victim)
    with pytest.raises(OSError, match="symlink"):
        fio.append_text(str(log), "owned\n")
    assert victim.read_text() == "keep\n"
