"""Styles and layer-tree placement of SegAssess outputs, for reviewing them over the imagery.

Processing loads output layers after the algorithm has finished; a
QgsProcessingLayerPostProcessorInterface attached to each output then styles the layer and puts it
into the sheet's layer-tree group at its fixed place. processAlgorithm itself never touches the
project, the canvas or iface.

The review style: the quality raster keeps the paper's class colours (1 TP red, 2 FP green, 3 TN
blue, 4 FN cyan; core/common/classes.py) with TN transparent, TP faint, FP and FN strong but
semi-transparent, so the imagery stays readable under it; FP and FN polygons are outlined in the
contrasting colours (magenta on green, orange on cyan) over a dark halo, with area and confidence
in their map tips. Order in the group, top to bottom: FP, FN, missed objects, quality, the annotated
features, then the confidence raster (unchecked).
"""
from __future__ import annotations

from qgis.PyQt.QtGui import QColor
from qgis.core import (
    QgsContrastEnhancement,
    QgsFillSymbol,
    QgsPalettedRasterRenderer,
    QgsProcessingLayerPostProcessorInterface,
    QgsRasterLayer,
    QgsSimpleLineSymbolLayer,
    QgsSingleBandGrayRenderer,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)

from .qgis_io import tr

# (outline colour, dashed) of the polygon outputs: contrasting with the raster class under them
OUTLINES = {"fp": ((255, 0, 255), False), "fn": ((255, 140, 0), False), "missed": ((255, 140, 0), True),
            "scored": ((255, 215, 0), False)}
HALO = (0, 0, 0, 150)
# place in the sheet's group, top first; confidence is added unchecked
ORDER = ("fp", "fn", "missed", "quality", "scored", "confidence")
RANK_PROPERTY = "segassess/rank"


def quality_labels() -> dict:
    """Legend labels of the quality classes (translated)."""
    return {
        1: tr("TP: annotated and correct"),
        2: tr("FP: annotated but wrong (false positive)"),
        3: tr("TN: background and correct"),
        4: tr("FN: object missed by the annotation (false negative)"),
    }


def quality_classes() -> list:
    """(value, QColor with the review transparency, translated label) per class."""
    from ..core.common.classes import CLASS_ALPHA, CLASS_COLOURS  # when used: loading the plugin imports no core

    labels = quality_labels()
    return [(v, QColor(*rgb, CLASS_ALPHA[v]), labels[v]) for v, rgb in CLASS_COLOURS.items()]


def style_quality(layer: QgsRasterLayer) -> None:
    """Paletted renderer in the class colours, TN transparent, TP faint, FP/FN strong."""
    classes = [QgsPalettedRasterRenderer.Class(v, colour, label) for v, colour, label in quality_classes()]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
    layer.setOpacity(1.0)
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


def map_tip(kind: str) -> str:
    """The HTML map tip of a polygon output (QGIS expressions in [% %])."""
    if kind == "scored":
        return ("<b>{}</b><br>{}: [% round(\"est_iou\", 2) %]<br>{}: [% round(\"fp_area_m2\", 1) %] m²<br>"
                "{}: [% round(\"fn_area_m2\", 1) %] m²").format(
            tr("Annotated feature"), tr("IoU"), tr("false positive area"), tr("false negative area"))
    title = {"fp": tr("False positive region"), "fn": tr("False negative region"),
             "missed": tr("Missed object")}[kind]
    return "<b>{}</b><br>{}: [% round(\"area_m2\", 1) %] m²<br>{}: [% round(\"mean_confidence\", 2) %]".format(
        title, tr("area"), tr("mean confidence"))


def style_outline(layer: QgsVectorLayer, kind: str) -> None:
    """Hollow polygons: a dark halo under an outline in the contrasting colour; map tips."""
    rgb, dashed = OUTLINES[kind]
    width = 0.4 if kind == "scored" else 0.6
    symbol = QgsFillSymbol.createSimple({"style": "no", "outline_style": "no"})
    symbol.deleteSymbolLayer(0)
    for colour, w, style in ((QColor(*HALO), width + 0.6, "solid"),
                             (QColor(*rgb), width, "dash" if dashed else "solid")):
        line = QgsSimpleLineSymbolLayer.create({"line_style": style, "line_width": str(w), "line_width_unit": "MM"})
        line.setColor(colour)
        symbol.appendSymbolLayer(line)
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.setMapTipTemplate(map_tip(kind))
    layer.triggerRepaint()


STYLERS = {
    "quality": style_quality,
    "confidence": style_confidence,
    "fp": lambda layer: style_outline(layer, "fp"),
    "fn": lambda layer: style_outline(layer, "fn"),
    "missed": lambda layer: style_outline(layer, "missed"),
    "scored": lambda layer: style_outline(layer, "scored"),
}


def place_in_group(layer, project, group_name: str, kind: str) -> None:
    """Move the layer's tree node into the top-level group `group_name` (created on top when absent), at
    its place in ORDER whatever order the layers are loaded in; the confidence raster unchecked."""
    if project is None or not group_name:
        return
    root = project.layerTreeRoot()
    node = root.findLayer(layer.id())
    if node is None:
        return
    group = root.findGroup(group_name)
    if group is None:
        group = root.insertGroup(0, group_name)
    rank = ORDER.index(kind) if kind in ORDER else len(ORDER)
    index = sum(1 for child in group.children() if int(child.customProperty(RANK_PROPERTY, len(ORDER))) <= rank
                and child is not node)
    clone = node.clone()
    clone.setCustomProperty(RANK_PROPERTY, rank)
    if kind == "confidence":
        clone.setItemVisibilityChecked(False)
    group.insertChildNode(index, clone)
    node.parent().removeChildNode(node)


class OutputPostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Styles one output layer, renames it and puts it in the sheet's group."""

    def __init__(self, kind: str, group_name: str, layer_name: str = ""):
        super().__init__()
        self.kind = kind
        self.group_name = group_name
        self.layer_name = layer_name

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API)
        try:
            if layer is None:
                return
            styler = STYLERS.get(self.kind)
            if styler is not None:
                styler(layer)
            if self.layer_name:
                layer.setName(self.layer_name)
            project = layer.project() if hasattr(layer, "project") and layer.project() else context.project()
            place_in_group(layer, project, self.group_name, self.kind)
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
