"""The core's files become the algorithm's Processing outputs: the quality and confidence rasters
moved to their destinations, the GeoPackage layers copied into feature sinks, the HTML summary,
the headline numbers, and a styling/grouping post-processor on every output QGIS will load.
"""
from __future__ import annotations

from qgis.core import QgsWkbTypes

from .. import styling, summary_html
from ..feedback import step
from ..qgis_io import copy_features, deliver_raster, gpkg_layer, sheet_name, sink_fields, tr


def output_layers():
    """(parameter, core GeoPackage layer, style kind, translated description) of the vector outputs."""
    return (
        ("OUTPUT_FP", "false_positive", "fp", tr("False positive regions (FP polygons)")),
        ("OUTPUT_FN", "false_negative", "fn", tr("False negative regions (FN polygons)")),
        ("OUTPUT_SCORED", "scored_features", "scored", tr("Annotated features with quality scores")),
        ("OUTPUT_MISSED", "missed_objects", "missed", tr("Missed objects (FN regions touching no feature)")),
    )


def _rasters(alg, result, parameters, context, feedback, sheet) -> dict:
    outputs = {}
    quality = alg.parameterAsOutputLayer(parameters, "OUTPUT_QUALITY", context)
    outputs["OUTPUT_QUALITY"] = deliver_raster(result.quality, quality, feedback)
    styling.attach(context, outputs["OUTPUT_QUALITY"], "quality", sheet,
                   tr("Quality map – {sheet}").format(sheet=sheet))
    conf = alg.parameterAsOutputLayer(parameters, "OUTPUT_CONFIDENCE", context)
    if conf:
        outputs["OUTPUT_CONFIDENCE"] = deliver_raster(result.confidence, conf, feedback)
        styling.attach(context, outputs["OUTPUT_CONFIDENCE"], "confidence", sheet,
                       tr("Confidence – {sheet}").format(sheet=sheet))
    return outputs


def _vectors(alg, result, parameters, context, feedback, image_layer, sheet, outputs) -> dict:
    """Copy each GeoPackage layer into its sink; the feature count per output."""
    counts = {}
    for name, gpkg_name, kind, desc in output_layers():
        layer = gpkg_layer(result.polygons, gpkg_name)
        fields = sink_fields(layer)
        sink, dest_id = alg.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.MultiPolygon,
                                            image_layer.crs())
        counts[name] = layer.featureCount() if layer is not None else 0
        if sink is None:
            continue
        counts[name] = copy_features(layer, sink, fields, feedback)
        outputs[name] = dest_id
        styling.attach(context, dest_id, kind, sheet, tr("{what} – {sheet}").format(what=desc, sheet=sheet))
    return counts


def deliver(alg, result, parameters, context, feedback, image_layer, title: str) -> dict:
    """All outputs of `alg` (an AssessBase) from the core's result."""
    sheet = sheet_name(image_layer)
    step(feedback, 90.0, tr("Writing the output layers"))
    outputs = _rasters(alg, result, parameters, context, feedback, sheet)
    counts = _vectors(alg, result, parameters, context, feedback, image_layer, sheet, outputs)
    summary = result.summary_data or {}
    numbers = summary_html.headline_numbers(summary, counts)
    summary_path = alg.parameterAsFileOutput(parameters, "OUTPUT_SUMMARY", context)
    if summary_path:
        summary_html.write(summary_path, f"{title} – {sheet}", summary, numbers, outputs)
        outputs["OUTPUT_SUMMARY"] = summary_path
    numbers[alg.IOU_OUTPUT] = numbers.pop("IOU")
    outputs.update(numbers)
    feedback.pushInfo(tr("Estimated IoU {iou:.3f}; {fp} false positive and {fn} false negative region(s), "
                         "{missed} missed object(s).").format(iou=numbers[alg.IOU_OUTPUT], fp=numbers["FP_COUNT"],
                                                              fn=numbers["FN_COUNT"], missed=numbers["MISSED_COUNT"]))
    step(feedback, 100.0, tr("Done"))
    return outputs
