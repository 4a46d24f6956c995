"""Dependency folder, requirement filtering and torch-index choice (pure logic, no QGIS),
plus a pip dry-run that the filtered pinned requirements resolve."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from segassess.segassess_qgis import deps

ROOT = Path(__file__).resolve().parents[2]


def test_platform_key_names_python_and_platform():
    assert deps.platform_key((3, 11), "linux-x86_64") == "python3.11-linux-x86_64"
    assert deps.platform_key((3, 12), "win-amd64") == "python3.12-win-amd64"
    assert deps.platform_key((3, 9), "macosx-11.0-arm64") == "python3.9-macos-arm64"


def test_target_dir_is_per_user_and_outside_plugin(tmp_path):
    home = tmp_path / "home"
    t = deps.target_dir(env={}, home=home, version_info=(3, 11), platform="linux-x86_64", os_name="linux")
    assert t == home / ".local/share/segassess/python3.11-linux-x86_64/site-packages"
    assert ROOT not in t.parents
    t = deps.target_dir(env={"XDG_DATA_HOME": str(tmp_path / "xdg")}, home=home, version_info=(3, 11),
                        platform="linux-x86_64", os_name="linux")
    assert t == tmp_path / "xdg/segassess/python3.11-linux-x86_64/site-packages"
    t = deps.target_dir(env={"LOCALAPPDATA": "C:/Users/u/AppData/Local"}, home=home, version_info=(3, 12),
                        platform="win-amd64", os_name="win32")
    assert t == Path("C:/Users/u/AppData/Local/segassess/python3.12-win-amd64/site-packages")
    t = deps.target_dir(env={}, home=home, version_info=(3, 11), platform="macosx-14.0-arm64", os_name="darwin")
    assert t == home / "Library/Application Support/segassess/python3.11-macos-arm64/site-packages"


def test_env_var_overrides_base(tmp_path):
    t = deps.target_dir(env={deps.ENV_VAR: str(tmp_path / "d")}, version_info=(3, 11), platform="linux-x86_64")
    assert t == tmp_path / "d/python3.11-linux-x86_64/site-packages"


def test_activate_puts_folder_first_once_and_processes_pth(tmp_path):
    """Installed packages must win over anything else on sys.path; .pth files must work."""
    sp = tmp_path / "sp"
    (sp / "extra").mkdir(parents=True)
    (sp / "segassess_probe_mod.py").write_text("VALUE = 42\n")
    (sp / "probe.pth").write_text(str(sp / "extra") + "\n")
    before = list(sys.path)
    try:
        assert deps.activate(tmp_path / "missing") is None
        assert deps.activate(sp) == sp
        deps.activate(sp)
        assert sys.path[0] == str(sp) and sys.path.count(str(sp)) == 1
        assert str(sp / "extra") in sys.path
        import segassess_probe_mod

        assert segassess_probe_mod.VALUE == 42
    finally:
        sys.path[:] = before
        sys.modules.pop("segassess_probe_mod", None)


def test_filter_drops_packages_qgis_ships():
    lines = ["numpy==1.26.4", "GDAL==3.6.2", "PyQt5==5.15.9", "pyqt5_sip==12.11", "torch==2.14.1",
             "rasterio==1.4.3  # comment", "# numpy", "", "-r other.txt", "segment-anything==1.0"]
    assert deps.filter_requirements(lines) == ["torch==2.14.1", "rasterio==1.4.3  # comment", "segment-anything==1.0"]


def test_filtered_project_requirements_keep_everything_but_numpy():
    reqs = deps.read_requirements(ROOT / "requirements.txt")
    names = [deps.requirement_name(r) for r in deps.filter_requirements(reqs)]
    assert "numpy" not in names
    assert {"torch", "torchvision", "segment-anything", "rasterio", "geopandas", "shapely", "pyproj",
            "scikit-image", "onnxruntime", "safetensors"} <= set(names)
    assert len(names) == len(reqs) - 1  # only numpy is a package QGIS ships
    torch, rest = deps.split_torch(deps.filter_requirements(reqs))
    assert [deps.requirement_name(r) for r in torch] == ["torch", "torchvision"]
    assert "torch" not in {deps.requirement_name(r) for r in rest}


def test_report_pins_never_include_protected():
    report = {"install": [{"metadata": {"name": "pandas", "version": "2.2.3"}},
                          {"metadata": {"name": "numpy", "version": "2.1.0"}},
                          {"metadata": {"name": "PyQt5-sip", "version": "12.15"}},
                          {"metadata": {"name": "tzdata", "version": "2025.1"}}]}
    assert deps.pins_from_report(report) == ["pandas==2.2.3", "tzdata==2025.1"]


def test_constraints_pin_the_shipped_numpy():
    assert deps.protected_constraints(lambda d: "1.24.2" if d == "numpy" else None) == ["numpy==1.24.2"]
    assert deps.protected_constraints(lambda d: None) == []


SMI = """+-----------------------------------------------------------------------------+
| NVIDIA-SMI 550.54.15    Driver Version: 550.54.15    CUDA Version: {} |
+-----------------------------------------------------------------------------+"""


@pytest.mark.parametrize("cuda, expected", [
    ("13.0", "https://download.pytorch.org/whl/cu130"),
    ("12.9", "https://download.pytorch.org/whl/cu128"),
    ("12.6", "https://download.pytorch.org/whl/cu126"),
    ("12.4", "https://download.pytorch.org/whl/cpu"),   # driver too old for every CUDA build
    ("11.8", "https://download.pytorch.org/whl/cpu"),
])
def test_torch_index_from_nvidia_smi(cuda, expected):
    assert deps.torch_index_url(deps.parse_cuda_version(SMI.format(cuda)), os_name="linux") == expected


def test_torch_index_without_gpu_and_on_macos():
    assert deps.parse_cuda_version("") is None
    assert deps.parse_cuda_version("NVIDIA-SMI has failed because it couldn't communicate") is None
    assert deps.torch_index_url(None, os_name="linux") == "https://download.pytorch.org/whl/cpu"
    assert deps.torch_index_url(None, os_name="win32") == "https://download.pytorch.org/whl/cpu"
    assert deps.torch_index_url((12, 8), os_name="darwin") is None


def test_pip_args_install_step_is_no_deps_into_target(tmp_path):
    args = deps.pip_args(["pandas==2.2.3"], tmp_path, "https://download.pytorch.org/whl/cpu", no_deps=True)
    assert args[:1] == ["install"] and "--no-deps" in args
    assert args[args.index("--target") + 1] == str(tmp_path)
    assert args[args.index("--index-url") + 1] == "https://download.pytorch.org/whl/cpu"
    assert args[-1] == "pandas==2.2.3"


def test_gpu_requirements_swap_onnxruntime_for_its_cuda_build_only_with_a_driver():
    lines = ["torch==2.14.1", "onnxruntime==1.20.1  # engine", "onnx==1.17.0"]
    assert deps.gpu_requirements(lines, None) == lines
    assert deps.gpu_requirements(lines, (12, 8)) == ["torch==2.14.1", "onnxruntime-gpu==1.20.1  # engine",
                                                     "onnx==1.17.0"]


def test_cli_print_target_honours_env(tmp_path):
    env = dict(os.environ, SEGASSESS_DEPS_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "segassess.segassess_qgis.deps", "--print-target"],
                         capture_output=True, text=True, env=env, check=True).stdout.strip()
    assert Path(out) == deps.target_dir(env={deps.ENV_VAR: str(tmp_path)})


def _pypi_reachable():
    try:
        urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=5).close()
        return None
    except Exception as e:  # noqa: BLE001 - any network failure means skip
        return f"PyPI (https://pypi.org/simple/) not reachable: {e}"


@pytest.mark.timeout(600)
def test_filtered_requirements_resolve_with_pip_dry_run(tmp_path):
    """Fast: --no-deps dry run with only binary wheels (resolves the pins, installs nothing)."""
    reason = _pypi_reachable()
    if reason:
        pytest.skip(reason)
    req = tmp_path / "filtered.txt"
    req.write_text("\n".join(deps.filter_requirements(deps.read_requirements(ROOT / "requirements.txt"))) + "\n")
    report = tmp_path / "report.json"
    res = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "--ignore-installed",
                          "--only-binary=:all:", "--disable-pip-version-check", "--target", str(tmp_path / "t"),
                          "--report", str(report), "-r", str(req)], capture_output=True, text=True, timeout=580)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    names = {deps.normalize_name(i["metadata"]["name"]) for i in json.loads(report.read_text())["install"]}
    assert names == {deps.requirement_name(l) for l in req.read_text().splitlines() if l}
    assert "numpy" not in names
    assert not (tmp_path / "t").exists()  # a dry run writes nothing


@pytest.mark.timeout(600)
def test_install_small_set_never_installs_numpy(tmp_path):
    """The real installer on a small pinned set: pandas needs numpy, yet numpy stays QGIS's."""
    reason = _pypi_reachable()
    if reason:
        pytest.skip(reason)
    target = tmp_path / "site-packages"
    lines = []
    deps.install(sys.executable, target, ["numpy==1.26.4", "pandas==2.2.3", "tqdm==4.67.1"], index_url=None, log=lines.append)
    names = {p.name.split("-")[0].lower() for p in target.glob("*.dist-info")}
    assert {"pandas", "tqdm"} <= names
    assert "numpy" not in names and not (target / "numpy").exists()
    assert any("--no-deps" in l for l in lines)
