#!/usr/bin/env python3
"""Build dist/segassess-<version>.zip, installable with QGIS "Plugins > Install from ZIP".

Why a script: the repository root is the plugin folder, but it also holds tests, the venv,
benchmarks, CI and dev scripts that must not ship. The zip has one top folder `segassess/`
(the plugin's package name), compiled translations (lrelease on i18n/*.ts) and model weights
from models/weights/ when present (at most 25 MB in all). The zip is written atomically.

    python build_plugin.py [--out-dir dist] [--no-translations]
"""
from __future__ import annotations

import argparse
import fnmatch
import os
import runpy
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import List, Optional

ROOT = Path(__file__).resolve().parent
PLUGIN_NAME = "segassess"
MAX_WEIGHTS_BYTES = 25 * 1024 * 1024
ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed timestamps: same sources, same zip
# the project's one atomic writer and version reader, loaded by path: this script runs from a fresh clone,
# without the package installed
atomic_write = runpy.run_path(str(ROOT / "core" / "common" / "files.py"))["atomic_write"]
read_version = runpy.run_path(str(ROOT / "core" / "common" / "version.py"))["read_version"]

# Top-level folders/files of the repository that are development-only.
EXCLUDED_TOP = {
    "tests", "bench", "dist", "build", "scripts", "venv", ".venv", "env", "demo_out", "docs",
    "Makefile", "pyproject.toml", "requirements-dev.txt", "build_plugin.py", "setup.py", "setup.cfg",
    "conftest.py", "tmp",
}
# Anywhere in the tree.
EXCLUDED_NAMES = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".ipynb_checkpoints"}
EXCLUDED_PATTERNS = ["*.pyc", "*.pyo", "*.egg-info", "*.ts", "*.pro", "*~", "*.swp", "*.orig", "*.rej",
                     "*.aux.xml", "*.tmp", "*.tmp.*"]
# Dev scripts inside shipped folders.
EXCLUDED_PATHS = {"resources/make_icon.py", "resources/make_styles.py", "i18n/update_ts.py"}


def plugin_version(root: Path = ROOT) -> str:
    return read_version(Path(root) / "metadata.txt")


def find_lrelease() -> Optional[str]:
    for name in ("lrelease", "lrelease-qt5"):
        exe = shutil.which(name)
        if exe:
            return exe
    for cand in ("/usr/lib/qt5/bin/lrelease", "/usr/lib/x86_64-linux-gnu/qt5/bin/lrelease"):
        if os.access(cand, os.X_OK):
            return cand
    return None


def compile_translations(i18n_dir: Path, lrelease: Optional[str] = None) -> List[Path]:
    """lrelease each i18n/*.ts into the .qm beside it (atomically); returns the .qm files."""
    ts_files = sorted(Path(i18n_dir).glob("*.ts"))
    if not ts_files:
        return []
    lrelease = lrelease or find_lrelease()
    if not lrelease:
        raise SystemExit("lrelease not found: install qttools5-dev-tools (Debian) or Qt's linguist tools")
    out = []
    for ts in ts_files:
        # atomic_write's temporary folder is private: two builds at once (parallel test runs, make + IDE)
        # never move each other's half-written file into place or away
        def release(tmp, ts=ts):
            res = subprocess.run([lrelease, "-silent", str(ts), "-qm", str(tmp)], capture_output=True, text=True)
            if res.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
                raise SystemExit(f"lrelease failed on {ts}:\n{res.stdout}{res.stderr}")

        out.append(atomic_write(ts.with_suffix(".qm"), release))
    return out


def _excluded(rel: Path) -> bool:
    parts = rel.parts
    if parts[0] in EXCLUDED_TOP or any(p.startswith(".") for p in parts):
        return True
    if any(p in EXCLUDED_NAMES for p in parts):
        return True
    if rel.as_posix() in EXCLUDED_PATHS:
        return True
    return any(fnmatch.fnmatch(p, pat) for p in parts for pat in EXCLUDED_PATTERNS)


def plugin_files(root: Path = ROOT) -> List[Path]:
    """Relative paths of everything that ships, sorted; weights capped at MAX_WEIGHTS_BYTES."""
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        dirnames[:] = sorted(d for d in dirnames if not _excluded(rel_dir / d))
        for f in sorted(filenames):
            rel = rel_dir / f
            if not _excluded(rel) and (root / rel).is_file() and not (root / rel).is_symlink():
                files.append(rel)
    weights = [f for f in files if f.parts[:2] == ("models", "weights")]
    total = sum((root / f).stat().st_size for f in weights)
    if total > MAX_WEIGHTS_BYTES:
        raise SystemExit(f"models/weights holds {total / 2**20:.1f} MB; a plugin zip may carry at most "
                         f"{MAX_WEIGHTS_BYTES / 2**20:.0f} MB (host larger weights and download them)")
    return sorted(files)


def build(root: Path = ROOT, out_dir: Optional[Path] = None, translations: bool = True) -> Path:
    """Write <out_dir>/segassess-<version>.zip and return its path."""
    root = Path(root)
    out_dir = Path(out_dir) if out_dir is not None else root / "dist"
    if translations:
        compile_translations(root / "i18n")
    files = plugin_files(root)
    for required in ("__init__.py", "metadata.txt"):
        if Path(required) not in files:
            raise SystemExit(f"{required} missing: {root} is not a QGIS plugin folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PLUGIN_NAME}-{plugin_version(root)}.zip"

    def write_zip(tmp):
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for d in [Path(".")] + sorted({p for f in files for p in f.parents if p != Path(".")}):
                info = zipfile.ZipInfo(f"{PLUGIN_NAME}/{d.as_posix()}/".replace("/./", "/"), ZIP_DATE)
                info.external_attr = (0o40755 << 16) | 0x10  # a directory, rwxr-xr-x
                zf.writestr(info, b"")
            for rel in files:
                info = zipfile.ZipInfo(f"{PLUGIN_NAME}/{rel.as_posix()}", ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, (root / rel).read_bytes())

    return atomic_write(target, write_zip)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", type=Path, default=ROOT / "dist")
    ap.add_argument("--no-translations", action="store_true", help="skip lrelease (ship existing .qm files)")
    a = ap.parse_args(argv)
    z = build(ROOT, a.out_dir, translations=not a.no_translations)
    with zipfile.ZipFile(z) as zf:
        n = len([i for i in zf.infolist() if not i.is_dir()])
    print(f"{z} ({n} files, {z.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
