from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jiceng_xiaofang as jx


@pytest.fixture(scope="session")
def policy() -> jx.Policy:
    return jx.load_policy()
