"""Shared test fixtures: the ../shared/data samples (skipped cleanly when absent) and
generated fixtures in several CRSs."""
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"


def shared_data(sub: str) -> Path:
    """Path of a sample folder in ../shared/data, or skip the test saying why."""
    p = DATA / sub
    if not p.exists():
        pytest.skip(f"sample data {p} is absent (the ../shared folder beside the repository is not available)")
    return p


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fixtures")


@pytest.fixture(scope="session")
def make_fixture(fixture_dir):
    from fixtures.make_fixtures import make_fixture as _make

    cache = {}

    def get(kind):
        if kind not in cache:
            cache[kind] = _make(fixture_dir / kind, kind)
        return cache[kind]

    return get
