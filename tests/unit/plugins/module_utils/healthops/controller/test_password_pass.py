"""healthops.controller.password_pass: the pass backend of the password store, on a real pass and
GnuPG (a store and key made by the test): versions staged, promoted and discarded per entry, the
current password as the entry's first line, each write an entry moved over the old one."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import healthops_testlib  # noqa: F401 - puts plugins/module_utils on ansible.module_utils' path
import pytest
from ansible.module_utils.healthops.controller import password_pass
from ansible.module_utils.healthops.controller.password_vault import StoreError
from ansible.module_utils.healthops.passwords.store import discard, promote, stage
from passlab import pass_store

PREFIX = "healthops"


@pytest.fixture(scope="module")
def store() -> Iterator[tuple[str, dict[str, str]]]:
    with pass_store() as made:
        yield made


@pytest.fixture(autouse=True)
def gnupg_home(store: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GNUPGHOME", store[1]["GNUPGHOME"])


def show(store: tuple[str, dict[str, str]], name: str) -> str:
    return subprocess.run(["pass", "show", name], env=store[1], check=True, capture_output=True, text=True).stdout


def staged(key: str, password: str, doc: dict, out: dict) -> dict:
    new, out["version"] = stage(doc, key, password, "2026-01-01T00:00:00+00:00")
    return new


def test_stage_promote_and_the_first_line(store: tuple[str, dict[str, str]]) -> None:
    directory = store[0]
    out: dict = {}
    password_pass.change(directory, PREFIX, "db1/opsadmin", partial(staged, "db1/opsadmin", "Pw-Pass-1", out=out))
    # Staged only: no current password yet, the staged one kept in the versions.
    text = show(store, "healthops/db1/opsadmin")
    assert text.split("\n", 1)[0] == ""
    assert "Pw-Pass-1" in text
    number = out["version"]
    edit = partial(promote, key="db1/opsadmin", number=number, keep=1, now="2026-01-02T00:00:00+00:00")
    password_pass.change(directory, PREFIX, "db1/opsadmin", edit)
    assert show(store, "healthops/db1/opsadmin").split("\n", 1)[0] == "Pw-Pass-1"
    # A second rotation: the first becomes previous, one previous kept.
    for password in ("Pw-Pass-2", "Pw-Pass-3"):
        password_pass.change(directory, PREFIX, "db1/opsadmin", partial(staged, "db1/opsadmin", password, out=out))
        edit = partial(promote, key="db1/opsadmin", number=out["version"], keep=1, now="2026-01-03T00:00:00+00:00")
        password_pass.change(directory, PREFIX, "db1/opsadmin", edit)
    doc = password_pass.load(directory, PREFIX)
    versions = doc["entries"]["db1/opsadmin"]["versions"]
    assert [(v["password"], v["state"]) for v in versions] == [("Pw-Pass-2", "previous"), ("Pw-Pass-3", "current")]
    assert show(store, "healthops/db1/opsadmin").split("\n", 1)[0] == "Pw-Pass-3"
    # Every write was a new entry moved over the old one: none is left beside it, nothing is in clear.
    files = sorted(p.name for p in (Path(directory) / PREFIX / "db1").iterdir())
    assert files == ["opsadmin.gpg"]
    assert b"Pw-Pass-3" not in (Path(directory) / PREFIX / "db1" / "opsadmin.gpg").read_bytes()


def test_a_discarded_only_version_removes_the_entry(store: tuple[str, dict[str, str]]) -> None:
    directory, out = store[0], {}
    password_pass.change(directory, PREFIX, "db2/pg:app", partial(staged, "db2/pg:app", "Pw-Pass-9", out=out))
    assert "db2/pg:app" in password_pass.load(directory, PREFIX)["entries"]
    password_pass.change(directory, PREFIX, "db2/pg:app", partial(discard, key="db2/pg:app", number=out["version"]))
    assert "db2/pg:app" not in password_pass.load(directory, PREFIX)["entries"]
    assert not (Path(directory) / PREFIX / "db2" / "pg:app.gpg").exists()


def test_an_entry_not_written_by_the_rotation_stops(store: tuple[str, dict[str, str]]) -> None:
    subprocess.run(["pass", "insert", "-m", "-f", "other/h1/x"], input="just a password\n", env=store[1],
                   check=True, text=True, capture_output=True)  # fmt: skip
    with pytest.raises(StoreError, match="not written by the password rotation"):
        password_pass.load(store[0], "other")


def test_an_uninitialised_store_and_bad_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is not initialised"):
        password_pass.load(str(tmp_path), PREFIX)
    with pytest.raises(StoreError, match="cannot name a pass entry"):
        password_pass.entry_name(PREFIX, "../etc/x")


def test_render_and_parse_are_inverse() -> None:
    entry = {"versions": [{"version": 1, "state": "current", "password": "a:b #c", "created": "t", "promoted": "t"}]}
    text = password_pass.render(entry)
    assert text.startswith("a:b #c\n")
    assert password_pass.parse(text) == entry
