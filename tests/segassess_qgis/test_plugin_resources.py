"""Icon and styles in resources/: the quality colours match what the core writes beside each
raster, the FP/FN styles are outlines only, and QGIS loads every style."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
from PIL import Image

from segassess.core.assess import outputs

ROOT = Path(__file__).resolve().parents[2]
RES = ROOT / "resources"


def _palette(qml_text):
    root = ET.fromstring(qml_text)
    return {int(e.get("value")): (e.get("color").lower(), e.get("label")) for e in root.iter("paletteEntry")}


def test_quality_style_matches_core_colours():
    mine = _palette((RES / "quality.qml").read_text(encoding="utf-8"))
    assert mine == {1: ("#ff0000", "TP"), 2: ("#00ff00", "FP"), 3: ("#0000ff", "TN"), 4: ("#00ffff", "FN")}
    core = _palette(outputs.quality_qml())
    assert {v: c for v, (c, _) in core.items()} == {v: c for v, (c, _) in mine.items()}
    assert all(core[v][1].startswith(mine[v][1]) for v in mine)
    root = ET.parse(RES / "quality.qml").getroot()
    assert root.find(".//rasterrenderer").get("type") == "paletted"


def _symbol_props(path):
    root = ET.parse(path).getroot()
    layer = root.find(".//symbol/layer")
    assert layer.get("class") == "SimpleFill"
    return {o.get("name"): o.get("value") for o in layer.iter("Option") if o.get("name")}


def test_outline_styles_have_no_fill():
    fp, fn = _symbol_props(RES / "fp_outline.qml"), _symbol_props(RES / "fn_outline.qml")
    assert fp["style"] == fn["style"] == "no"
    assert fp["outline_color"] == "0,255,0,255" and fn["outline_color"] == "0,255,255,255"


def test_icon_is_64px_png_and_reproducible(tmp_path):
    img = Image.open(RES / "icon.png")
    assert img.format == "PNG" and img.size == (64, 64)
    out = tmp_path / "icon.png"
    subprocess.run([sys.executable, str(RES / "make_icon.py"), str(out)], check=True, capture_output=True)
    assert np.array_equal(np.asarray(Image.open(out).convert("RGBA")), np.asarray(img.convert("RGBA")))


LOAD_STYLES = r"""
import json, sys
from qgis.core import QgsApplication, QgsRasterLayer, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
res, tif = sys.argv[1], sys.argv[2]
r = QgsRasterLayer(tif, "q")
msg, ok = r.loadNamedStyle(res + "/quality.qml")
out = {"raster": [ok, r.renderer().type(),
                  [(c.value, c.color.name(), c.label) for c in r.renderer().classes()]]}
for name in ("fp_outline", "fn_outline"):
    v = QgsVectorLayer("Polygon?crs=EPSG:3857", name, "memory")
    msg, ok = v.loadNamedStyle(res + "/" + name + ".qml")
    sl = v.renderer().symbol().symbolLayer(0)
    out[name] = [ok, sl.brushStyle() == 0, sl.strokeColor().name()]
    del sl, v
del r
print(json.dumps(out))
app.exitQgis()
"""


def test_qgis_loads_the_styles(tmp_path):
    import rasterio
    from rasterio.transform import from_origin

    tif = tmp_path / "q.tif"
    with rasterio.open(tif, "w", driver="GTiff", width=4, height=1, count=1, dtype="uint8",
                       crs="EPSG:3857", transform=from_origin(0, 1, 1, 1)) as ds:
        ds.write(np.array([[[1, 2, 3, 4]]], np.uint8))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    res = subprocess.run([sys.executable, "-c", LOAD_STYLES, str(RES), str(tif)], capture_output=True,
                         text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["raster"] == [True, "paletted", [[1, "#ff0000", "TP"], [2, "#00ff00", "FP"],
                                                [3, "#0000ff", "TN"], [4, "#00ffff", "FN"]]]
    assert out["fp_outline"] == [True, True, "#00ff00"]
    assert out["fn_outline"] == [True, True, "#00ffff"]
