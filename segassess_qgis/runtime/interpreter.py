"""Which process the plugin runs in, and the one Python interpreter it starts children with.

Inside the QGIS applications (qgis, qgis_process) `sys.executable` is not that application but
whatever `python3` the embedded interpreter found first on PATH (a pyenv shim, a conda Python:
another Python with other packages), so neither the dependency check nor pip nor the campaign
command may trust it. The interpreter of QGIS's own Python installation is found from
`sys.base_exec_prefix` instead and checked by running it. No Qt or QGIS import here.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ENV_PYTHON = "SEGASSESS_PYTHON"  # an interpreter chosen by the user (another installation, a venv)
NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window for children
_FOUND: dict = {}


def in_qgis_binary() -> bool:
    """True inside qgis / qgis_process (a QGIS executable embedding Python), False in a python."""
    if os.path.exists("/proc/self/exe"):  # Linux: the real executable, whatever sys.executable says
        exe = os.path.basename(os.path.realpath("/proc/self/exe"))
    else:
        exe = Path(sys.executable or "").name
    return not exe.lower().startswith("python")


def _candidates() -> list:
    vi = sys.version_info
    names = (f"python{vi[0]}.{vi[1]}", f"python{vi[0]}", "python")
    out = []
    if not in_qgis_binary() and sys.executable:
        out.append(sys.executable)
    for base in dict.fromkeys((sys.exec_prefix, sys.base_exec_prefix)):
        for folder in (Path(base) / "bin", Path(base)):
            for n in names:
                out += [str(folder / n), str(folder / f"{n}.exe")]
    out += [shutil.which(n) for n in names]
    return [c for c in dict.fromkeys(out) if c and os.path.isfile(c)]


def same_python(candidate: str) -> bool:
    """Whether `candidate` is this process's Python (same version and installation): it then sees
    QGIS's numpy/GDAL, and compiled wheels of the dependency folder fit it."""
    code = "import sys; print('%d.%d' % sys.version_info[:2]); print(sys.base_exec_prefix)"
    try:
        res = subprocess.run([candidate, "-c", code], capture_output=True, text=True, timeout=60, check=False,
                             stdin=subprocess.DEVNULL, creationflags=NO_WINDOW)
    except (OSError, subprocess.SubprocessError):
        return False
    lines = res.stdout.strip().splitlines()
    if res.returncode != 0 or len(lines) < 2:
        return False
    same_version = lines[0] == "%d.%d" % sys.version_info[:2]
    return same_version and os.path.realpath(lines[1]) == os.path.realpath(sys.base_exec_prefix)


def python_interpreter() -> str:
    """The Python to run children with (dependency check, pip, the campaign command).

    SEGASSESS_PYTHON when set; else this process's interpreter in a python process; inside QGIS
    <exec_prefix>/bin/python3.X (<exec_prefix>/python.exe on Windows), checked by running it; as a
    last resort another Python on PATH (its import errors then name it). RuntimeError when none.
    """
    forced = os.environ.get(ENV_PYTHON)
    if forced:
        return forced
    if "exe" not in _FOUND:
        candidates = _candidates()
        found = next((c for c in candidates if same_python(c)), None)
        if found is None and candidates:
            found = candidates[-1]
        if found is None:
            raise RuntimeError(f"no Python interpreter found (QGIS's Python is {sys.exec_prefix}); install Python 3 "
                               f"or set {ENV_PYTHON} to its path")
        _FOUND["exe"] = found
    return _FOUND["exe"]


def package_name() -> str:
    """The plugin's top-level package as QGIS imported it (the plugin folder's name)."""
    return __name__.split(".")[0]


def plugin_dir() -> Path:
    """The plugin folder as QGIS found it (symlinks kept: its name is the package's name)."""
    return Path(os.path.abspath(__file__)).parents[2]


def package_root(scratch: Path) -> Path | None:
    """A folder from which `import <package_name()>` gives this plugin.

    The plugin folder's parent when the folder has the package's name (an installed plugin:
    .../python/plugins/segassess); otherwise (a development checkout named differently) `scratch`
    holding a symlink of that name to the plugin. None when no such link can be made.
    """
    here = plugin_dir()
    name = package_name()
    if here.name == name:
        return here.parent
    link = Path(scratch) / name
    try:
        Path(scratch).mkdir(parents=True, exist_ok=True)
        if not (link.exists() and link.resolve() == here.resolve()):
            if link.is_symlink():
                link.unlink()
            link.symlink_to(here, target_is_directory=True)
    except OSError:
        return None
    return Path(scratch)


def child_environment(scratch: Path, dependency_dir: Path | None, base: dict | None = None) -> dict:
    """A child's environment: the plugin's package and the plugin's dependency folder first on
    PYTHONPATH (it also reaches the Dask worker processes, unlike sys.path), unbuffered UTF-8."""
    env = dict(os.environ if base is None else base)
    paths = []
    root = package_root(scratch)
    if root is not None:
        paths.append(str(root))
    if dependency_dir is not None and Path(dependency_dir).is_dir():
        paths.append(str(dependency_dir))
    old = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths + old))
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env
