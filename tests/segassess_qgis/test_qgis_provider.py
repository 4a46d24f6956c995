"""The provider's interface: algorithm ids, parameter names, help, translation, cheap loading."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from qgis_support import REPO, algorithm, start_qgis

ALGORITHMS = {
    "segassess:assess": {"IMAGE", "BANDS", "ANNOTATION", "MASK", "FILTER", "MODEL", "TILE_SIZE", "OVERLAP",
                         "BATCH_SIZE", "DEVICE", "ENGINE", "MIN_AREA", "OUTPUT_QUALITY", "OUTPUT_CONFIDENCE",
                         "OUTPUT_FP", "OUTPUT_FN", "OUTPUT_SCORED", "OUTPUT_MISSED", "OUTPUT_SUMMARY"},
    "segassess:reference": {"IMAGE", "ANNOTATION", "MASK", "FILTER", "TRUTH", "TRUTH_FILTER", "TILE_SIZE",
                            "OVERLAP", "OUTPUT_QUALITY", "OUTPUT_FP", "OUTPUT_FN",
                            "OUTPUT_SCORED", "OUTPUT_MISSED", "OUTPUT_SUMMARY"},
    "segassess:evaluate": {"PREDICTED", "REFERENCE", "OUTPUT_TABLE"},
    "segassess:export_onnx": {"MODEL", "TILE_SIZE", "OUTPUT"},
    "segassess:batch_campaign": {"SHEETS", "SHEETS_FOLDER", "ANNOTATION", "ANNOTATION_FILTER", "MOSAIC", "ID_FIELD",
                                 "MARGIN_PX", "ASSESSOR", "MODEL", "TRUTH", "TILE_SIZE", "OVERLAP", "WORKERS",
                                 "SCHEDULER", "OUTPUT_DIR"},
}


@pytest.fixture(scope="module", autouse=True)
def _qgis():
    start_qgis()


@pytest.mark.parametrize("alg_id", sorted(ALGORITHMS))
def test_parameters_and_help(alg_id):
    """Parameter names are an interface (models, scripts, qgis_process); help covers inputs, outputs,
    class colours, where released models are, and limits."""
    alg = algorithm(alg_id)
    names = {p.name() for p in alg.parameterDefinitions()}
    assert ALGORITHMS[alg_id] <= names
    assert not alg.flags() & alg.FlagNoThreading
    import re

    text = alg.shortHelpString()
    for section in ("Inputs", "Outputs", "Limits"):  # a bold heading followed by its text, not a stray word
        assert re.search(rf"<b>{section}</b>\s*:\s*[^<\s][^<]{{30,}}", text), (alg_id, section)
    assert "https://github.com/Yangbn97/SegAssess" in text, alg_id
    # each class with its value and its colour (the quality raster's colour table)
    for value, name, colour in ((1, "TP", "red"), (2, "FP", "green"), (3, "TN", "blue"), (4, "FN", "cyan")):
        assert re.search(rf"{value} {name}\W(?:[^,;]{{0,60}}?)\b{colour}\b", text), (alg_id, name, colour)


def test_outputs_for_models():
    """assess/reference expose numbers (estimated or exact IoU, FP/FN counts) that models can chain; the
    summary is a file output (the batch dialogs fail on HTML outputs); reference has no confidence."""
    for alg_id, iou in (("segassess:assess", "ESTIMATED_IOU"), ("segassess:reference", "IOU")):
        outs = {o.name(): o.type() for o in algorithm(alg_id).outputDefinitions()}
        for name in (iou, "FP_COUNT", "FN_COUNT"):
            assert outs[name] == "outputNumber"
        assert outs["OUTPUT_SUMMARY"] == "outputFile"
    assert "OUTPUT_CONFIDENCE" not in {p.name() for p in algorithm("segassess:reference").parameterDefinitions()}
    outs = {o.name(): o.type() for o in algorithm("segassess:evaluate").outputDefinitions()}
    assert outs["MF1"] == outs["MIOU"] == "outputNumber"


def test_model_help_lists_registry_models():
    """The MODEL help lists the known model files of models/registry.json with their tile sizes."""
    reg = json.loads((REPO / "models" / "registry.json").read_text(encoding="utf-8"))["models"]
    text = algorithm("segassess:assess").shortHelpString()
    for entry in reg:
        assert entry["name"] in text


def test_loading_the_provider_imports_nothing_heavy():
    """Registering the provider and building every algorithm (as the toolbox does at start-up) must
    not import torch, rasterio, geopandas or the core pipeline: QGIS starts fast and works without them."""
    code = textwrap.dedent("""
        import sys, json
        from qgis.core import QgsApplication
        app = QgsApplication([], False); app.initQgis()
        from segassess.segassess_qgis.provider import SegAssessProvider
        p = SegAssessProvider(); QgsApplication.processingRegistry().addProvider(p)
        for a in p.algorithms():
            a.shortHelpString(); a.create()
        heavy = [m for m in ("torch", "rasterio", "geopandas", "pyproj", "onnxruntime", "segassess.core.assess.pipeline",
                             "segassess.models.engines") if m in sys.modules]
        print(json.dumps({"n": len(p.algorithms()), "heavy": heavy}))
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert res.returncode == 0, res.stderr[-2000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out == {"n": 7, "heavy": []}


def test_strings_are_translatable(tmp_path):
    """User-visible strings go through QCoreApplication.translate("SegAssess", ...): a translator for
    that context changes the algorithm's name and group."""
    lrelease = shutil.which("lrelease")
    if not lrelease:
        pytest.skip("lrelease (qttools5-dev-tools) is not installed")
    ts = tmp_path / "t.ts"
    ts.write_text(textwrap.dedent("""\
        <?xml version="1.0" encoding="utf-8"?>
        <!DOCTYPE TS><TS version="2.1" language="fr">
        <context><name>SegAssess</name>
        <message><source>Assess segmentation quality</source><translation>TEST-assess</translation></message>
        <message><source>Quality assessment</source><translation>TEST-group</translation></message>
        </context></TS>
        """), encoding="utf-8")
    subprocess.run([lrelease, str(ts), "-qm", str(tmp_path / "t.qm")], check=True, capture_output=True)
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(tmp_path / "t.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        alg = QgsApplication.processingRegistry().createAlgorithmById("segassess:assess")
        assert alg.displayName() == "TEST-assess"
        assert alg.group() == "TEST-group"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert algorithm("segassess:assess").displayName() == "Assess segmentation quality"
