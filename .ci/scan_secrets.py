#!/usr/bin/env python3
"""Secret scanner of the pre-commit hook ``secrets``: detect-secrets over the given files, against
the reviewed findings in ``.secrets.baseline``.

A finding is known when the baseline holds the same file and the same hashed secret; its line
number may have moved (``detect-secrets-hook`` would rewrite the baseline then and fail the run,
which fails every commit that merely shifts a reviewed line). This script never writes. Exit 1
names each new finding (file, line, kind); to accept a false positive, write
``# pragma: allowlist secret`` on its line, or rescan and review the baseline:
``.venv/bin/detect-secrets scan --baseline .secrets.baseline && .venv/bin/detect-secrets audit .secrets.baseline``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from detect_secrets import SecretsCollection
from detect_secrets.settings import transient_settings

BASELINE = ".secrets.baseline"


def known_findings(baseline: dict) -> set[tuple[str, str]]:
    """(file, hashed secret) of each reviewed finding of a baseline document."""
    return {(name, item["hashed_secret"]) for name, items in baseline.get("results", {}).items() for item in items}


def new_findings(found: Iterable[tuple[str, int, str, str]], known: set[tuple[str, str]]) -> list[str]:
    """``file:line: kind`` of each finding (file, line, kind, hashed secret) not in ``known``."""
    return sorted(f"{name}:{line}: {kind}" for name, line, kind, digest in found if (name, digest) not in known)


def scan(files: list[str], baseline: dict) -> list[tuple[str, int, str, str]]:
    """Every finding in ``files`` with the baseline's plugins and filters (the settings it was made with)."""
    settings = {"plugins_used": baseline.get("plugins_used", []), "filters_used": baseline.get("filters_used", [])}
    with transient_settings(settings):
        secrets = SecretsCollection()
        for name in files:
            secrets.scan_file(name)
    return [(name, s.line_number, s.type, s.secret_hash) for name, s in secrets]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--baseline", default=BASELINE)
    args = parser.parse_args(argv)
    baseline = json.loads(Path(args.baseline).read_text(encoding="utf-8"))
    problems = new_findings(scan(args.files, baseline), known_findings(baseline))
    for problem in problems:
        print(f"possible secret: {problem}", file=sys.stderr)
    if problems:
        print(
            f"{len(problems)} possible secret(s); see .ci/scan_secrets.py for how to accept a false positive",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
