"""Translations: every user-visible string of segassess_qgis is in the Chinese and French .ts
files, compiles with lrelease, and a registered algorithm really shows translated names."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "i18n"
LANGS = ("zh_CN", "fr")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")

sys.path.insert(0, str(ROOT))
import build_plugin  # noqa: E402

sys.path.remove(str(ROOT))


def _ts_messages(lang):
    root = ET.parse(I18N / f"segassess_{lang}.ts").getroot()
    assert root.get("language", "").startswith(lang.split("_")[0])
    ctx = root.findall("context")
    assert [c.findtext("name") for c in ctx] == ["SegAssess"]
    return {m.findtext("source"): m.find("translation") for m in ctx[0].findall("message")}


def _source_strings():
    import importlib.util

    spec = importlib.util.spec_from_file_location("segassess_update_ts", I18N / "update_ts.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # the generator's own extractor
    return [m[0] for m in mod.extract()]


@pytest.mark.parametrize("lang", LANGS)
def test_every_source_string_is_translated(lang):
    """New strings need `python i18n/update_ts.py` plus entries in i18n/translations_<lang>.json."""
    sources = _source_strings()
    assert len(sources) > 50  # algorithms, parameters, help and menu strings were found
    msgs = _ts_messages(lang)
    missing = [s for s in sources if s not in msgs or not (msgs[s].text or "").strip()
               or msgs[s].get("type") == "unfinished"]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_placeholders_and_differ(lang):
    msgs = _ts_messages(lang)
    bad = [s for s, t in msgs.items() if sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(t.text or ""))]
    assert bad == []
    differ = sum(1 for s, t in msgs.items() if t.text != s)
    assert differ >= 0.8 * len(msgs)  # real translations, not copies of the English
    if lang == "zh_CN":
        assert sum(1 for t in msgs.values() if re.search(r"[\u4e00-\u9fff]", t.text or "")) >= 0.8 * len(msgs)


def test_menu_strings_are_translated():
    zh, fr = _ts_messages("zh_CN"), _ts_messages("fr")
    assert zh["Check / install dependencies…"].text == "检查/安装依赖项…"
    assert zh["About"].text == "关于"
    assert fr["Check / install dependencies…"].text == "Vérifier / installer les dépendances…"
    assert fr["About"].text == "À propos"


@pytest.fixture(scope="module")
def qm_dir(tmp_path_factory):
    if not build_plugin.find_lrelease():
        pytest.skip("lrelease is not installed (Debian: qttools5-dev-tools)")
    d = tmp_path_factory.mktemp("i18n")
    for lang in LANGS:
        shutil.copy(I18N / f"segassess_{lang}.ts", d)
    qms = build_plugin.compile_translations(d)
    assert sorted(p.name for p in qms) == ["segassess_fr.qm", "segassess_zh_CN.qm"]
    return d


def test_qm_lookup_falls_back_to_language(qm_dir):
    from segassess.segassess_qgis.i18n import qm_path_for

    assert qm_path_for("zh_CN", qm_dir).name == "segassess_zh_CN.qm"
    assert qm_path_for("fr_FR", qm_dir).name == "segassess_fr.qm"
    assert qm_path_for("fr", qm_dir).name == "segassess_fr.qm"
    assert qm_path_for("de_DE", qm_dir) is None
    assert qm_path_for("", qm_dir) is None


TRANSLATE = r"""
import json, sys
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
from qgis.PyQt.QtCore import QCoreApplication
from segassess.segassess_qgis import i18n
from segassess.segassess_qgis.provider import SegAssessProvider
qm_dir, locale = sys.argv[1], sys.argv[2]
reg = QgsApplication.processingRegistry()
provider = SegAssessProvider()
reg.addProvider(provider)
def snapshot():
    algs = {}
    for a in sorted(provider.algorithms(), key=lambda a: a.id()):
        fresh = a.create()  # what the toolbox and qgis_process instantiate
        fresh.initAlgorithm({})
        algs[a.id()] = {"name": a.displayName(), "group": a.group(),
                        "params": [p.description() for p in fresh.parameterDefinitions()]}
    from segassess.core.assess.tiling import validate_tiling
    from segassess.segassess_qgis.algorithms.base import core_problem
    return {"direct": QCoreApplication.translate("SegAssess", "Assess segmentation quality"),
            "provider": provider.name(), "algs": algs, "tiling": core_problem(validate_tiling, 256, 128)}
out = {"en": snapshot()}
tr = i18n.install_translator(locale, qm_dir)
out["installed"] = tr is not None
out["tr"] = snapshot()
i18n.remove_translator(tr)
out["removed"] = snapshot()
print(json.dumps(out, ensure_ascii=False))
app.exitQgis()
"""


@pytest.mark.parametrize("locale, lang, expected", [
    ("zh_CN", "zh_CN", "评估分割质量"),
    ("fr_FR", "fr", "Évaluer la qualité de la segmentation"),
])
def test_registered_algorithms_are_translated(qm_dir, tmp_path, locale, lang, expected):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp_path))
    res = subprocess.run([sys.executable, "-c", TRANSLATE, str(qm_dir), locale], capture_output=True,
                         text=True, env=env, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    ts = {s: t.text for s, t in _ts_messages(lang).items()}
    assert out["installed"]
    assert out["en"]["direct"] == "Assess segmentation quality"
    assert out["tr"]["direct"] == expected
    assert out["tr"]["provider"] == ts["SegAssess"]
    assert out["en"]["algs"]["segassess:assess"]["name"] == "Assess segmentation quality"
    assert out["tr"]["algs"]["segassess:assess"]["name"] == expected
    for alg_id, en in out["en"]["algs"].items():
        tr = out["tr"]["algs"][alg_id]
        assert tr["name"] == ts[en["name"]], alg_id
        assert tr["group"] == ts[en["group"]], alg_id
        assert tr["params"] == [ts.get(p, p) for p in en["params"]], alg_id
        assert any(a != b for a, b in zip(tr["params"], en["params"])), alg_id
    overlap = "Overlap {o} px must be at least 0 and less than half the tile size of {t} px; lower the overlap."
    assert out["en"]["tiling"] == overlap.format(o=128, t=256)  # the core's check, in the user's language
    assert out["tr"]["tiling"] == ts[overlap].format(o=128, t=256) != out["en"]["tiling"]
    assert out["removed"] == out["en"]  # removing the translator restores English
