"""passwords/appconfig.py: only the account's password changes in the files that feed an application."""

from __future__ import annotations

import pytest
from ansible.module_utils.healthops.passwords.appconfig import replace_password, spec_problem

NEW = "N&w<\"pa:ss\\'1"
CONTEXT = """<?xml version="1.0" encoding="UTF-8"?>
<!-- the application's data sources -->
<Context>
  <Resource name="jdbc/health" auth="Container" type="javax.sql.DataSource"
            username="app_rw" password="old&amp;one" url="jdbc:postgresql://db1:5432/health"/>
  <Resource name='jdbc/report' username='app_ro' password='keep-me'/>
  <Resource name="jdbc/other" username="app_rw" password="old2"/>
</Context>
"""


def test_tomcat_resources_of_the_account_get_the_escaped_password() -> None:
    text, count = replace_password(CONTEXT, {"format": "tomcat"}, "app_rw", NEW)
    assert count == 2
    assert 'password="N&amp;w&lt;&quot;pa:ss\\&apos;1"' in text
    assert "password='keep-me'" in text
    assert text.replace("N&amp;w&lt;&quot;pa:ss\\&apos;1", "X") == CONTEXT.replace("old&amp;one", "X").replace(
        "old2", "X"
    )
    only, count = replace_password(CONTEXT, {"format": "tomcat", "resource": "jdbc/other"}, "app_rw", "p")
    assert count == 1
    assert 'password="old&amp;one"' in only


def test_pgpass_lines_of_the_account() -> None:
    pgpass = "# backup job\ndb1:5432:*:backup:old\\:pw\ndb1:5432:*:other:x\n"
    text, count = replace_password(pgpass, {"format": "pgpass"}, "backup", "a:b\\c")
    assert count == 1
    assert text == "# backup job\ndb1:5432:*:backup:a\\:b\\\\c\ndb1:5432:*:other:x\n"


def test_env_key() -> None:
    env = "PGUSER=backup\nexport PGPASSWORD='old'\nOTHER=1\n"
    text, count = replace_password(env, {"format": "env", "key": "PGPASSWORD"}, "backup", "it's")
    assert count == 1
    assert text == "PGUSER=backup\nexport PGPASSWORD='it'\"'\"'s'\nOTHER=1\n"
    with pytest.raises(ValueError, match="line break"):
        replace_password(env, {"format": "env", "key": "PGPASSWORD"}, "backup", "a\nb")


def test_nothing_found_is_a_count_of_zero() -> None:
    assert replace_password(CONTEXT, {"format": "tomcat"}, "nobody", "p") == (CONTEXT, 0)


def test_declarations() -> None:
    assert spec_problem({"path": "/x", "format": "tomcat"}) is None
    assert spec_problem({"format": "tomcat"}) == "each file needs path"
    assert "format must be one of tomcat, pgpass, env" in spec_problem({"path": "/x", "format": "ini"})
    assert spec_problem({"path": "/x", "format": "env"}) == "file /x: format env needs key"
