"""healthops.tomcat.properties on Debian's catalina.properties (recorded from the Molecule image): a property is
changed where it is last defined or appended, every other byte stays, a second run changes nothing
(issue 15, class 2: the value of a ${name} attribute goes to catalina.properties when asked)."""

from __future__ import annotations

from ansible.module_utils.healthops.tomcat.properties import entries, escape_value, set_properties
from healthops_testlib import FIXTURES_DIR

DEBIAN = (FIXTURES_DIR / "tomcat" / "catalina-10.1-debian.properties").read_bytes().decode("latin-1")


def test_a_new_property_is_appended_and_nothing_else_changes() -> None:
    new, notes = set_properties(DEBIAN, {"http.port": "8081"})
    assert new == DEBIAN + "http.port=8081\n"
    assert notes == ["catalina.properties: add http.port=8081"]
    assert set_properties(new, {"http.port": "8081"}) == (new, [])


def test_a_continued_property_is_replaced_whole_where_it_is_defined() -> None:
    # package.definition runs over two lines (a trailing backslash); the file's other lines stay.
    new, notes = set_properties(DEBIAN, {"package.definition": "sun.,java."})
    assert notes == [
        "catalina.properties: package.definition sun.,java.,org.apache.catalina.,org.apache.coyote.,"
        "org.apache.jasper.,org.apache.naming.,org.apache.tomcat. -> sun.,java."
    ]
    old_lines, new_lines = DEBIAN.splitlines(True), new.splitlines(True)
    assert new_lines[32] == "package.definition=sun.,java.\n"
    assert new_lines[:32] == old_lines[:32]
    assert new_lines[33:] == old_lines[34:]


def test_the_last_definition_wins_as_in_java() -> None:
    text = "# site\r\nmaxThreads=100\r\nmaxThreads : 150\r\n"
    new, _notes = set_properties(text, {"maxThreads": "300"})
    assert new == "# site\r\nmaxThreads=100\r\nmaxThreads : 300\r\n"
    # CRLF file: an appended line is CRLF too; a last line without its end gets one first.
    assert set_properties("a=1", {"b": "2"})[0] == "a=1\nb=2\n"
    assert set_properties(text, {"b": "2"})[0] == text + "b=2\r\n"


def test_values_are_compared_unescaped_and_written_in_ascii() -> None:
    text = "# caf\xe9 (ISO-8859-1 comment)\nname=caf\\u00e9\npath=C\\:\\\\tomcat\n"
    assert set_properties(text, {"name": "caf\xe9", "path": "C:\\tomcat"}) == (text, [])
    new, _notes = set_properties(text, {"name": "\u5317\u4eac"})
    assert "name=\\u5317\\u4eac\n" in new
    assert new.startswith("# caf\xe9")
    assert escape_value(" lead\\") == "\\ lead\\\\"


def test_entries_read_keys_separators_and_comments() -> None:
    text = "! bang comment\n  key.a   value a\nkey\\=b=x\nlone\n"
    assert [(e[2], e[3]) for e in entries(text)] == [("key.a", "value a"), ("key=b", "x"), ("lone", "")]
    assert set_properties(text, {"lone": "1"})[0].endswith("lone=1\n")
