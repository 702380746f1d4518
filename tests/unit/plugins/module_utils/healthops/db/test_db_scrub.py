"""Connection passwords scrubbed out of driver messages (healthops.db.scrub).

Each password is tried in the forms a message can carry it (a libpq conninfo written
carelessly or properly quoted, a URL, an Oracle ``user/password@dsn``), through the real
libpq parser where one exists, and the scrubbed text must hold no piece of it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from ansible.module_utils.healthops.db.scrub import MASK, dsn_secrets, scrub_data, scrub_secrets
from healthops_testlib import MODULE_UTILS, load_library_module
from module_args import run_module

PASSWORDS = [
    "Kx7q Lm9w Qr2z",  # spaces
    "Tab\tZq8v  Two",  # a tab and a double space
    "it's Zq8v",  # a single quote
    'Dq"W3x v8Yk',  # a double quote
    "Bk\\Ty 4rZk",  # a backslash
    "Mn8@Hy2k Wb",  # an at sign
    "Pz/9xQ Rw7k",  # a slash
    "Uj=5kQ Tt6m",  # an equals sign
    "Pässwört Ǆ9k 密码本",  # non-ASCII
    "Gx%20k y%zzq",  # percent signs
    "a b' c\\ d=e@f/g",  # everything at once, with one-letter pieces
]


def pieces(password: str) -> list[str]:
    """Every piece a parser may echo: the whole, its words, its parts between quotes and backslashes."""
    parts = {password, *password.split()}
    parts.update(p for p in re.split(r"""[\s'"\\]+""", password) if p)
    return sorted(parts, key=len, reverse=True)


def assert_no_piece(text: str, password: str) -> None:
    assert password not in text
    for piece in pieces(password):
        if len(piece) == 1:
            # One letter is removed where a parser quotes it alone; elsewhere it is just a letter.
            assert f'"{piece}"' not in text, (piece, text)
            assert f"'{piece}'" not in text, (piece, text)
        else:
            assert not re.search(r"(?<!\w)" + re.escape(piece) + r"(?!\w)", text), (piece, text)


def libpq_quoted(password: str) -> str:
    return "'" + password.replace("\\", "\\\\").replace("'", "\\'") + "'"


def dsn_forms(password: str) -> dict[str, str]:
    return {
        "conninfo_unquoted": f"host=127.0.0.1 port=1 user=u password={password} dbname=app",
        "conninfo_quoted": f"host=127.0.0.1 port=1 user=u password={libpq_quoted(password)} dbname=app",
        "url_encoded": f"postgresql://u:{quote(password, safe='')}@127.0.0.1:1/app",
        "url_raw": f"postgresql://u:{password}@127.0.0.1:1/app",
        "oracle": f"u/{password}@127.0.0.1:1521/svc",
        "oracle_quoted": f'u/"{password}"@127.0.0.1:1521/svc',
    }


def libpq_parse_error(dsn: str) -> str | None:
    """The real message libpq gives for a connection string it cannot parse (no network: parsing fails first)."""
    try:
        psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("password", PASSWORDS)
@pytest.mark.parametrize("form", list(dsn_forms("x")))
def test_no_piece_of_the_password_survives_in_any_form(password: str, form: str) -> None:
    dsn = dsn_forms(password)[form]
    messages = [
        f"could not connect with {dsn}: connection refused",
        json.dumps({"dsn": dsn, "error": "refused"}),
        repr({"dsn": dsn}),
    ]
    error = libpq_parse_error(dsn) if not form.startswith("oracle") else None
    if error:
        messages.append(error)
    for message in messages:
        # The password known (the module had it) ...
        assert_no_piece(scrub_secrets(message, [password]), password)
        # ... or only the DSN known (db_compare): the password found in it is enough.
        assert_no_piece(scrub_secrets(message, dsn_secrets(dsn)), password)


@pytest.mark.parametrize(
    ("dsn", "found"),
    [
        ("host=h password=pa ss word dbname=x", "pa ss word"),
        ("host=h password = 'a b\\' c' dbname=x", "a b' c"),
        ("host=h password='unterminated dbname=x", "unterminated dbname=x"),
        ("postgresql://u:p%40ss%20w@h/db", "p@ss w"),
        ("postgresql://u:p@ss@h/db", "p@ss"),
        ("postgresql://u@h/db?password=s%3Dx&sslmode=verify-full", "s=x"),
        ("scott/ti ger@db1:1521/ORCL", "ti ger"),
        ('scott/"t@g/r"@db1:1521/ORCL', "t@g/r"),
        ("host=h dbname=x", None),
        ("db1:1521/ORCL", None),
        ("", None),
    ],
)
def test_passwords_are_found_in_connection_strings(dsn: str, found: str | None) -> None:
    secrets = dsn_secrets(dsn)
    if found is None:
        assert secrets == []
    else:
        assert found in secrets


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # Password-looking fields are masked even when the password is not known.
        ("host=h password=hunter2 dbname=x", f"host=h password={MASK} dbname=x"),
        ("password='a b\\' c' user=u", f"password='{MASK}' user=u"),
        ('{"password": "x y", "user": "u"}', f'{{"password": "{MASK}", "user": "u"}}'),
        ("{'wallet_password': 'w'}", f"{{'wallet_password': '{MASK}'}}"),
        ("PGPASSWORD=s3cret psql", f"PGPASSWORD={MASK} psql"),
        ("postgresql://u:p ss@h/db failed", f"postgresql://u:{MASK}@h/db failed"),
        ("scott/tiger@db1:1521/ORCL", f"scott/{MASK}@db1:1521/ORCL"),
        ("ALTER USER x IDENTIFIED BY s3cr3t", f"ALTER USER x IDENTIFIED BY {MASK}"),
        ("ALTER ROLE x PASSWORD 'it''s'", f"ALTER ROLE x PASSWORD '{MASK}'"),
        ('missing "=" after "ss" in connection info string', f'missing "=" after "{MASK}" in connection info string'),
        ('invalid percent-encoded token: "pa%zz"', f'invalid percent-encoded token: "{MASK}"'),
        ('unexpected spaces found in "p s", use %20', f'unexpected spaces found in "{MASK}", use %20'),
    ],
)
def test_password_looking_fields_are_masked_by_pattern(message: str, expected: str) -> None:
    assert scrub_secrets(message) == expected


@pytest.mark.parametrize(
    "message",
    [
        'connection failed: connection to server at "127.0.0.1", port 5432 failed: FATAL:  password authentication '
        'failed for user "healthops_probe"',
        "DPY-6005: cannot connect to database (CONNECTION_ID=Qq19MVd7/V2cHyK3spZIEQ==).\n[Errno 111] refused",
        "ORA-01017: invalid username/password; logon denied",
        "pg_restore: error: could not open input file /var/backups/healthops/20240501T020000Z/app.dump",
        "RMAN-06054: media recovery requesting unknown archived log for thread 1 at /u01/fra/o1_mf_1_42@x.arc",
        'ERROR:  database "healthops_restore_app" is being accessed by other users',
    ],
)
def test_ordinary_messages_are_left_alone(message: str) -> None:
    assert scrub_secrets(message, ["Kx7q Lm9w"]) == message


def test_a_piece_inside_a_word_is_not_a_leak_and_stays() -> None:
    # "pass" is a piece of the password but also part of "password authentication": only the piece goes.
    text = 'FATAL:  password authentication failed; missing "=" after "pass" in connection info string'
    scrubbed = scrub_secrets(text, ["word pass"])
    assert scrubbed.startswith("FATAL:  password authentication failed")
    assert '"pass"' not in scrubbed


def test_encoded_forms_of_the_password_are_removed() -> None:
    password = "Pä ss'w\\d@1"
    forms = [
        quote(password, safe=""),
        quote(password),
        json.dumps(password)[1:-1],
        json.dumps(password, ensure_ascii=False)[1:-1],
        repr(password)[1:-1],
        password.replace("\\", "\\\\").replace("'", "\\'"),
        password.replace("'", "''"),
        password.encode("utf-8").decode("latin-1"),
    ]
    for form in forms:
        assert scrub_secrets(f"<{form}>", [password]) == f"<{MASK}>", form


def test_scrub_data_walks_a_whole_result() -> None:
    result = {
        "checks": [{"id": "pg.connect", "detail": 'missing "=" after "Lm9w" in connection info string'}],
        "error": "url postgresql://u:Kx7q%20Lm9w@h/db",
        "nested": ({"Kx7q Lm9w": 1}, 5, None, 2.5),
    }
    scrubbed = scrub_data(result, ["Kx7q Lm9w"])
    assert "Kx7q" not in json.dumps(scrubbed)
    assert "Lm9w" not in json.dumps(scrubbed)
    assert scrubbed["nested"][1:] == (5, None, 2.5)
    assert scrubbed["checks"][0]["id"] == "pg.connect"
    assert scrub_secrets(None) == ""
    assert scrub_secrets(b"password=x") == f"password={MASK}"


def test_the_scrubber_imports_on_python_36_for_database_hosts() -> None:
    # db_restore runs on the database host (RHEL 7/8 have Python 3.6): the file must compile there.
    source = (MODULE_UTILS / "healthops" / "db" / "scrub.py").read_text(encoding="utf-8")
    assert "from __future__ import annotations" not in source
    assert "dataclass" not in source
    python36 = sorted(Path("/root/.pyenv/versions").glob("3.6*/bin/python3.6"))
    if python36:
        code = f"import sys; sys.path.insert(0, {str(MODULE_UTILS)!r}); from healthops.db import scrub as s; " + (
            "assert s.scrub_secrets('password=a b', ['a b']) == 'password=' + s.MASK"
        )
        subprocess.run([str(python36[-1]), "-c", code], check=True, timeout=60)
    compile(source, "healthops/db/scrub.py", "exec", dont_inherit=True)
    assert sys.version_info >= (3, 6)


# --------------------------------------------------------------------------- modules


postgres_probe = load_library_module("postgres_probe")
oracle_probe = load_library_module("oracle_probe")
db_compare = load_library_module("db_compare")
db_restore = load_library_module("db_restore")

PASSWORD = "Kx7q Lm9w'Qr\\2z"


def pg_options(**overrides: Any) -> dict[str, Any]:
    options = {name: spec.get("default") for name, spec in postgres_probe.ARGUMENT_SPEC.items()}
    options.update(login_host="127.0.0.1", login_password=PASSWORD, **overrides)
    return options


def test_postgres_probe_connection_error_carries_no_piece_of_the_password(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def fail(_options: Any, _dbname: str) -> None:
        # What libpq says when a password reaches it unquoted, and a URL echoed back.
        raise psycopg.OperationalError(
            'missing "=" after "Lm9w\'Qr\\2z" in connection info string; '
            f"postgresql://u:{quote(PASSWORD, safe='')}@h/db; password={PASSWORD}"
        )

    monkeypatch.setattr(postgres_probe, "_connect", fail)
    result = postgres_probe.run_probe(pg_options(state_dir=str(tmp_path)))
    connect = next(c for c in result["checks"] if c["id"] == "pg.connect")
    assert connect["status"] == "ERROR"
    assert MASK in connect["detail"]
    assert_no_piece(json.dumps(result), PASSWORD)
    assert_no_piece(json.dumps(result, ensure_ascii=False), PASSWORD)


def test_postgres_probe_statement_errors_are_scrubbed_by_pattern() -> None:
    error = postgres_probe._query_error("settings", psycopg.errors.SyntaxError("near PASSWORD 'Zq8v Wb'"))
    assert error.message == f"near PASSWORD '{MASK}'"


def oracle_options(**overrides: Any) -> dict[str, Any]:
    options = {name: spec.get("default") for name, spec in oracle_probe.ARGUMENT_SPEC.items()}
    options.update(user="healthops_probe", password=PASSWORD, service_name="ORCL")
    options.update(overrides)
    return options


def test_oracle_probe_connection_error_carries_no_piece_of_the_password(tmp_path: Path) -> None:
    def fail(_options: Any) -> None:
        raise RuntimeError(f"DPY-4000: cannot connect with healthops_probe/{PASSWORD}@db1:1521/ORCL")

    result = oracle_probe.run_probe(oracle_options(state_dir=str(tmp_path)), connect=fail)
    connect = next(c for c in result["checks"] if c["id"] == "oracle.connect")
    assert connect["status"] == "ERROR"
    assert connect["value"] == "DPY-4000"
    assert_no_piece(json.dumps(result), PASSWORD)


def test_oracle_probe_dsn_with_a_password_names_the_target_without_it(tmp_path: Path) -> None:
    dsn = f'probe/"{PASSWORD}"@db1:1521/ORCL'

    class Conn:
        call_timeout = 0

        def cursor(self) -> Any:
            raise RuntimeError(f"ORA-01017: invalid username/password; logon denied for {dsn}")

        def is_healthy(self) -> bool:
            return True

        def close(self) -> None:
            pass

    result = oracle_probe.run_probe(
        oracle_options(dsn=dsn, password=None, state_dir=str(tmp_path)), connect=lambda _o: Conn()
    )
    assert_no_piece(json.dumps(result), PASSWORD)
    assert_no_piece(str(result["state_file"]), PASSWORD)
    for written in tmp_path.iterdir():
        assert_no_piece(written.name + written.read_text(encoding="utf-8"), PASSWORD)
    connect_time = next(c for c in result["checks"] if c["id"] == "oracle.connect_time")
    assert "db1:1521/ORCL" in connect_time["detail"]


@pytest.mark.parametrize("password", PASSWORDS)
def test_db_compare_with_an_unparsable_dsn_leaks_no_piece(monkeypatch: pytest.MonkeyPatch, password: str) -> None:
    # The real driver parses the DSN and fails before any network traffic.
    args = {
        "source_dsn": f"host=127.0.0.1 port=1 user=u password={password} dbname=a",
        "target_dsn": f"host=127.0.0.1 port=1 user=u password={password} dbname=b",
        "connect_timeout": 1,
    }
    result, failed = run_module(monkeypatch, db_compare.main, args)
    assert not failed
    assert result["checks"][0]["status"] == "ERROR"
    assert_no_piece(json.dumps(result), password)
    assert_no_piece(json.dumps(result, ensure_ascii=False), password)


def test_db_restore_scrubs_what_the_tools_print(monkeypatch: pytest.MonkeyPatch) -> None:
    class Proc:
        returncode = 2
        stdout = ""
        stderr = 'psql: error: invalid URI query parameter: "Zq8v"\nconnection to "host=h password=Wb4t" failed\n'

    monkeypatch.setattr(subprocess, "run", lambda *_a, **_k: Proc())
    rc, _out, err = db_restore.run(["psql"], 5)
    assert rc == 2
    assert "Zq8v" not in err
    assert "Wb4t" not in err
