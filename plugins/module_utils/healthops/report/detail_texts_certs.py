# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The certificate audit and deployment's own words in Chinese (healthops.certs), as healthops.report.detail_texts.

Subjects (RFC 4514), URLs and the TLS library's errors are values: kept as they are.
"""

from __future__ import annotations

C = "cert.*"

CERTS = [
    (
        C,
        r"no TLS handshake with (?P<where>\S+): the server presented no certificate",
        "与 {where} 的 TLS 握手失败：服务端未出示证书",
    ),
    (C, r"no TLS handshake with (?P<where>\S+): (?P<error>.+)", "与 {where} 的 TLS 握手失败：{error}"),
    (C, r"the presented certificates cannot be parsed: (?P<error>.+)", "无法解析服务端出示的证书：{error}"),
    (
        C,
        r"a verifying client accepts it \((?P<protocol>[^,]*), (?P<cipher>[^)]*)\)",
        "校验证书的客户端可以接受（{protocol}，{cipher}）",
    ),
    (C, r"a verifying client refuses it: unknown reason", "校验证书的客户端拒绝连接：原因未知"),
    (C, r"a verifying client refuses it: (?P<error>.+)", "校验证书的客户端拒绝连接：{error}"),
    (
        C,
        r"keystore: not read on the host \(it needs its password\); its certificate is checked at its endpoint",
        "密钥库：不在主机上读取（需要其密码）；其证书在服务端点上检查",
    ),
    (C, r"no certificate in it", "其中没有证书"),
    (C, r"not read: (?P<state>.+); its TLS endpoints are not checked", "未读取：{state}；其 TLS 服务端点未检查"),
    (C, r"not read on the host: (?P<reason>.+)", "未在主机上读取：{reason}"),
    (
        C,
        r"(?P<subject>.+) expires (?P<when>\S+); earliest presented expiry (?P<earliest>\S+) \((?P<esubject>.*)\)",
        "{subject} 到期时间 {when}；所出示证书中最早到期 {earliest}（{esubject}）",
    ),
    (C, r"(?P<subject>.+) is self-signed where a CA is expected", "{subject} 为自签名证书，应由 CA 签发"),
    (C, r"complete to a trusted root", "证书链完整，可追溯到受信任的根证书"),
    (
        C,
        r"no path to a trusted root from (?P<path>.+) \(intermediate missing\?\)",
        "从 {path} 无法追溯到受信任的根证书（缺少中间证书？）",
    ),
    (C, r"SAN covers (?P<host>\S+)", "SAN 包含 {host}"),
    (C, r"SAN does not cover (?P<host>\S+)", "SAN 不包含 {host}"),
    (C, r"key meets policy", "密钥符合策略"),
    (
        C,
        r"(?P<kind>\S+) key of (?P<bits>\d+) bits \(minimum (?P<min>\d+)\)",
        "{kind} 密钥长度 {bits} 位（最低 {min} 位）",
    ),
    (C, r"signatures meet policy", "签名算法符合策略"),
    (C, r"weak \(SHA-1/MD5\) signature: (?P<raw_which>.+)", "弱签名算法（SHA-1/MD5）：{raw_which}"),
    # Revocation (OCSP, CRL).
    (C, r"revocation not known: (?P<why>.+) \(soft-fail: not an alarm\)", "吊销状态未知：{why}（软失败：不告警）"),
    (C, r"revocation not known: (?P<why>.+)", "吊销状态未知：{why}"),
    (C, r"the issuer is not known \(the chain does not verify\)", "签发者未知（证书链校验未通过）"),
    (C, r"the certificate names no OCSP responder and no CRL", "证书未指明 OCSP 响应服务或 CRL"),
    (C, r"OCSP (?P<url>\S+) answered for another certificate", "OCSP {url} 返回的是另一张证书的结果"),
    (
        C,
        r"OCSP (?P<url>\S+): the answer is not signed by the issuer or its responder",
        "OCSP {url}：应答未由签发者或其响应服务签名",
    ),
    (C, r"OCSP (?P<url>\S+): the answer is not current", "OCSP {url}：应答已过期"),
    (C, r"OCSP (?P<url>\S+) does not know the certificate", "OCSP {url} 不认识该证书"),
    (C, r"OCSP (?P<url>\S+) answered (?P<status>\S+)", "OCSP {url} 应答 {status}"),
    (C, r"OCSP (?P<url>\S+): (?P<error>.+)", "OCSP {url} 出错：{error}"),
    (
        C,
        r"revoked (?P<when>\S+) \(no reason given\), says OCSP (?P<url>\S+)",
        "已于 {when} 吊销（未说明原因），来自 OCSP {url}",
    ),
    (
        C,
        r"revoked (?P<when>\S+) \((?P<reason>[^)]*)\), says OCSP (?P<url>\S+)",
        "已于 {when} 吊销（{reason}），来自 OCSP {url}",
    ),
    (C, r"not revoked, says OCSP (?P<url>\S+)", "未吊销，来自 OCSP {url}"),
    (C, r"CRL (?P<url>\S+) is not signed by the issuer", "CRL {url} 未由签发者签名"),
    (C, r"CRL (?P<url>\S+) is past its next update \((?P<when>[^)]*)\)", "CRL {url} 已超过下次更新时间（{when}）"),
    (C, r"CRL (?P<url>\S+): (?P<error>.+)", "CRL {url} 出错：{error}"),
    (C, r"revoked (?P<when>\S+), says CRL (?P<url>\S+)", "已于 {when} 吊销，来自 CRL {url}"),
    (C, r"not on CRL (?P<url>\S+)", "不在 CRL {url} 中"),
    # Deployment.
    (
        C,
        r"serial (?P<serial>\S+), SHA-256 (?P<fp>\S+), valid until (?P<until>\S+) \((?P<left>-?\d+) days left\)",
        "序列号 {serial}，SHA-256 {fp}，有效期至 {until}（剩余 {left} 天）",
    ),
    (C, r"in place", "已部署"),
    (C, r"in place, its functional test passed", "已部署，功能测试通过"),
    (
        C,
        r"in place, not checked \(certificates_handshake is false\)",
        "已部署，未检查（certificates_handshake 为 false）",
    ),
    (C, r"presented by (?P<where>\S+)", "由 {where} 出示"),
]
