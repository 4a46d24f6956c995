"""The assess and reference algorithms' shared half: their parameters, turning QGIS inputs into a
core AssessJob (image file, annotation exported in the image CRS) and handing the job to the core.

QGIS parameters -> core.assess.job.AssessJob -> core.assess.pipeline -> delivery (Processing outputs).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBand,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
    QgsVectorLayer,
)

from .. import review
from ..feedback import QgisProgress
from ..qgis_io import check_overlap, crs_name, export_features, is_selected_only, layer_extent_in, raster_path, tr
from .base import SegAssessAlgorithm, call, cancel_on_terminate, cancelled
from .delivery import deliver, output_layers


def raster_spec(layer, what: str, context, image_layer):
    """A raster mask layer as a core AnnotationSpec: its own file, checked to overlap the image."""
    from ...core.assess.job import AnnotationSpec

    path = raster_path(layer, what)
    ext = layer_extent_in(layer, image_layer.crs(), context.transformContext())
    check_overlap(what, layer.name(), ext, layer.crs(), image_layer)
    return AnnotationSpec(path=Path(path))


def vector_spec(source, name: str, expr: str, what: str, context, feedback, image_layer, out: Path,
                selected_only: bool = False):
    """A feature source (any CRS) as a core AnnotationSpec: its features, filtered by `expr`, exported
    in the image CRS to the GeoPackage `out`; says how many and, if it had to, that it reprojected."""
    from ...core.assess.job import AnnotationSpec

    if source.sourceCrs() != image_layer.crs():
        feedback.pushInfo(tr("Reprojecting the {what} '{name}' from {src} to the image CRS {dst}.").format(
            what=what, name=name, src=crs_name(source.sourceCrs()), dst=crs_name(image_layer.crs())))
    path, count = export_features(source, name, what, image_layer, expr, context, feedback, out,
                                  selected_only=selected_only)
    feedback.pushInfo(tr("{what}: {n} feature(s) from '{name}'{flt}.").format(
        what=what, n=count, name=name, flt=(tr(" matching {expr}").format(expr=expr) if expr else "")))
    return AnnotationSpec(path=path, layer="annotation", name=name)


def layer_spec(layer, source, expr: str, what: str, context, feedback, image_layer, out: Path,
               selected_only: bool = False):
    """A map layer (raster mask or polygon layer) as a core AnnotationSpec on the image (raster_spec,
    vector_spec). source: the layer as a feature source (the parameter's own honours 'selected
    features only'); None for a raster."""
    if isinstance(layer, QgsRasterLayer):
        return raster_spec(layer, what, context, image_layer)
    if not isinstance(layer, QgsVectorLayer):
        raise QgsProcessingException(tr("The {what} '{name}' is neither a vector nor a raster layer.").format(
            what=what, name=layer.name()))
    if source is None:
        raise QgsProcessingException(tr("The {what} layer '{name}' could not be read.").format(
            what=what, name=layer.name()))
    return vector_spec(source, layer.name(), expr, what, context, feedback, image_layer, out, selected_only)


class AssessBase(SegAssessAlgorithm):
    """Parameters, input preparation and output delivery of `assess` and `reference`."""

    IOU_OUTPUT = "ESTIMATED_IOU"  # the numeric output with the IoU of the annotation
    EXACT = False                 # reference: figures against a reference, not estimated by a network

    # ------------------------------------------------------------------ parameters
    def add_image_and_annotation(self, with_bands: bool = True):
        self.addParameter(QgsProcessingParameterRasterLayer("IMAGE", tr("Image (georeferenced raster)")))
        if with_bands:
            self.addParameter(QgsProcessingParameterBand(
                "BANDS", tr("Bands (red, green, blue; default 1, 2, 3)"), None, "IMAGE", optional=True,
                allowMultiple=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "ANNOTATION", tr("Annotation polygons to assess (vector)"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            "MASK", tr("Annotation mask to assess (raster, non-zero = object)"), optional=True))
        self.addParameter(QgsProcessingParameterExpression(
            "FILTER", tr("Annotation filter (e.g. \"Niveau_2\" = 'Building')"), parentLayerParameterName="ANNOTATION",
            optional=True))

    def add_min_area(self):
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_AREA", tr("Minimum FP/FN polygon area (ground m²)"), QgsProcessingParameterNumber.Double, 0.0,
            minValue=0.0))

    def add_outputs(self, with_confidence: bool = True):
        """Quality map, confidence, the polygon layers, the summary, and the numbers for models.

        Unset optional layers default to temporary layers (processing.run, qgis_process, models); an
        output left blank (the batch dialog) or skipped is not produced. The summary is produced only
        when asked for, and is declared a file output: the batch dialogs of QGIS 3.22 to 3.40 fail on HTML
        outputs (addResult() without its timestamp)."""
        temp = QgsProcessing.TEMPORARY_OUTPUT
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OUTPUT_QUALITY", tr("Quality map (1 TP, 2 FP, 3 TN, 4 FN)"), temp))
        if with_confidence:
            self.addParameter(QgsProcessingParameterRasterDestination(
                "OUTPUT_CONFIDENCE", tr("Confidence (0-1)"), temp, optional=True, createByDefault=True))
        for name, _, _, desc in output_layers():
            self.addParameter(QgsProcessingParameterFeatureSink(
                name, desc, QgsProcessing.TypeVectorPolygon, temp, optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_SUMMARY", tr("Summary report"), tr("HTML files (*.html)"), None, optional=True,
            createByDefault=False), createOutput=False)
        self.addOutput(QgsProcessingOutputFile("OUTPUT_SUMMARY", tr("Summary report")))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_ASSESSMENT", tr("Assessment GeoPackage with the review items (decisions kept on re-runs)"),
            tr("GeoPackage files (*.gpkg)"), temp, optional=True, createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber(self.IOU_OUTPUT, self.iou_description()))
        self.addOutput(QgsProcessingOutputNumber("FP_COUNT", tr("Number of false positive regions")))
        self.addOutput(QgsProcessingOutputNumber("FN_COUNT", tr("Number of false negative regions")))
        self.addOutput(QgsProcessingOutputNumber("MISSED_COUNT", tr("Number of missed objects")))

    def iou_description(self) -> str:
        return tr("IoU of the annotation (exact, against the reference)") if self.EXACT else \
            tr("Estimated IoU of the annotation")

    # ------------------------------------------------------------------ inputs
    def checkParameterValues(self, parameters, context):  # noqa: N802
        """Exactly one of ANNOTATION / MASK, checked before the run starts (the dialog shows it)."""
        has_vec = parameters.get("ANNOTATION") not in (None, "")
        has_mask = parameters.get("MASK") not in (None, "")
        if has_vec and has_mask:
            return False, tr("Give either an annotation layer or an annotation mask, not both: both 'ANNOTATION' "
                             "and 'MASK' are set.")
        if not has_vec and not has_mask:
            return False, tr("No annotation was given: choose a polygon layer (ANNOTATION) or a raster mask (MASK).")
        return super().checkParameterValues(parameters, context)

    def image_layer(self, parameters, context):
        layer = self.parameterAsRasterLayer(parameters, "IMAGE", context)
        if layer is None:
            raise QgsProcessingException(tr("No image was given, or it could not be loaded as a raster layer."))
        return layer, raster_path(layer, tr("image"))

    def annotation_spec(self, parameters, context, feedback, image_layer, work: Path, ann_name="ANNOTATION",
                        mask_name="MASK", filter_name="FILTER", what=None, required=True):
        """The annotation (vector or mask) as a core AnnotationSpec in the image CRS; None if absent."""
        what = what or tr("annotation")
        has_vec = parameters.get(ann_name) not in (None, "")
        has_mask = mask_name is not None and parameters.get(mask_name) not in (None, "")
        if has_vec and has_mask:
            raise QgsProcessingException(
                tr("Give either an annotation layer or an annotation mask, not both: both '{a}' and '{m}' are set.")
                .format(a=ann_name, m=mask_name))
        if not has_vec and not has_mask:
            if not required:
                return None
            raise QgsProcessingException(
                tr("No {what} was given: choose a polygon layer ({a}) or a raster mask ({m}).").format(
                    what=what, a=ann_name, m=mask_name or ann_name))
        expr = self.filter_expression(parameters, filter_name, context) if filter_name else ""
        if has_mask:
            mask = self.parameterAsRasterLayer(parameters, mask_name, context)
            if expr:
                feedback.pushWarning(tr("The filter applies to vector annotations only; it is ignored for the "
                                        "raster mask '{name}'.").format(name=mask.name()))
            return raster_spec(mask, what, context, image_layer)
        source = self.parameterAsSource(parameters, ann_name, context)
        if source is None:
            raise QgsProcessingException(tr("The {what} layer could not be loaded.").format(what=what))
        return vector_spec(source, source.sourceName() or ann_name, expr, what, context, feedback, image_layer,
                           work / f"{ann_name.lower()}.gpkg",
                           selected_only=is_selected_only(parameters.get(ann_name)))

    def filter_expression(self, parameters, name, context) -> str:
        """The filter expression; one QGIS cannot parse is returned as written (to be reported).

        parameterAsExpression gives "" for an expression with a syntax error, which would assess the
        whole, unfiltered layer without a word.
        """
        expr = self.parameterAsExpression(parameters, name, context)
        raw = parameters.get(name)
        if not expr and isinstance(raw, str) and raw.strip():
            expr = raw.strip()
        return expr

    def common_job_args(self, parameters, context, tile_size: int | None = None) -> dict:
        """Tiling and area parameters of the core job (`tile_size`: already resolved by the caller)."""
        args = {
            "tile_size": tile_size or self.parameterAsInt(parameters, "TILE_SIZE", context),
            "overlap": self.parameterAsInt(parameters, "OVERLAP", context),
            "batch_size": self.parameterAsInt(parameters, "BATCH_SIZE", context),
            "min_area": self.parameterAsDouble(parameters, "MIN_AREA", context),
        }
        from ...core.assess.tiling import validate_tiling

        call(validate_tiling, args["tile_size"], args["overlap"])  # the core's own check, its message translated
        if "BANDS" in parameters and parameters.get("BANDS") not in (None, "", []):
            bands = self.parameterAsInts(parameters, "BANDS", context)
            args["bands"] = bands or None
        return args

    # ------------------------------------------------------------------ running
    def run_core(self, job, assessor, parameters, context, feedback, image_layer, presentation) -> dict:
        """Run the pipeline, then hand its files to the Processing destinations."""
        from ...core.assess import pipeline

        review_file = self.parameterAsFileOutput(parameters, "OUTPUT_ASSESSMENT", context)
        if review_file and Path(review_file).is_file():  # re-run into the same file: keep its decisions
            job.previous_review = Path(review_file)
        try:
            with cancel_on_terminate(feedback):
                result = call(pipeline.run_assessment, job, assessor, QgisProgress(feedback, 10.0, 90.0))
            if feedback.isCanceled():
                raise cancelled()
            outputs = deliver(self, result, parameters, context, feedback, image_layer, presentation)
            if review_file:
                from ...core.common.files import atomic_write

                atomic_write(review_file, lambda tmp: shutil.copyfile(result.polygons, tmp))
                outputs["OUTPUT_ASSESSMENT"] = self.review_path = review_file
            return outputs
        finally:
            # the core's files were moved or copied to the destinations: drop the work folder now
            # rather than when QGIS exits (large sheets)
            shutil.rmtree(Path(job.out_dir).parent, ignore_errors=True)

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802 (QGIS API; main thread)
        review.offer(getattr(self, "review_path", None))  # the desktop's review panel opens the new items
        return {}
