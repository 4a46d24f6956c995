"""Optional heavy dependencies (torch, rasterio, ...) for the plugin, kept OUTSIDE the plugin folder.

Why: QGIS ships its own Python with GDAL, numpy and PyQt5; pip-installing into it (or into the
plugin folder, wiped on every plugin update) is the most common way deep-learning plugins break
QGIS. SegAssess installs its pinned requirements into a per-user folder keyed by Python version
and platform, e.g. ``~/.local/share/segassess/python3.11-linux-x86_64/site-packages``
(base folder overridable with ``SEGASSESS_DEPS_DIR``), and puts it on ``sys.path`` when the plugin
loads. Packages QGIS ships (numpy, GDAL, PyQt5, ...) are never installed there.

Usable without QGIS, with the Python to install for (QGIS's)::

    python3 <plugin folder>/segassess_qgis/deps.py --check | --install | --print-target

Everything except `install` is pure logic and imports nothing heavy. The check imports what the
algorithms import, as they do (runtime/imports.py); the plugin runs it in a child of QGIS's Python.
With an NVIDIA driver the CUDA build of torch and onnxruntime-gpu are installed, else the CPU-only
torch (no triton, a third of the download) and onnxruntime.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Callable, Iterable, List, Optional, Sequence

ENV_VAR = "SEGASSESS_DEPS_DIR"
PLUGIN_DIR = Path(__file__).resolve().parent.parent
REQUIREMENTS_FILE = PLUGIN_DIR / "requirements.txt"

# Distributions QGIS's own Python provides; installing a second copy into the dependency folder
# would shadow them and break GDAL/Qt bindings compiled against the shipped versions.
PROTECTED = frozenset({
    "numpy", "gdal", "pygdal", "pyqt5", "pyqt5-sip", "pyqt5-qt5", "sip", "qgis", "pyqgis",
    "qscintilla", "pyqt5-qscintilla", "pyqtwebkit", "pyqt5-webkit", "pyqtchart",
})

TORCH_PACKAGES = frozenset({"torch", "torchvision"})
TORCH_INDEX_BASE = "https://download.pytorch.org/whl"
# CUDA builds published for the pinned torch, newest first. A build needs a driver whose
# reported "CUDA Version" is at least the build's version.
TORCH_CUDA_BUILDS = ((13, 0), (12, 8), (12, 6))
# distribution -> its CUDA build on PyPI (same version numbers)
GPU_VARIANTS = {"onnxruntime": "onnxruntime-gpu"}

_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


# ---------------------------------------------------------------- folder logic
def normalize_name(name: str) -> str:
    """PEP 503 name normalisation, so `PyQt5_sip`, `pyqt5-sip` and `PYQT5.SIP` compare equal."""
    return re.sub(r"[-_.]+", "-", name).lower()


def platform_key(version_info: Sequence[int] = None, platform: str = None) -> str:
    """`python3.11-linux-x86_64`: compiled wheels only work for one Python minor and platform."""
    vi = tuple(version_info or sys.version_info)[:2]
    plat = platform or sysconfig.get_platform()
    plat = plat.lower().replace(" ", "-")
    m = re.match(r"macosx-[\d.]+-(.+)", plat)  # macosx-11.0-arm64 -> macos-arm64 (OS version irrelevant)
    if m:
        plat = "macos-" + m.group(1)
    return f"python{vi[0]}.{vi[1]}-{plat}"


def default_base_dir(env: Optional[dict] = None, home: Optional[Path] = None, os_name: str = None) -> Path:
    """Per-user data folder (never the plugin folder, which QGIS replaces on every update)."""
    env = os.environ if env is None else env
    home = Path(home) if home is not None else Path.home()
    os_name = os_name or sys.platform
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR]).expanduser()
    if os_name.startswith("win"):
        root = env.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(root) / "segassess"
    if os_name == "darwin":
        return home / "Library" / "Application Support" / "segassess"
    return Path(env.get("XDG_DATA_HOME") or home / ".local" / "share") / "segassess"


def target_dir(env: Optional[dict] = None, home: Optional[Path] = None, version_info=None,
               platform: str = None, os_name: str = None) -> Path:
    """`<base>/<python-platform key>/site-packages`: the folder pip installs into and sys.path gets."""
    return default_base_dir(env, home, os_name) / platform_key(version_info, platform) / "site-packages"


def activate(path: Optional[Path] = None) -> Optional[Path]:
    """Put the dependency folder first on sys.path (idempotent); call before any heavy import.

    Returns the folder, or None when nothing is installed there yet. `.pth` files are honoured.
    """
    import site

    path = Path(path) if path is not None else target_dir()
    if not path.is_dir():
        return None
    p = str(path)
    if p not in sys.path:
        sys.path.insert(0, p)
        site.addsitedir(p)  # already on sys.path, so this only processes .pth files
    importlib.invalidate_caches()
    return path


# ---------------------------------------------------------------- requirement filtering
def requirement_name(line: str) -> Optional[str]:
    """The normalised distribution name of a requirement line, None for comments/options/blank."""
    line = line.split("#", 1)[0].strip()
    if not line or line.startswith("-"):
        return None
    m = _REQ_NAME.match(line)
    return normalize_name(m.group(1)) if m else None


def read_requirements(path: Path = REQUIREMENTS_FILE) -> List[str]:
    """Requirement lines of a pip requirements file (comments, blanks and -r/-c options dropped)."""
    out = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        if requirement_name(raw):
            out.append(raw.split("#", 1)[0].strip())
    return out


def filter_requirements(lines: Iterable[str], protected: Iterable[str] = PROTECTED) -> List[str]:
    """Drop requirements on packages QGIS ships (numpy, GDAL, PyQt5, ...); keep order."""
    prot = {normalize_name(p) for p in protected}
    return [l for l in lines if requirement_name(l) and requirement_name(l) not in prot]


def split_torch(lines: Iterable[str]):
    """(torch/torchvision lines, the rest): torch comes from the PyTorch index, the rest from PyPI."""
    lines = list(lines)
    torch = [l for l in lines if requirement_name(l) in TORCH_PACKAGES]
    return torch, [l for l in lines if requirement_name(l) not in TORCH_PACKAGES]


def protected_constraints(version_of: Callable[[str], Optional[str]] = None) -> List[str]:
    """`numpy==<QGIS's version>` etc.: makes pip pick wheels that work with what QGIS ships."""
    version_of = version_of or _installed_version
    out = []
    for name in ("numpy",):
        v = version_of(name)
        if v:
            out.append(f"{name}=={v}")
    return out


def _installed_version(dist: str) -> Optional[str]:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


# ---------------------------------------------------------------- torch wheel choice
def parse_cuda_version(nvidia_smi_output: str):
    """(major, minor) from nvidia-smi's banner `CUDA Version: 12.4`, None if absent."""
    m = re.search(r"CUDA Version\s*:\s*(\d+)\.(\d+)", nvidia_smi_output or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def torch_index_url(cuda_version, os_name: str = None) -> Optional[str]:
    """The PyTorch wheel index to use: newest CUDA build the driver supports, else the CPU index.

    macOS wheels (MPS) live on PyPI itself, so there it returns None (no extra index).
    """
    os_name = os_name or sys.platform
    if os_name == "darwin":
        return None
    if cuda_version:
        for build in TORCH_CUDA_BUILDS:
            if tuple(cuda_version) >= build:
                return f"{TORCH_INDEX_BASE}/cu{build[0]}{build[1]}"
    return f"{TORCH_INDEX_BASE}/cpu"


def detect_cuda_version(run=subprocess.run):
    """The driver's CUDA version via `nvidia-smi`, None without an NVIDIA GPU/driver."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return None
    try:
        res = run([exe], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_cuda_version(res.stdout) if res.returncode == 0 else None


def gpu_requirements(lines: Iterable[str], cuda_version) -> List[str]:
    """With a CUDA driver, `onnxruntime==x` becomes `onnxruntime-gpu==x` (GPU_VARIANTS); else unchanged."""
    lines = list(lines)
    if not cuda_version:
        return lines
    out = []
    for line in lines:
        name = requirement_name(line)
        if name in GPU_VARIANTS:
            m = _REQ_NAME.match(line)
            line = GPU_VARIANTS[name] + line[m.end():]
        out.append(line)
    return out


# ---------------------------------------------------------------- installing
def pip_args(requirements: Sequence[str], target: Path, index_url: Optional[str] = None,
             constraints: Optional[Path] = None, dry_run: bool = False, report: Optional[Path] = None,
             no_deps: bool = False) -> List[str]:
    """pip arguments (after `python -m pip`) for one install step; pure, so it can be tested."""
    args = ["install", "--disable-pip-version-check", "--no-input", "--only-binary=:all:",
            "--upgrade", "--target", str(target)]
    if dry_run:
        args += ["--dry-run", "--ignore-installed"]
    if report is not None:
        args += ["--report", str(report)]
    if no_deps:
        args.append("--no-deps")
    if index_url:
        args += ["--index-url", index_url]
    if constraints is not None:
        args += ["-c", str(constraints)]
    return args + list(requirements)


def pins_from_report(report: dict, protected: Iterable[str] = PROTECTED) -> List[str]:
    """`name==version` for everything a pip `--report` would install, minus protected packages."""
    prot = {normalize_name(p) for p in protected}
    pins = []
    for item in report.get("install", []):
        meta = item.get("metadata", {})
        name, ver = meta.get("name"), meta.get("version")
        if name and ver and normalize_name(name) not in prot:
            pins.append(f"{name}=={ver}")
    return pins


def install(python: str, target: Optional[Path] = None, requirements: Optional[Sequence[str]] = None,
            index_url: Optional[str] = "auto", log: Callable[[str], None] = print) -> Path:
    """Install the pinned requirements (minus protected packages) for `python` into `target`.

    `python` is the interpreter of QGIS's Python installation (inside QGIS sys.executable is not:
    runtime/interpreter.py finds it).
    Two steps per index (PyTorch index for torch/torchvision, PyPI for the rest):
    a dry run with `--report` resolves the full dependency set against QGIS's numpy version,
    then the resolved set without protected packages is installed with `--no-deps`, so pip can
    never pull in or upgrade numpy/GDAL/PyQt5. Raises RuntimeError with pip's output on failure.
    """
    target = Path(target) if target is not None else target_dir()
    reqs = filter_requirements(requirements if requirements is not None else read_requirements())
    if index_url == "auto":
        cuda = detect_cuda_version()
        index_url = torch_index_url(cuda)
        reqs = gpu_requirements(reqs, cuda)
        log(f"nvidia-smi CUDA version: {'%d.%d' % cuda if cuda else 'none'} -> torch index {index_url or 'PyPI'}")
    target.mkdir(parents=True, exist_ok=True)
    torch_reqs, other_reqs = split_torch(reqs)
    with tempfile.TemporaryDirectory(prefix="segassess-pip-") as tmp:
        tmp = Path(tmp)
        cons = tmp / "constraints.txt"
        cons.write_text("\n".join(protected_constraints()) + "\n", encoding="utf-8")
        for i, (group, idx) in enumerate(((torch_reqs, index_url), (other_reqs, None))):
            if not group:
                continue
            rep = tmp / f"report{i}.json"
            _run_pip(python, pip_args(group, tmp / "dry", idx, cons, dry_run=True, report=rep), log)
            pins = pins_from_report(json.loads(rep.read_text(encoding="utf-8")))
            log(f"installing {len(pins)} packages into {target}: {' '.join(pins)}")
            _run_pip(python, pip_args(pins, target, idx, None, no_deps=True), log)
    return target


def _run_pip(python: str, args: Sequence[str], log: Callable[[str], None]) -> None:
    cmd = [python, "-m", "pip"] + list(args)
    log("$ " + " ".join(cmd))
    env = dict(os.environ, PYTHONNOUSERSITE="1")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    tail = []
    for line in proc.stdout:
        line = line.rstrip()
        tail = (tail + [line])[-40:]
        log(line)
    if proc.wait() != 0:
        raise RuntimeError(f"pip failed (exit {proc.returncode}):\n" + "\n".join(tail))


def _check(target: Path, as_json: bool) -> int:
    """The algorithms' imports (runtime/imports.py), from this plugin folder run as a script."""
    activate(target)
    root, name = PLUGIN_DIR.parent, PLUGIN_DIR.name
    if not name.isidentifier():  # a checkout named like 'wt-x': import it through a link named 'segassess'
        root, name = Path(tempfile.mkdtemp(prefix="segassess-check-")), "segassess"
        (root / name).symlink_to(PLUGIN_DIR, target_is_directory=True)
    sys.path.insert(0, str(root))
    return importlib.import_module(f"{name}.segassess_qgis.runtime.imports").main(["--json"] if as_json else [])


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 segassess_qgis/deps.py",
                                 description="Check or install SegAssess's dependencies for this Python.")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--check", action="store_true", help="import what the algorithms import (default)")
    g.add_argument("--install", action="store_true", help="pip-install the pinned requirements into the target")
    g.add_argument("--print-target", action="store_true", help="print the dependency folder and exit")
    ap.add_argument("--target", type=Path, help=f"install folder (default: per-user folder; env {ENV_VAR})")
    ap.add_argument("--index-url", default="auto", help="torch index URL (default: chosen from nvidia-smi)")
    ap.add_argument("--json", action="store_true", help="with --check: print the result as JSON")
    a = ap.parse_args(argv)
    tgt = a.target or target_dir()
    if a.print_target:
        print(tgt)
        return 0
    if a.install:
        try:
            install(sys.executable, tgt, index_url=a.index_url)
        except RuntimeError as e:
            print(e, file=sys.stderr)
            return 1
    if not a.json:
        print(f"dependency folder: {tgt}{'' if tgt.is_dir() else ' (not created yet)'}")
    return _check(tgt, a.json)


if __name__ == "__main__":
    sys.exit(main())
