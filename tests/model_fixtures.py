"""Fixtures for the model tests: the seeded reference checkpoint (built once per process,
in a temp dir: it is 511 MB) and the official golden outputs from ../shared/reference.

Imported by tests/test_model_*.py (not conftest.py, which belongs to the pipeline tests).
The checkpoint is cached at module level so several test modules share one build.
"""
from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "reference"
MAKE_CKPT = SHARED / "tools" / "make_reference_checkpoint.py"
KEYS_TSV = REFERENCE / "official_state_dict_keys.tsv"
GOLDEN = ("golden_random128", "golden_aerial256")

_lock = threading.Lock()
_state: dict = {}


def require_shared(*paths: Path) -> None:
    """Skip (with the reason) when the ../shared reference material is not there."""
    for p in paths or (REFERENCE, MAKE_CKPT):
        if not p.exists():
            pytest.skip(f"{p} is absent (the ../shared folder beside the repository is not available)")


def _tmpdir() -> Path:
    if "dir" not in _state:
        d = Path(tempfile.mkdtemp(prefix="segassess_model_tests_"))
        atexit.register(cleanup)
        _state["dir"] = d
    return _state["dir"]


def cleanup() -> None:
    """Remove the 511 MB checkpoint folder (at exit; conftest calls it when it ends a QGIS process itself)."""
    d = _state.pop("dir", None)
    if d is not None:
        shutil.rmtree(d, ignore_errors=True)


def reference_checkpoint_path() -> Path:
    """Build the reference checkpoint once per process (about 5 s, 511 MB in /tmp)."""
    require_shared(MAKE_CKPT, KEYS_TSV)
    with _lock:
        if "ckpt" not in _state:
            out = _tmpdir() / "ck.pth"
            r = subprocess.run([sys.executable, str(MAKE_CKPT), str(out)], capture_output=True, text=True,
                               timeout=300)
            assert r.returncode == 0 and out.is_file(), f"make_reference_checkpoint.py failed: {r.stderr[-500:]}"
            _state["ckpt"] = out
        return _state["ckpt"]


def reference_state_dict():
    """The reference checkpoint's tensors (loaded once, weights_only)."""
    import torch

    path = reference_checkpoint_path()
    with _lock:
        if "sd" not in _state:
            _state["sd"] = torch.load(str(path), map_location="cpu", weights_only=True)
        return _state["sd"]


def golden(name: str) -> dict:
    require_shared(REFERENCE / f"{name}.npz")
    with np.load(REFERENCE / f"{name}.npz") as z:
        return {k: z[k] for k in z.files}


def golden_inputs(g: dict):
    """Official preprocessing: uint8 RGB -> float /255 CHW, no normalisation; mask float {0,1}."""
    import torch

    img = torch.from_numpy(g["image"]).permute(2, 0, 1)[None].float() / 255.0
    msk = torch.from_numpy(g["mask"].astype(np.float32))[None, None]
    return img, msk


def read_manifest():
    require_shared(KEYS_TSV)
    rows = []
    for line in KEYS_TSV.read_text().splitlines():
        key, shape, dtype = line.split("\t")
        rows.append((key, tuple(int(d) for d in shape.strip("()").split(",") if d.strip()), dtype))
    return rows


def scratch_dir() -> Path:
    return _tmpdir()


@pytest.fixture(scope="session")
def reference_checkpoint() -> Path:
    return reference_checkpoint_path()
