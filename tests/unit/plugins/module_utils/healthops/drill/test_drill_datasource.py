"""plugins/module_utils/healthops/drill/datasource.py and the drill's drill.app_database row: the application's
data source pointed at the temporary database, only the URL changed, and the report saying where it points."""

from __future__ import annotations

from typing import Any

import pytest
from ansible.module_utils.healthops.drill.datasource import point, validate
from ansible.module_utils.healthops.drill.measure import app_database_checks

ENV = {"path": "/etc/default/tomcat10", "format": "env", "key": "APP_DB_URL", "database": "petition"}
TOMCAT = {"path": "/etc/tomcat10/Catalina/localhost/app.xml", "format": "tomcat", "key": "jdbc/petition",
          "database": "petition"}  # fmt: skip
CONTEXT = """<?xml version="1.0" encoding="UTF-8"?>
<!-- the petition application's data sources -->
<Context>
  <Resource name="jdbc/petition" auth="Container" type="javax.sql.DataSource"
            url="jdbc:postgresql://pet-db-01:5432/petition?ssl=true&amp;sslmode=verify-full"
            username="petition_app" password="s3cret" maxTotal="20"/>
  <Resource url='jdbc:postgresql://report-db:5432/report' name='jdbc/report' username="r" password="x"/>
</Context>
"""


def test_env_value_replaced_and_everything_else_kept() -> None:
    text = "# Tomcat settings\nJAVA_OPTS=-Xmx1g\nAPP_DB_URL=jdbc:postgresql://pet-db-01:5432/petition?password=p1\n"
    found = point(text, ENV, "healthops-drill-db", 5432)
    assert found["text"] == (
        "# Tomcat settings\nJAVA_OPTS=-Xmx1g\nAPP_DB_URL=jdbc:postgresql://healthops-drill-db:5432/petition?password=p1\n"
    )
    # The report's view: the password in the query string masked.
    assert found["url"] == "jdbc:postgresql://healthops-drill-db:5432/petition?password=********"
    assert found["before"] == "jdbc:postgresql://pet-db-01:5432/petition?password=********"
    assert found["count"] == 1


def test_env_line_added_when_missing_or_no_file() -> None:
    found = point("JAVA_OPTS=-Xmx1g", ENV, "127.0.0.1")
    assert found["text"] == "JAVA_OPTS=-Xmx1g\nAPP_DB_URL=jdbc:postgresql://127.0.0.1:5432/petition\n"
    assert found["before"] is None
    assert point(None, ENV, "db")["text"] == "APP_DB_URL=jdbc:postgresql://db:5432/petition\n"


def test_tomcat_resource_url_only_of_the_named_resource() -> None:
    found = point(CONTEXT, TOMCAT, "healthops-drill-db", 5432)
    assert found["count"] == 1
    assert 'url="jdbc:postgresql://healthops-drill-db:5432/petition?ssl=true&amp;sslmode=verify-full"' in found["text"]
    assert found["text"].replace("healthops-drill-db", "pet-db-01") == CONTEXT  # nothing else changed
    assert found["before"] == "jdbc:postgresql://pet-db-01:5432/petition?ssl=true&sslmode=verify-full"
    with pytest.raises(ValueError, match=r'no <Resource name="jdbc/missing"> with a url attribute'):
        point(CONTEXT, dict(TOMCAT, key="jdbc/missing"), "db")
    with pytest.raises(ValueError, match="is not on the application host"):
        point(None, TOMCAT, "db")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("x", "must be a mapping"),
        ({"path": "/a", "key": "K"}, "drill_app_datasource.database is required"),
        (dict(ENV, format="yaml"), "drill_app_datasource.format must be one of env, tomcat"),
        (dict(ENV, path="relative"), "drill_app_datasource.path must be absolute"),
    ],
)
def test_bad_declarations_are_named(spec: Any, message: str) -> None:
    assert message in validate(spec)
    with pytest.raises(ValueError, match=message.split(" ", maxsplit=1)[0]):
        point("", spec, "db")


def test_the_report_says_where_the_application_pointed() -> None:
    assert app_database_checks({"app": False}) == []
    pointed = {"path": ENV["path"], "key": "APP_DB_URL", "url": "jdbc:postgresql://t:5432/petition",
               "before": "jdbc:postgresql://prod:5432/petition", "reachable": True}  # fmt: skip
    (row,) = app_database_checks({"app": True, "app_datasource": ENV, "app_database": pointed})
    assert (row["id"], row["status"], row["value"]) == ("drill.app_database", "PASS", pointed["url"])
    assert row["detail"] == (
        "/etc/default/tomcat10 APP_DB_URL: jdbc:postgresql://prod:5432/petition -> jdbc:postgresql://t:5432/petition "
        "(the temporary database), reachable from the application host"
    )
    unreachable = dict(pointed, reachable="False")  # as a templated value may come
    assert app_database_checks({"app": True, "app_datasource": ENV, "app_database": unreachable})[0]["status"] == "FAIL"
    (stopped,) = app_database_checks({"app": True, "app_datasource": ENV, "app_database": {}})
    assert stopped["status"] == "FAIL"
    (undeclared,) = app_database_checks({"app": True, "app_datasource": {}})
    assert undeclared["status"] == "WARN"
    assert "without a declared data source (drill_app_datasource)" in undeclared["detail"]
