"""initGui/unload with a real main window: the "SegAssess" menu, the translator for the QGIS
locale, and a clean unload (plugin reloads must not leave menus, providers or translators)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import build_plugin  # noqa: E402

sys.path.remove(str(ROOT))

GUI = r"""
import json, sys
from qgis.core import QgsApplication, QgsSettings
app = QgsApplication([], True)
app.initQgis()
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QMainWindow, QMenu
from qgis.gui import QgsMessageBar

class Iface:
    # Headless stand-in for QgisInterface: a real QMainWindow with a Plugins menu, implementing
    # the calls the plugin makes the way QGIS does (sub-menu per name, removed when empty).
    def __init__(self):
        self.window = QMainWindow()
        self.plugins = self.window.menuBar().addMenu("Plugins")
        self.bar = QgsMessageBar()
    def mainWindow(self):
        return self.window
    def messageBar(self):
        return self.bar
    def _sub(self, name):
        for a in self.plugins.actions():
            if a.menu() is not None and a.text() == name:
                return a.menu()
        return None
    def addPluginToMenu(self, name, action):
        sub = self._sub(name) or self.plugins.addMenu(name)
        sub.addAction(action)
    def removePluginMenu(self, name, action):
        sub = self._sub(name)
        if sub is None:
            return
        sub.removeAction(action)
        if not sub.actions():
            self.plugins.removeAction(sub.menuAction())
            sub.deleteLater()

s = QgsSettings()
s.setValue("locale/overrideFlag", True)
s.setValue("locale/userLocale", sys.argv[2])
plugins_dir = sys.argv[1]
sys.path.insert(0, plugins_dir)
import segassess
iface = Iface()
reg = QgsApplication.processingRegistry()
def menu_state():
    return [(a.text(), [x.text() for x in a.menu().actions()]) for a in iface.plugins.actions() if a.menu()]
out = {"file": segassess.__file__, "rounds": []}
for _ in range(2):  # QGIS plugin reloader: unload then load again
    plugin = segassess.classFactory(iface)
    plugin.initGui()
    r = {"menus": menu_state(),
         "providers": sum(1 for p in reg.providers() if p.id() == "segassess"),
         "translated": QCoreApplication.translate("SegAssess", "About"),
         "alg_name": reg.algorithmById("segassess:assess").displayName(),
         "torch": "torch" in sys.modules}
    plugin.unload()
    r["menus_after"] = menu_state()
    r["providers_after"] = sum(1 for p in reg.providers() if p.id() == "segassess")
    r["translated_after"] = QCoreApplication.translate("SegAssess", "About")
    out["rounds"].append(r)
print(json.dumps(out, ensure_ascii=False))
app.exitQgis()
"""


@pytest.fixture(scope="module")
def plugins_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("profile") / "python" / "plugins"
    with zipfile.ZipFile(build_plugin.build(ROOT, tmp_path_factory.mktemp("dist"))) as zf:
        zf.extractall(d)
    return d


@pytest.mark.parametrize("locale, review, menu, about, alg", [
    ("zh_CN", "审查面板…", "检查/安装依赖项…", "关于", "评估分割质量"),
    ("fr_FR", "Panneau de revue…", "Vérifier / installer les dépendances…", "À propos",
     "Évaluer la qualité de la segmentation"),
    ("en_US", "Review panel…", "Check / install dependencies…", "About", "Assess segmentation quality"),
])
def test_init_gui_menu_translator_and_clean_unload(plugins_dir, tmp_path, locale, review, menu, about, alg):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp_path),
               SEGASSESS_DEPS_DIR=str(tmp_path / "deps"))
    res = subprocess.run([sys.executable, "-c", GUI, str(plugins_dir), locale], capture_output=True, text=True,
                         env=env, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert Path(out["file"]).parent == plugins_dir / "segassess"
    for r in out["rounds"]:
        assert r["menus"] == [["&SegAssess", [review, menu, about]]]
        assert r["providers"] == 1
        assert r["translated"] == about
        assert r["alg_name"] == alg
        assert not r["torch"]
        assert r["menus_after"] == [] and r["providers_after"] == 0
        assert r["translated_after"] == "About"  # translator removed with the plugin
