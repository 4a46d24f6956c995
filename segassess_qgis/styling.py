"""Styles and layer-tree grouping of SegAssess outputs, applied on the main thread.

Processing loads output layers after the algorithm has finished; a
QgsProcessingLayerPostProcessorInterface attached to each output then styles the layer and
moves it into a layer-tree group named after the map sheet. processAlgorithm itself never
touches the project, the canvas or iface.

Quality classes (raster values): 1 = TP red, 2 = FP green, 3 = TN blue, 4 = FN cyan.
"""
from __future__ import annotations

from qgis.PyQt.QtGui import QColor
from qgis.core import (
    QgsFillSymbol,
    QgsPalettedRasterRenderer,
    QgsProcessingLayerPostProcessorInterface,
    QgsRasterLayer,
    QgsSingleBandGrayRenderer,
    QgsSingleSymbolRenderer,
    QgsContrastEnhancement,
    QgsVectorLayer,
)

from .qgis_io import tr

QUALITY_CLASSES = (
    (1, (255, 0, 0), "TP"),
    (2, (0, 255, 0), "FP"),
    (3, (0, 0, 255), "TN"),
    (4, (0, 255, 255), "FN"),
)


def quality_labels() -> dict:
    """Legend labels of the quality classes (translated)."""
    return {
        1: tr("TP: annotated and correct"),
        2: tr("FP: annotated but wrong (false positive)"),
        3: tr("TN: background and correct"),
        4: tr("FN: object missed by the annotation (false negative)"),
    }


def style_quality(layer: QgsRasterLayer) -> None:
    """Paletted renderer 1=TP red, 2=FP green, 3=TN blue, 4=FN cyan, with legend labels."""
    labels = quality_labels()
    classes = [QgsPalettedRasterRenderer.Class(v, QColor(*rgb), labels[v]) for v, rgb, _ in QUALITY_CLASSES]
    renderer = QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def style_confidence(layer: QgsRasterLayer) -> None:
    """Grey ramp 0..1 (dark = unsure)."""
    renderer = QgsSingleBandGrayRenderer(layer.dataProvider(), 1)
    ce = QgsContrastEnhancement(layer.dataProvider().dataType(1))
    ce.setContrastEnhancementAlgorithm(QgsContrastEnhancement.StretchToMinimumMaximum)
    ce.setMinimumValue(0.0)
    ce.setMaximumValue(1.0)
    renderer.setContrastEnhancement(ce)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def style_outline(layer: QgsVectorLayer, rgb, width_mm: float = 0.6, dashed: bool = False) -> None:
    """Hollow polygons with a coloured outline (FP green, FN cyan, missed objects dashed cyan)."""
    symbol = QgsFillSymbol.createSimple({
        "style": "no",
        "outline_color": "{},{},{},255".format(*rgb),
        "outline_width": str(width_mm),
        "outline_width_unit": "MM",
        "outline_style": "dash" if dashed else "solid",
    })
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()


STYLERS = {
    "quality": style_quality,
    "confidence": style_confidence,
    "fp": lambda layer: style_outline(layer, (0, 255, 0)),
    "fn": lambda layer: style_outline(layer, (0, 255, 255)),
    "missed": lambda layer: style_outline(layer, (0, 255, 255), dashed=True),
    "scored": lambda layer: style_outline(layer, (255, 170, 0), width_mm=0.4),
}


def move_to_group(layer, project, group_name: str) -> None:
    """Move the layer's tree node into a top-level group `group_name` (created when absent)."""
    if project is None or not group_name:
        return
    root = project.layerTreeRoot()
    node = root.findLayer(layer.id())
    if node is None:
        return
    group = root.findGroup(group_name)
    if group is None:
        group = root.insertGroup(0, group_name)
    parent = node.parent()
    if parent is group:
        return
    group.addChildNode(node.clone())
    parent.removeChildNode(node)


class OutputPostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Styles one output layer, renames it and groups it under the sheet's name."""

    def __init__(self, kind: str, group_name: str, layer_name: str = ""):
        super().__init__()
        self.kind = kind
        self.group_name = group_name
        self.layer_name = layer_name

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API)
        try:
            styler = STYLERS.get(self.kind)
            if styler is not None and layer is not None:
                styler(layer)
            if self.layer_name and layer is not None:
                layer.setName(self.layer_name)
            if layer is not None:
                project = layer.project() if hasattr(layer, "project") and layer.project() else context.project()
                move_to_group(layer, project, self.group_name)
        finally:  # done: the context (which owns the C++ side) may now outlive the Python object
            release(self)


# Processing calls the post-processors after processAlgorithm returned, possibly after the
# algorithm instance is gone, and only once every run of a batch or model has finished (a model
# with many sheets attaches dozens): the Python objects must stay alive until their layer was
# loaded, else QGIS calls into a collected object. Each is released once it has run; the cap
# only bounds those whose layer is never loaded (failed or cancelled runs), far above any batch.
_LIVE: list[OutputPostProcessor] = []
MAX_LIVE = 10000


def release(pp) -> None:
    try:
        _LIVE.remove(pp)
    except ValueError:
        pass


def attach(context, dest_id: str, kind: str, group_name: str, layer_name: str = "") -> None:
    """Attach a styling/grouping post-processor to an output that Processing will load."""
    if not dest_id or not context.willLoadLayerOnCompletion(dest_id):
        return
    pp = OutputPostProcessor(kind, group_name, layer_name)
    _LIVE.append(pp)
    del _LIVE[:-MAX_LIVE]
    context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(pp)
