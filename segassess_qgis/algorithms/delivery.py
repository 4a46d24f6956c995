"""The core's files become the algorithm's Processing outputs: the quality and confidence rasters
moved to their destinations, the GeoPackage layers copied into feature sinks, the HTML summary,
the headline numbers, and a styling/grouping post-processor on every output QGIS will load.

Only outputs the user asked for are produced: a destination left blank or skipped (None or "" from
the dialogs, the batch dialog's blank cells) is not written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qgis.core import QgsProcessingException, QgsProcessingOutputLayerDefinition, QgsWkbTypes

from .. import styling, summary_html
from ..feedback import step
from ..qgis_io import RasterDelivery, copy_features, gpkg_layer, sheet_name, sink_fields, tr, write_failure_message


@dataclass
class Presentation:
    """How a run's outputs are named and introduced."""

    title: str              # of the HTML summary
    group: str              # layer-tree group of the loaded outputs
    exact: bool = False     # figures against a reference (reference) or estimated by a network (assess)
    warnings: tuple = ()    # shown on top of the summary (e.g. the demo model on real imagery)


def output_layers():
    """(parameter, core GeoPackage layer, style kind, translated description) of the vector outputs."""
    return (
        ("OUTPUT_FP", "false_positive", "fp", tr("False positive regions (FP polygons)")),
        ("OUTPUT_FN", "false_negative", "fn", tr("False negative regions (FN polygons)")),
        ("OUTPUT_SCORED", "scored_features", "scored", tr("Annotated features with quality scores")),
        ("OUTPUT_MISSED", "missed_objects", "missed", tr("Missed objects (FN regions touching no feature)")),
    )


def requested(parameters, name) -> bool:
    """Whether the destination `name` was asked for (absent: its default, a temporary output)."""
    if name not in parameters:
        return True
    value = parameters[name]
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink.staticValue()
    return value not in (None, "")


def _sink_file(parameters, name) -> Path | None:
    """The file a sink destination will create, read from the parameter value alone (asking QGIS through
    parameterAsOutputLayer would queue a second, never-created layer to load); None for temporary
    layers, memory layers and database URIs."""
    value = parameters.get(name)
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink.staticValue()
    value = str(value or "")
    if value.startswith("ogr:"):
        match = re.search(r"dbname='([^']+)'", value)
        value = match.group(1) if match else ""
    if not value or value == "TEMPORARY_OUTPUT" or value.startswith("memory:") or "://" in value:
        return None
    return Path(value.split("|")[0])


def _rasters(alg, result, parameters, context, staged: RasterDelivery, sheet, show: Presentation) -> dict:
    outputs = {}
    quality = alg.parameterAsOutputLayer(parameters, "OUTPUT_QUALITY", context)
    outputs["OUTPUT_QUALITY"] = staged.add(result.quality, quality)
    name = tr("Exact quality map – {sheet}") if show.exact else tr("Estimated quality map – {sheet}")
    styling.attach(context, outputs["OUTPUT_QUALITY"], "quality", show.group, name.format(sheet=sheet))
    if alg.parameterDefinition("OUTPUT_CONFIDENCE") is not None and requested(parameters, "OUTPUT_CONFIDENCE"):
        conf = alg.parameterAsOutputLayer(parameters, "OUTPUT_CONFIDENCE", context)
        if conf:
            outputs["OUTPUT_CONFIDENCE"] = staged.add(result.confidence, conf)
            styling.attach(context, outputs["OUTPUT_CONFIDENCE"], "confidence", show.group,
                           tr("Confidence – {sheet}").format(sheet=sheet))
    return outputs


def _vectors(alg, result, parameters, context, feedback, image_layer, sheet, show, outputs, written,
             staged: RasterDelivery) -> dict:
    """Copy each requested GeoPackage layer into its sink; the feature count per output. The files of the
    sinks are listed in `written` (removed if a later output fails)."""
    counts = {}
    for name, gpkg_name, kind, desc in output_layers():
        layer = gpkg_layer(result.polygons, gpkg_name)
        counts[name] = layer.featureCount() if layer is not None else 0
        if not requested(parameters, name):
            continue
        fields = sink_fields(layer)
        target = _sink_file(parameters, name)
        if target is not None:
            written.append(target)  # a file, created by the sink (even when creating it fails halfway)
            staged.folder = target.parent
        sink, dest_id = alg.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.MultiPolygon,
                                            image_layer.crs())
        if sink is None:
            continue
        counts[name] = copy_features(layer, sink, fields, feedback)
        outputs[name] = dest_id
        styling.attach(context, dest_id, kind, show.group, tr("{what} – {sheet}").format(what=desc, sheet=sheet))
    return counts


def _undo(staged: RasterDelivery, written: list) -> None:
    """What a failed delivery had written: staged rasters, sink files, the summary."""
    staged.abort()
    for path in written:
        for f in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            f.unlink(missing_ok=True)


def _write_all(alg, result, parameters, context, feedback, image_layer, show, sheet, staged, written):
    """(outputs, numbers): the rasters staged, the sinks and the summary written."""
    outputs = _rasters(alg, result, parameters, context, staged, sheet, show)
    counts = _vectors(alg, result, parameters, context, feedback, image_layer, sheet, show, outputs, written, staged)
    summary = result.summary_data or {}
    numbers = summary_html.headline_numbers(summary, counts)
    summary_path = alg.parameterAsFileOutput(parameters, "OUTPUT_SUMMARY", context) \
        if requested(parameters, "OUTPUT_SUMMARY") and parameters.get("OUTPUT_SUMMARY") is not None else ""
    if summary_path:
        staged.folder = Path(summary_path).parent
        summary_html.write(summary_path, f"{show.title} – {sheet}", summary, numbers, outputs, show.exact,
                           show.warnings)
        written.append(Path(summary_path))
        outputs["OUTPUT_SUMMARY"] = summary_path
    return outputs, numbers


def deliver(alg, result, parameters, context, feedback, image_layer, show: Presentation) -> dict:
    """All requested outputs of `alg` (an AssessBase) from the core's result, and its numbers; all or none:
    a destination that cannot be written (full disk, read-only folder) is one translated sentence and leaves
    no output behind."""
    sheet = sheet_name(image_layer)
    step(feedback, 90.0, tr("Writing the output layers"))
    staged, written = RasterDelivery(), []
    try:
        outputs, numbers = _write_all(alg, result, parameters, context, feedback, image_layer, show, sheet, staged,
                                      written)
        staged.commit()
    except Exception as exc:  # noqa: BLE001 (classified below; anything else is raised as it is)
        message = write_failure_message(exc, staged.folder or Path(result.quality).parent)  # before freeing space
        _undo(staged, written)
        if message is None:
            raise
        raise QgsProcessingException(message) from None
    numbers[alg.IOU_OUTPUT] = numbers.pop("IOU")
    outputs.update(numbers)
    line = tr("IoU {iou:.3f} (exact, against the reference)") if show.exact else tr("Estimated IoU {iou:.3f}")
    feedback.pushInfo(line.format(iou=numbers[alg.IOU_OUTPUT]) + "; " + tr(
        "{fp} false positive and {fn} false negative region(s), {missed} missed object(s).").format(
        fp=numbers["FP_COUNT"], fn=numbers["FN_COUNT"], missed=numbers["MISSED_COUNT"]))
    step(feedback, 100.0, tr("Done"))
    return outputs
