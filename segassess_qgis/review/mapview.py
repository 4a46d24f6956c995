"""The map side of the review: the items layer styled by status over the imagery, the current
item highlighted, zoomed to and flashed.

Items are drawn as outlines only (the imagery stays visible): unreviewed orange, confirmed red,
false alarm grey dashed, fixed green, skipped blue dotted. The imagery is the assessed image:
for one assessment the image its `<prefix>_summary.json` names, for a campaign report the image
of the current item's sheet (its `sheets` layer), added below the items when the project does
not show it yet.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, Optional

from qgis.core import (QgsCategorizedSymbolRenderer, QgsCoordinateTransform, QgsFillSymbol, QgsLayerTreeGroup,
                       QgsProject, QgsRasterLayer, QgsRectangle, QgsRendererCategory, QgsVectorLayer, QgsWkbTypes)
from qgis.gui import QgsRubberBand
from qgis.PyQt.QtGui import QColor

from ...core.review.schema import LAYER, SHEETS_LAYER
from ..i18n import tr

STATUS_STYLE = {  # status: (outline colour, width mm, pen style)
    "unreviewed": ("#ff8c00", 0.8, "solid"), "confirmed": ("#e31a1c", 0.8, "solid"),
    "false_alarm": ("#9e9e9e", 0.5, "dash"), "fixed": ("#33a02c", 0.8, "solid"),
    "skipped": ("#1f78b4", 0.6, "dot"),
}
ZOOM_MARGIN = 3.0      # the view shows the item and twice its size around it
MIN_VIEW_M = 40.0      # and never less than this many metres (map units of a projected CRS)
FLASHES = 3


def status_labels() -> Dict[str, str]:
    return {"unreviewed": tr("unreviewed"), "confirmed": tr("confirmed"), "false_alarm": tr("false alarm"),
            "fixed": tr("fixed"), "skipped": tr("skipped")}


def style_items(layer: QgsVectorLayer) -> None:
    """Outlines by status (see STATUS_STYLE), no fill."""
    labels = status_labels()
    cats = []
    for status, (colour, width, pen) in STATUS_STYLE.items():
        sym = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": colour,
                                          "outline_width": str(width), "outline_width_unit": "MM",
                                          "outline_style": pen})
        cats.append(QgsRendererCategory(status, sym, labels[status]))
    layer.setRenderer(QgsCategorizedSymbolRenderer("status", cats))


def _group(project: QgsProject, name: str) -> QgsLayerTreeGroup:
    root = project.layerTreeRoot()
    return root.findGroup(name) or root.insertGroup(0, name)


def _shown(project: QgsProject, source: str) -> bool:
    target = str(source)
    return any(lyr.source() == target for lyr in project.mapLayers().values())


def add_items_layer(path: Path, project: QgsProject) -> QgsVectorLayer:
    """The file's review items as a read-only, styled layer at the top of a review group."""
    group = _group(project, tr("SegAssess review – {name}").format(name=path.name))
    for node in group.findLayers():
        if node.layer() is not None and node.layer().source().startswith(str(path)):
            project.removeMapLayer(node.layer().id())
    layer = QgsVectorLayer(f"{path}|layername={LAYER}", tr("Review items – {name}").format(name=path.stem), "ogr")
    layer.setReadOnly(True)  # decisions go through the panel (one transaction each), never an edit buffer
    style_items(layer)
    project.addMapLayer(layer, False)
    group.insertLayer(0, layer)
    return layer


def sheet_images(path: Path) -> Dict[Optional[str], str]:
    """{sheet id (None for a single assessment): image path} of an assessment or campaign report."""
    sheets = QgsVectorLayer(f"{path}|layername={SHEETS_LAYER}", SHEETS_LAYER, "ogr")
    if sheets.isValid() and sheets.fields().indexOf("image") >= 0:
        return {str(f["sheet_id"]): str(f["image"]) for f in sheets.getFeatures() if f["image"]}
    name = path.name
    if name.endswith("assessment.gpkg"):
        summary = path.with_name(name[: -len("assessment.gpkg")] + "summary.json")
        try:
            return {None: json.loads(summary.read_text(encoding="utf-8"))["image"]}
        except (OSError, ValueError, KeyError):
            return {}
    return {}


def ensure_image(image: Optional[str], group_name: str, project: QgsProject) -> Optional[QgsRasterLayer]:
    """Add the image below the review layers unless the project shows it already."""
    if not image or _shown(project, image):
        return None
    layer = QgsRasterLayer(image, Path(image.split("?")[0]).stem, "gdal")
    if not layer.isValid():
        return None
    project.addMapLayer(layer, False)
    _group(project, group_name).addLayer(layer)  # appended: below the items layer
    return layer


class Highlighter:
    """Zooms the canvas to an item, flashes it, and keeps it outlined until the next one."""

    def __init__(self, canvas):
        self.canvas = canvas
        self.band = QgsRubberBand(canvas, QgsWkbTypes.PolygonGeometry) if canvas is not None else None
        if self.band is not None:
            self.band.setStrokeColor(QColor(255, 255, 0))
            self.band.setFillColor(QColor(255, 255, 0, 0))
            self.band.setWidth(3)

    def show(self, geometry, crs, project: QgsProject) -> None:
        if self.canvas is None or geometry is None or geometry.isEmpty():
            return
        dest = self.canvas.mapSettings().destinationCrs()
        geom = type(geometry)(geometry)
        if dest.isValid() and crs.isValid() and dest != crs:
            geom.transform(QgsCoordinateTransform(crs, dest, project))
        box = geom.boundingBox()
        side = max(box.width(), box.height()) * ZOOM_MARGIN
        if not dest.isGeographic():
            side = max(side, MIN_VIEW_M)
        c = box.center()
        self.canvas.setExtent(QgsRectangle(c.x() - side / 2, c.y() - side / 2, c.x() + side / 2, c.y() + side / 2))
        self.canvas.refresh()
        self.band.setToGeometry(geom, None)
        self.canvas.flashGeometries([geom], dest, flashes=FLASHES)

    def clear(self) -> None:
        if self.band is not None:
            self.band.reset(QgsWkbTypes.PolygonGeometry)
