"""Write the QGIS styles in resources/ with PyQGIS itself, so they always load in QGIS 3.22+.

quality.qml: paletted raster 1=TP red, 2=FP green, 3=TN blue, 4=FN cyan (same colours as
core.common.classes.CLASS_COLOURS; core.assess.outputs writes a .qml beside each quality raster).
fp_outline.qml / fn_outline.qml: polygon outlines only (green / cyan), no fill.
Run: QT_QPA_PLATFORM=offscreen python resources/make_styles.py
"""
from __future__ import annotations

import os
import runpy
import tempfile
from pathlib import Path

from qgis.core import (QgsApplication, QgsFillSymbol, QgsMapLayer, QgsPalettedRasterRenderer,
                       QgsRasterLayer, QgsSingleSymbolRenderer, QgsVectorLayer)
from qgis.PyQt.QtGui import QColor

HERE = Path(__file__).resolve().parent
# the project's classes and atomic writer, loaded by path: this script runs without the package installed
_CLASSES = runpy.run_path(str(HERE.parent / "core" / "common" / "classes.py"))
atomic_write = runpy.run_path(str(HERE.parent / "core" / "common" / "files.py"))["atomic_write"]
QUALITY = tuple((v, rgb, _CLASSES["CLASS_NAMES"][v - 1]) for v, rgb in _CLASSES["CLASS_COLOURS"].items())
OUTLINES = {"fp_outline.qml": "0,255,0,255", "fn_outline.qml": "0,255,255,255"}


def _save(layer, out: Path) -> None:
    """saveNamedStyle, atomically: never a half-written style."""
    def write(tmp):
        msg, ok = layer.saveNamedStyle(str(tmp), QgsMapLayer.Symbology)
        if not ok:
            raise RuntimeError(f"cannot write {out}: {msg}")

    atomic_write(out, write)


def quality_raster_style(out: Path) -> None:
    import numpy as np
    from osgeo import gdal

    with tempfile.TemporaryDirectory() as d:
        tif = os.path.join(d, "q.tif")
        ds = gdal.GetDriverByName("GTiff").Create(tif, 4, 1, 1, gdal.GDT_Byte)
        ds.GetRasterBand(1).WriteArray(np.array([[1, 2, 3, 4]], np.uint8))
        ds.GetRasterBand(1).SetNoDataValue(0)
        ds.SetGeoTransform((0, 1, 0, 0, 0, -1))
        ds = None
        layer = QgsRasterLayer(tif, "quality")
        classes = [QgsPalettedRasterRenderer.Class(v, QColor(*rgb), lab) for v, rgb, lab in QUALITY]
        layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
        _save(layer, out)


def outline_style(out: Path, color: str) -> None:
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "outline", "memory")
    sym = QgsFillSymbol.createSimple({"style": "no", "color": "0,0,0,0", "outline_color": color, "outline_width": "0.6",
                                      "outline_width_unit": "MM", "outline_style": "solid"})
    layer.setRenderer(QgsSingleSymbolRenderer(sym))
    _save(layer, out)


def main() -> None:
    quality_raster_style(HERE / "quality.qml")
    for name, color in OUTLINES.items():
        outline_style(HERE / name, color)


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    main()
    app.exitQgis()
