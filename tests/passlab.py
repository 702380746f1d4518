"""A pass (passwordstore.org) store made in the test: a GnuPG home of its own with a key without a
passphrase, ``pass init`` on it, and the gpg-agent it starts stopped again.

    with pass_store() as (store_dir, env):   # env: PASSWORD_STORE_DIR and GNUPGHOME set
        subprocess.run(["pass", "show", "x"], env=env)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def pass_store() -> Iterator[tuple[str, dict[str, str]]]:
    # A short directory: gpg-agent's socket path must stay under the kernel's 108 bytes.
    home = Path(tempfile.mkdtemp(prefix="hopspass"))
    gnupg, store = home / "g", home / "s"
    gnupg.mkdir(mode=0o700)
    env = dict(os.environ, GNUPGHOME=str(gnupg), PASSWORD_STORE_DIR=str(store))
    run = lambda *argv: subprocess.run(argv, env=env, check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
            "--quick-gen-key", "healthops test <pass@test.invalid>", "ed25519", "default", "never")  # fmt: skip
        run("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
            "--quick-add-key", _fingerprint(env), "cv25519", "encr", "never")  # fmt: skip
        run("pass", "init", "pass@test.invalid")
        yield str(store), env
    finally:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, check=False, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def _fingerprint(env: dict[str, str]) -> str:
    out = subprocess.run(["gpg", "--batch", "--with-colons", "--list-keys"], env=env, check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    return next(line.split(":")[9] for line in out.splitlines() if line.startswith("fpr:"))
