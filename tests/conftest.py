"""Shared test fixtures: the ../shared/data samples (skipped cleanly when absent) and
generated fixtures in several CRSs."""
import os
import sys
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


@pytest.fixture
def small_filesystem(tmp_path):
    """mount(size) -> a folder on a real, freshly mounted tmpfs of that size (a disk that fills up).

    Needs root (CI runs as root); elsewhere the test is skipped with the reason."""
    import subprocess

    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill a real disk needs root")
    mounts = []

    def mount(size: str) -> Path:
        point = tmp_path / f"fs{len(mounts)}"
        point.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)], check=True)
        mounts.append(point)
        return point

    yield mount
    for point in reversed(mounts):
        subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    session.config.segassess_exitstatus = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """With QGIS loaded in this process, end it here with pytest's own exit status, once pytest has
    reported everything: left to the interpreter's finalisation, QGIS's C++ objects are destroyed after
    the Python side of Processing providers and layers they refer to, and the process may die in a
    segmentation fault after every test passed (exit 139 seen on QGIS 3.40; QgsApplication.exitQgis at
    exit, as QGIS's own test harness does, gave a double free on 3.22). The tests' own temporary
    folders are removed first."""
    if "qgis.core" not in sys.modules or not hasattr(config, "segassess_exitstatus"):
        return
    model_fixtures = sys.modules.get("model_fixtures")
    if model_fixtures is not None:
        model_fixtures.cleanup()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(config.segassess_exitstatus)
