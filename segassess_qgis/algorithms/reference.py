"""segassess:reference: the exact quality map of an annotation against reference data.

Uses core.assess.assessors.ReferenceAssessor, so it needs no network: validating a model on
reference sheets, producing training/evaluation targets, and checking an inventory
against a better one.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from qgis.core import QgsProcessingException, QgsProcessingParameterExpression, QgsProcessingParameterMapLayer

from ..qgis_io import RELEASES_URL, is_selected_only, sheet_name, temp_dir, tr
from .assess_base import AssessBase, layer_spec
from .base import cancelled, require
from .delivery import Presentation
from .help import common_help


class ReferenceAlgorithm(AssessBase):
    IOU_OUTPUT = "IOU"
    EXACT = True

    def name(self):
        return "reference"

    def displayName(self):  # noqa: N802
        return tr("Quality map from reference data")

    def shortHelpString(self):  # noqa: N802
        return (
            "<p>" + tr("Computes the exact pixel-level quality map (TP/FP/TN/FN) of an annotation by comparing it "
                       "with reference data (ground truth). No network is needed: use it to validate a model's "
                       "quality maps on reference sheets (then 'Compare with reference') or to check one "
                       "inventory against a better one.") + "</p>"
            + common_help(" " + tr("Reference data (TRUTH): a polygon layer (optionally filtered by the "
                                   "reference filter) or a raster mask; any CRS."))
            + "<p><b>" + tr("Limits") + "</b>: " + tr("the image must be a file-based, north-up, georeferenced "
                                                      "raster; annotation and reference must overlap it.") + "</p>"
            + "<p>" + tr("No model is needed here; released SegAssess model files for 'Assess segmentation "
                         "quality': {url}").format(url=RELEASES_URL) + "</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_image_and_annotation(with_bands=False)
        self.addParameter(QgsProcessingParameterMapLayer(
            "TRUTH", tr("Reference data (ground truth: polygon layer or raster mask)")))
        self.addParameter(QgsProcessingParameterExpression(
            "TRUTH_FILTER", tr("Reference filter (vector reference only)"), parentLayerParameterName="TRUTH",
            optional=True))
        self.add_tiling()
        self.add_min_area()
        self.add_outputs(with_confidence=False)  # exact: the confidence would be 1 everywhere

    def truth_spec(self, parameters, context, feedback, image_layer, work):
        layer = self.parameterAsLayer(parameters, "TRUTH", context)
        if layer is None:
            raise QgsProcessingException(tr("The reference data (TRUTH) could not be loaded as a layer."))
        return layer_spec(layer, self.parameterAsSource(parameters, "TRUTH", context),
                          self.filter_expression(parameters, "TRUTH_FILTER", context), tr("reference data"), context,
                          feedback, image_layer, work / "truth.gpkg",
                          selected_only=is_selected_only(parameters.get("TRUTH")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        require("core")
        from ...core.assess.assessors import ReferenceAssessor
        from ...core.assess.job import AssessJob

        image_layer, image_path = self.image_layer(parameters, context)
        args = self.common_job_args(parameters, context)  # checked before the (long) annotation export
        work = temp_dir("segassess_ref")
        try:
            feedback.setProgressText(tr("Reading the annotation and the reference data"))
            annotation = self.annotation_spec(parameters, context, feedback, image_layer, work)
            truth = self.truth_spec(parameters, context, feedback, image_layer, work)
            if feedback.isCanceled():
                raise cancelled()
            feedback.setProgress(10)
            job = AssessJob(image=Path(image_path), annotation=annotation,
                            out_dir=work / "out", truth=truth, overwrite=True, **args)
            show = Presentation(tr("SegAssess exact quality map from reference data"),
                                tr("Reference – {sheet}").format(sheet=sheet_name(image_layer)), exact=True)
            return self.run_core(job, ReferenceAssessor(), parameters, context, feedback, image_layer, show)
        finally:  # the exported annotation/reference GeoPackages, also when a check above failed
            shutil.rmtree(work, ignore_errors=True)
