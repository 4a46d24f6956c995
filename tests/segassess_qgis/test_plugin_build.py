"""The release zip: what QGIS "Install from ZIP" gets must be one `segassess/` folder with the
plugin, translations and styles, and none of the development files."""
from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import build_plugin  # noqa: E402

sys.path.remove(str(ROOT))


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory):
    return build_plugin.build(ROOT, tmp_path_factory.mktemp("dist"))


def test_zip_name_and_single_top_folder(plugin_zip):
    assert plugin_zip.name == f"segassess-{build_plugin.plugin_version(ROOT)}.zip" == "segassess-0.1.0.zip"
    with zipfile.ZipFile(plugin_zip) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
    assert {n.split("/")[0] for n in names} == {"segassess"}
    for required in ("__init__.py", "metadata.txt", "requirements.txt", "resources/icon.png",
                     "resources/quality.qml", "resources/fp_outline.qml", "resources/fn_outline.qml",
                     "segassess_qgis/plugin.py", "segassess_qgis/provider.py", "segassess_qgis/deps.py",
                     "core/__init__.py", "models/__init__.py",
                     "i18n/segassess_zh_CN.qm", "i18n/segassess_fr.qm"):
        assert f"segassess/{required}" in names, required


def test_zip_modes_are_sane(plugin_zip):
    """Files rw-r--r--, folders rwxr-xr-x (extracted by unzip or QGIS alike), the zip itself readable."""
    with zipfile.ZipFile(plugin_zip) as zf:
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
        dirs = {i.filename for i in zf.infolist() if i.is_dir()}
    assert "segassess/" in dirs and "segassess/segassess_qgis/runtime/" in dirs
    assert {modes[d] for d in dirs} == {0o755}
    assert {m for n, m in modes.items() if n not in dirs} == {0o644}
    assert plugin_zip.stat().st_mode & 0o777 == 0o644


def test_zip_has_no_development_files(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as zf:
        rel = [n.split("/", 1)[1] for n in zf.namelist() if "/" in n]
    tops = {r.split("/")[0] for r in rel if r}
    assert not tops & {"tests", "bench", "dist", "scripts", ".git", ".ci", ".venv", "build", "demo_out"}
    assert not [r for r in rel if r.endswith((".pyc", ".ts")) or "__pycache__" in r or ".egg-info" in r]
    assert "build_plugin.py" not in rel and "Makefile" not in rel


def test_zip_metadata_is_complete(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as zf:
        text = zf.read("segassess/metadata.txt").decode("utf-8")
    cp = configparser.ConfigParser(interpolation=None)
    cp.read_string(text)
    g = cp["general"]
    assert g["name"] == "SegAssess" and g["version"] == "0.1.0" and g["qgisMinimumVersion"] == "3.22"
    assert g["hasProcessingProvider"] == "yes" and g["experimental"] == "True"
    assert g["icon"] == "resources/icon.png"
    # an empty key such as `plugin_dependencies=` makes Install from ZIP fail on QGIS 3.22 (KeyError
    # 'use_stable_version') and open an empty "Plugin dependencies" dialog on 3.40
    assert [k for k, v in g.items() if not v.strip()] == []
    for key in ("repository", "tracker", "homepage"):
        assert g[key].startswith("https://github.com/segassess/segassess-qgis"), key
    for key in ("description", "about", "author", "email", "tags", "changelog"):
        assert g[key].strip(), key


def test_weights_over_limit_are_refused(tmp_path):
    """A zip over QGIS's plugin-repository size budget must fail loudly, not ship."""
    (tmp_path / "models" / "weights").mkdir(parents=True)
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "metadata.txt").write_text("[general]\nversion=9.9\n")
    (tmp_path / "models" / "weights" / "small.pt").write_bytes(b"x" * 1000)
    z = build_plugin.build(tmp_path, tmp_path / "dist", translations=False)
    with zipfile.ZipFile(z) as zf:
        assert "segassess/models/weights/small.pt" in zf.namelist()
    with open(tmp_path / "models" / "weights" / "big.pt", "wb") as f:
        f.truncate(build_plugin.MAX_WEIGHTS_BYTES + 1)
    with pytest.raises(SystemExit, match="at most 25 MB"):
        build_plugin.build(tmp_path, tmp_path / "dist2", translations=False)
    assert not (tmp_path / "dist2" / "segassess-9.9.zip").exists()


LOAD = r"""
import json, os, sys
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
import qgis.utils
plugins_dir = sys.argv[1]
sys.path.insert(0, plugins_dir)
qgis.utils.plugin_paths = [plugins_dir]
qgis.utils.updateAvailablePlugins()
assert "segassess" in qgis.utils.available_plugins, qgis.utils.available_plugins
reg = QgsApplication.processingRegistry()
out = {"rounds": []}
for round_ in range(2):  # load, unload, load again: a reload must not leak or duplicate
    assert qgis.utils.loadPlugin("segassess")
    import segassess
    r = {"file": segassess.__file__}
    r["started"] = qgis.utils.startProcessingPlugin("segassess")
    p = reg.providerById("segassess")
    r["registered"] = p is not None
    r["n_providers"] = sum(1 for q in reg.providers() if q.id() == "segassess")
    r["algorithms"] = sorted(a.id() for a in p.algorithms()) if p else []
    r["torch_loaded"] = "torch" in sys.modules
    r["deps_on_path"] = os.environ["SEGASSESS_DEPS_DIR"] in sys.path[0]
    r["unloaded"] = qgis.utils.unloadPlugin("segassess")
    r["registered_after_unload"] = reg.providerById("segassess") is not None
    r["modules_left"] = sorted(m for m in sys.modules if m == "segassess" or m.startswith("segassess."))
    out["rounds"].append(r)
print(json.dumps(out))
app.exitQgis()
"""


def test_zip_installs_and_loads_in_qgis(plugin_zip, tmp_path):
    """Unzip into a profile's plugin folder, load it as QGIS does, check the provider comes and goes."""
    plugins = tmp_path / "profile" / "python" / "plugins"
    with zipfile.ZipFile(plugin_zip) as zf:
        zf.extractall(plugins)
    deps_dir = tmp_path / "deps"
    (deps_dir / build_plugin_key()).mkdir(parents=True)
    (deps_dir / build_plugin_key() / "site-packages").mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SEGASSESS_DEPS_DIR=str(deps_dir),
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    res = subprocess.run([sys.executable, "-c", LOAD, str(plugins)], capture_output=True, text=True,
                         env=env, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    for r in out["rounds"]:
        assert Path(r["file"]).parent == plugins / "segassess"  # the unzipped copy, not the repo
        assert r["started"] and r["registered"] and r["n_providers"] == 1
        assert r["algorithms"] and all(a.startswith("segassess:") for a in r["algorithms"])
        assert not r["torch_loaded"]
        assert r["deps_on_path"]
        assert r["unloaded"] and not r["registered_after_unload"]
        assert r["modules_left"] == []


def build_plugin_key():
    from segassess.segassess_qgis.deps import platform_key

    return platform_key()


def test_qgis_process_lists_the_algorithms(plugin_zip, tmp_path):
    """The headless path users script with: qgis_process loads the provider via initProcessing()."""
    exe = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
    if exe is None:
        pytest.skip("qgis_process is not installed")
    plugins = tmp_path / "plugins"
    with zipfile.ZipFile(plugin_zip) as zf:
        zf.extractall(plugins)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(plugins),
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"), SEGASSESS_DEPS_DIR=str(tmp_path / "deps"),
               LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    subprocess.run([exe, "plugins", "enable", "segassess"], env=env, capture_output=True, timeout=300, check=True)
    out = subprocess.run([exe, "list"], env=env, capture_output=True, text=True, timeout=300).stdout
    assert "segassess:assess\tAssess segmentation quality" in out
    assert "segassess:reference" in out


def test_concurrent_builds_do_not_race_on_translations(tmp_path):
    """Two builds at once (parallel test sessions share i18n/) each compile the .qm files safely."""
    from concurrent.futures import ThreadPoolExecutor

    if not build_plugin.find_lrelease():
        pytest.skip("lrelease is not installed")
    i18n = tmp_path / "i18n"
    i18n.mkdir()
    for ts in (ROOT / "i18n").glob("*.ts"):
        shutil.copy(ts, i18n)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: build_plugin.compile_translations(i18n), range(8)))
    assert all(sorted(p.name for p in r) == ["segassess_fr.qm", "segassess_zh_CN.qm"] for r in results)
    assert sorted(p.name for p in i18n.iterdir()) == ["segassess_fr.qm", "segassess_fr.ts", "segassess_zh_CN.qm",
                                                     "segassess_zh_CN.ts"]  # no leftover .part files
