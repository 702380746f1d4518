"""A test CA made in the test, and TLS servers on 127.0.0.1 serving its certificates (certificate audit tests).

``TestCA`` issues a root, an intermediate and leaves (SAN, days left, key) with cryptography;
``TLSServer`` is Python's ssl in a thread, presenting a given chain to every handshake on a free port of
127.0.0.1, so the audit's own TLS client reads it as it would a real nginx or Tomcat.
"""

from __future__ import annotations

import datetime
import socket
import ssl
import threading
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

DAY = datetime.timedelta(days=1)


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def make_cert(
    cn: str,
    key: Any,
    issuer: x509.Certificate | None = None,
    issuer_key: Any = None,
    days: float = 365,
    ca: bool = False,
    san: list[str] | None = None,
    extensions: list[x509.ExtensionType] | None = None,
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    start = min(now() - 30 * DAY, now() + days * DAY - DAY)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(now() + days * DAY)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in san]), critical=False)
    for extension in extensions or []:
        builder = builder.add_extension(extension, critical=False)
    return builder.sign(issuer_key or key, hashes.SHA256())


def pem(*certs: x509.Certificate) -> str:
    return "".join(c.public_bytes(Encoding.PEM).decode() for c in certs)


class TestCA:
    """A root and an intermediate; leaves issued by the intermediate."""

    __test__ = False  # not a test class

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.root_key = ec.generate_private_key(ec.SECP256R1())
        self.root = make_cert("healthops test root", self.root_key, days=3650, ca=True)
        self.inter_key = ec.generate_private_key(ec.SECP256R1())
        self.inter = make_cert("healthops test intermediate", self.inter_key, self.root, self.root_key, 1000, ca=True)
        self.ca_file = directory / "ca.pem"
        self.ca_file.write_text(pem(self.root))

    def leaf(
        self, name: str, days: float = 200, san: list[str] | None = None, key: Any = None, revocation_url: str = ""
    ) -> tuple[Any, Any]:
        """A leaf issued by the intermediate; ``revocation_url`` names <url>/ocsp and <url>/crl in it."""
        key = key or ec.generate_private_key(ec.SECP256R1())
        extensions: list[x509.ExtensionType] = []
        if revocation_url:
            uri = x509.UniformResourceIdentifier
            extensions.append(
                x509.AuthorityInformationAccess(
                    [x509.AccessDescription(AuthorityInformationAccessOID.OCSP, uri(revocation_url + "/ocsp"))]
                )
            )
            extensions.append(
                x509.CRLDistributionPoints([x509.DistributionPoint([uri(revocation_url + "/crl")], None, None, None)])
            )
        return key, make_cert(name, key, self.inter, self.inter_key, days, san=san or [name], extensions=extensions)

    def crl(self, revoked_serials: list[int]) -> bytes:
        """A DER CRL of the intermediate listing ``revoked_serials``, current for a day."""
        builder = x509.CertificateRevocationListBuilder().issuer_name(self.inter.subject)
        builder = builder.last_update(now() - DAY).next_update(now() + DAY)
        for serial in revoked_serials:
            entry = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now() - DAY).build()
            builder = builder.add_revoked_certificate(entry)
        return builder.sign(self.inter_key, hashes.SHA256()).public_bytes(Encoding.DER)

    def write(self, label: str, key: Any, chain: list[x509.Certificate]) -> tuple[Path, Path]:
        """The chain file (leaf first) and key file of a server, 0600."""
        cert_file = self.directory / (label + ".pem")
        key_file = self.directory / (label + ".key")
        cert_file.write_text(pem(*chain))
        key_file.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
        key_file.chmod(0o600)
        return cert_file, key_file


class TLSServer:
    """A TLS server on 127.0.0.1 that completes handshakes and closes; ``port`` once started."""

    def __init__(self, cert_file: Path, key_file: Path) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        # security level 0: the test server must be able to serve the weak (1024-bit) key under test
        self.context.set_ciphers("DEFAULT:@SECLEVEL=0")
        self.context.load_cert_chain(str(cert_file), str(key_file))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.sock.settimeout(0.2)  # accept() wakes up to see stop()
        self.handshakes = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _addr = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(5)
            try:
                with self.context.wrap_socket(conn, server_side=True):
                    self.handshakes += 1
            except (OSError, ssl.SSLError):  # the client refused the certificate: expected in these tests
                conn.close()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self.sock.close()
