"""QgisProgress: the core's progress texts reach the Processing log translated (fr, zh_CN), at most
every 5 % of the run (the dialog writes each text to the log), while the bar moves on every call."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import build_plugin  # noqa: E402

sys.path.remove(str(ROOT))

PROBE = r"""
import json, sys
from qgis.core import QgsApplication, QgsProcessingFeedback
app = QgsApplication([], False)
app.initQgis()
from segassess.core.common.progress import msg
from segassess.segassess_qgis import i18n
from segassess.segassess_qgis.feedback import QgisProgress
translator = i18n.install_translator(sys.argv[1], sys.argv[2])

class Recorder(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.texts, self.values, self.infos = [], [], []
    def setProgressText(self, text):
        self.texts.append(text)
    def setProgress(self, value):
        self.values.append(value)
    def pushInfo(self, text):
        self.infos.append(text)

fb = Recorder()
progress = QgisProgress(fb, 10.0, 90.0)
for k in range(1, 201):  # a 200-tile run, one call per tile
    progress.set_progress(75.0 * k / 200, msg("Assessed tile {done}/{total}", done=k, total=200))
progress.set_progress(77, msg("Polygonizing false positives and false negatives"))
progress.set_progress(100, msg("Done"))
progress.info("a line the plugin has no translation for")
print(json.dumps({"texts": fb.texts, "values": fb.values, "infos": fb.infos}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def qm_dir(tmp_path_factory):
    if not build_plugin.find_lrelease():
        pytest.skip("lrelease is not installed (Debian: qttools5-dev-tools)")
    d = tmp_path_factory.mktemp("i18n")
    for lang in ("fr", "zh_CN"):
        shutil.copy(ROOT / "i18n" / f"segassess_{lang}.ts", d)
    build_plugin.compile_translations(d)
    return d


@pytest.mark.parametrize("locale, tile, polygons", [
    ("fr", "Tuile évaluée 1/200", "Vectorisation des faux positifs et des faux négatifs"),
    ("zh_CN", "已评估瓦片 1/200", "正在将误检和漏检区域矢量化"),
    ("en", "Assessed tile 1/200", "Polygonizing false positives and false negatives"),
])
def test_core_texts_are_translated_and_thinned(qm_dir, locale, tile, polygons):
    res = subprocess.run([sys.executable, "-c", PROBE, locale, str(qm_dir)], capture_output=True, text=True,
                         timeout=300, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    texts = out["texts"]
    assert texts[0] == tile and polygons in texts
    tile_texts = texts[:-2]
    assert 5 <= len(tile_texts) <= 100 // 5 + 1  # 200 calls, about one text per 5 % of the run
    assert len(out["values"]) == 202  # the bar follows every call
    assert out["values"][-1] == 90.0 and out["infos"] == ["a line the plugin has no translation for"]
