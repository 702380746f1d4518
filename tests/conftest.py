"""Test set-up shared by every test: plugins importable as Ansible imports them."""

from __future__ import annotations

from pathlib import Path

import pytest
from healthops_testlib import REPO


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
