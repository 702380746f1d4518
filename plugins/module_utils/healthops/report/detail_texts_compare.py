# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The database comparison's own words in Chinese (healthops.db.compare, module db_compare), as healthops.report.detail_texts.

Its connection and TLS texts are the database probes' (healthops.db.tls): the entries of
detail_texts_db for ``connect``, ``tls`` and any check serve its ids too.
"""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

from ansible.module_utils.healthops.report.detail_texts_db import DB

T = "db_compare:*"
TLS = "db_compare.tls:*"

COMPARE = [
    (T, r"identical", "一致"),
    (T, r"rows source (?P<source>\S+), target (?P<target>\S+)", "源端 {source} 行，目标端 {target} 行"),
    (T, r"(?P<n>\d+) missing in target \(row (?P<keys>.*)\)", "目标端缺少 {n} 行（{keys}）"),
    (T, r"(?P<n>\d+) missing in target \(key (?P<keys>.*)\)", "目标端缺少 {n} 个键（{keys}）"),
    (T, r"(?P<n>\d+) extra in target \(row (?P<keys>.*)\)", "目标端多出 {n} 行（{keys}）"),
    (T, r"(?P<n>\d+) extra in target \(key (?P<keys>.*)\)", "目标端多出 {n} 个键（{keys}）"),
    (T, r"(?P<n>\d+) changed \(row (?P<keys>.*)\)", "{n} 行内容不同（{keys}）"),
    (T, r"(?P<n>\d+) changed \(key (?P<keys>.*)\)", "{n} 个键的内容不同（{keys}）"),
    (
        T,
        r"(?P<n>\d+) changed after the backup per (?P<column>\S+) \(key (?P<keys>.*)\)",
        "{n} 行在备份之后有变更（依据 {column}，键 {keys}）",
    ),
    (
        T,
        r"(?P<label>[^:\s]+): (?P<exc>[A-Za-z_.]*(?:Error|Exception|Warning)\w*): (?P<msg>.+)",
        "比对未完成（{label}）：{exc}：{msg}",
    ),
    (T, r"(?P<exc>[A-Za-z_.]*(?:Error|Exception|Warning)\w*): (?P<msg>.+)", "比对未完成：{exc}：{msg}"),
    (TLS, r"source: (?P<why>.+)", "源端：{why}"),
    (TLS, r"target: (?P<why>.+)", "目标端：{why}"),
    (TLS, r"(?P<side>\S+): (?P<why>.+)", "{side}：{why}"),
    (
        TLS,
        r"not verified: (?P<proto>\S+) in use, but the server's certificate is not checked \(ssl_mode (?P<mode>\S+) given explicitly\)",
        "未验证：使用了 {proto}，但未检查服务器证书（显式设置了 ssl_mode {mode}）",
    ),
    (
        TLS,
        r"not verified and not encrypted \(ssl_mode (?P<mode>\S+) given explicitly\): credentials and data cross the network in clear text",
        "既未验证也未加密（显式设置了 ssl_mode {mode}）：凭据和数据以明文在网络上传输",
    ),
    *[(TLS, english, chinese) for key, english, chinese in DB if key == "tls"],
    *[(T, english, chinese) for key, english, chinese in DB if key in ("connect", "*")],
]
