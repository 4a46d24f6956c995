"""segassess:rank: several candidate annotations of one image ranked (by the network without ground
truth, or exactly against reference data), and the best version of each object in one layer.

QGIS parameters -> core.rank.run.RankJob -> core.rank.run.run_rank -> Processing outputs: the best_of
layer, the ranking table, and every candidate's quality map loaded in one group, named with its rank.
"""
from __future__ import annotations

import math
import shutil
from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBand,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)

from .. import styling
from ..feedback import QgisProgress, step
from ..qgis_io import copy_features, gpkg_layer, sheet_name, sink_fields, temp_dir, tr
from .assess import AssessAlgorithm, load_assessor
from .assess_base import layer_spec
from .base import call, cancelled, require
from .delivery import requested
from .model_choice import FALLBACK_TILE_SIZE, demo_warning, precision_value


class RankAlgorithm(AssessAlgorithm):
    def name(self):
        return "rank"

    def displayName(self):  # noqa: N802
        return tr("Rank candidate annotations")

    def shortHelpString(self):  # noqa: N802
        return (
            "<p>" + tr("Ranks several annotations of the same image (an old survey, an update, a model's output "
                       "...) without ground truth: the network assesses all of them in one pass (each tile is "
                       "encoded once for all candidates), they are ranked by estimated IoU, and for every object "
                       "the version with the best estimate is kept in one 'best of' layer. With reference data "
                       "the exact assessment is used and the ranking is exact.") + "</p>"
            + "<p><b>" + tr("Best of") + "</b>: " + tr("features of the candidates are one object when they overlap "
                                                       "by at least the minimum overlap of the smaller one's area; "
                                                       "each candidate's version of an object is scored over the "
                                                       "same zone and the best is kept, with the runner-up's "
                                                       "estimate. An object only one candidate has is kept when its "
                                                       "estimated IoU reaches the minimum (the network sees more of "
                                                       "it right than wrong).") + "</p>"
            + "<p><b>" + tr("Outputs") + "</b>: " + tr("the best-of layer, the ranking table (rank 1 = best; "
                                                        "estimated IoU, F1, precision, recall; FP/FN areas in m²), "
                                                        "and in the output folder every candidate's quality map and "
                                                        "assessment and the ranking as CSV and JSON.") + "</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer("IMAGE", tr("Image (georeferenced raster)")))
        self.addParameter(QgsProcessingParameterBand(
            "BANDS", tr("Bands (red, green, blue; default 1, 2, 3)"), None, "IMAGE", optional=True,
            allowMultiple=True))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "CANDIDATES", tr("Candidate annotations (polygon layers or raster masks)"), QgsProcessing.TypeMapLayer))
        self.addParameter(QgsProcessingParameterExpression(
            "FILTER", tr("Filter of the vector candidates (e.g. \"Niveau_2\" = 'Building')"), optional=True))
        self.addParameter(QgsProcessingParameterMapLayer(
            "TRUTH", tr("Reference data (optional: an exact ranking instead of the network's)"), optional=True))
        self.addParameter(QgsProcessingParameterExpression(
            "TRUTH_FILTER", tr("Reference filter (vector reference only)"), parentLayerParameterName="TRUTH",
            optional=True))
        self.add_network_parameters()
        self.add_min_area()
        self.add_rank_rules()
        temp = QgsProcessing.TEMPORARY_OUTPUT
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_BEST", tr("Best of the candidates"), QgsProcessing.TypeVectorPolygon, temp))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_RANKING", tr("Ranking of the candidates"), QgsProcessing.TypeVector, temp, optional=True,
            createByDefault=True))
        self.addParameter(QgsProcessingParameterFolderDestination(
            "OUTPUT_FOLDER", tr("Folder of the candidates' quality maps and the ranking files"), temp))
        self.addOutput(QgsProcessingOutputString("BEST_CANDIDATE", tr("The best candidate")))
        self.addOutput(QgsProcessingOutputNumber("BEST_IOU", tr("Estimated IoU of the best candidate")))

    def add_rank_rules(self):
        from ...core.rank import MIN_OVERLAP, SINGLE_MIN_IOU

        for name, text, default in (
                ("MIN_OVERLAP", tr("Minimum overlap of matched features (fraction of the smaller one)"), MIN_OVERLAP),
                ("SINGLE_MIN_IOU", tr("Minimum estimated IoU of an object only one candidate has"), SINGLE_MIN_IOU)):
            p = QgsProcessingParameterNumber(name, text, QgsProcessingParameterNumber.Double, default, minValue=0.0,
                                             maxValue=1.0)
            p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(p)

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """At least one candidate (not AssessBase's ANNOTATION/MASK rule)."""
        if not self.parameterAsLayerList(parameters, "CANDIDATES", context):
            return False, tr("No candidate annotation was given: choose the layers to rank (two or more).")
        return QgsProcessingAlgorithm.checkParameterValues(self, parameters, context)

    def candidates(self, parameters, context, feedback, image_layer, work: Path):
        """The candidate layers as core Candidates (exported in the image CRS), named after the layers."""
        from ...core.rank.candidates import make_candidates

        layers = self.parameterAsLayerList(parameters, "CANDIDATES", context)
        expr = self.filter_expression(parameters, "FILTER", context)
        specs = []
        for i, layer in enumerate(layers):
            if feedback.isCanceled():
                raise cancelled()
            source = QgsProcessingFeatureSource(layer, context) if isinstance(layer, QgsVectorLayer) else None
            specs.append(layer_spec(layer, source, expr, tr("candidate"), context, feedback, image_layer,
                                    work / f"candidate_{i + 1}.gpkg"))
        return make_candidates([s.path for s in specs], [s.layer for s in specs], labels=[x.name() for x in layers])

    def assessor(self, parameters, context, feedback):
        """(assessor, tile size, demo model?): the reference assessor with reference data, else the network,
        which encodes each tile once for all candidates."""
        if parameters.get("TRUTH") not in (None, ""):
            require("rank")
            from ...core.assess.assessors import ReferenceAssessor

            return ReferenceAssessor(), self.parameterAsInt(parameters, "TILE_SIZE", context) or FALLBACK_TILE_SIZE, \
                False
        model, is_demo = self.model_path(parameters, context, feedback)
        engine, device = self.engine_and_device(parameters, context, feedback, model)
        require("rank")
        tile = self.tile_size(parameters, context, feedback, model)
        consistent = self.parameterAsBool(parameters, "CONSISTENT", context)
        batch = self.parameterAsInt(parameters, "BATCH_SIZE", context)
        precision = precision_value(self, parameters, context)
        return load_assessor(model, engine, tile, device, batch, consistent, precision, split=True), tile, is_demo

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        image_layer, image_path = self.image_layer(parameters, context)
        assessor, tile, is_demo = self.assessor(parameters, context, feedback)  # imports what it needs (require)
        from ...core.assess.job import AssessJob
        from ...core.rank.run import RankJob, run_rank

        args = self.common_job_args(parameters, context, tile)
        folder = Path(self.parameterAsString(parameters, "OUTPUT_FOLDER", context))
        work = temp_dir("segassess_rank")
        try:
            step(feedback, 2.0, tr("Reading the candidate annotations"))
            cands = self.candidates(parameters, context, feedback, image_layer, work)
            truth = None
            if parameters.get("TRUTH") not in (None, ""):
                truth = layer_spec(self.parameterAsLayer(parameters, "TRUTH", context),
                                   self.parameterAsSource(parameters, "TRUTH", context),
                                   self.filter_expression(parameters, "TRUTH_FILTER", context), tr("reference data"),
                                   context, feedback, image_layer, work / "truth.gpkg")
            job = AssessJob(image=Path(image_path), annotation=cands[0].spec, out_dir=folder, truth=truth,
                            overwrite=True, prefix=f"{sheet_name(image_layer)}_", **args)
            rank = RankJob(job, cands, self.parameterAsDouble(parameters, "MIN_OVERLAP", context),
                           self.parameterAsDouble(parameters, "SINGLE_MIN_IOU", context))
            result = call(run_rank, rank, assessor, QgisProgress(feedback, 10.0, 90.0))
        finally:  # the exported candidate and reference GeoPackages
            shutil.rmtree(work, ignore_errors=True)
        if feedback.isCanceled():
            raise cancelled()
        if is_demo:
            feedback.pushWarning(demo_warning())
        return self.deliver_rank(result, folder, parameters, context, feedback, image_layer)

    def deliver_rank(self, result, folder: Path, parameters, context, feedback, image_layer) -> dict:
        """best_of and the ranking into their sinks, the candidates' quality maps loaded in one group."""
        sheet = sheet_name(image_layer)
        step(feedback, 90.0, tr("Writing the output layers"))
        outputs = {"OUTPUT_FOLDER": str(folder)}
        for name, layer_name, wkb in (("OUTPUT_BEST", "best_of", QgsWkbTypes.MultiPolygon),
                                      ("OUTPUT_RANKING", "ranking", QgsWkbTypes.NoGeometry)):
            if not requested(parameters, name):
                continue
            layer = gpkg_layer(result.best_of, layer_name)
            fields = sink_fields(layer)
            sink, dest = self.parameterAsSink(parameters, name, context, fields, wkb, image_layer.crs())
            if sink is not None:
                copy_features(layer, sink, fields, feedback)
                outputs[name] = dest
        group = tr("Ranking – {sheet}").format(sheet=sheet)
        for row in result.rows:
            quality = str(result.assessments[row["key"]].quality)
            label = tr("{rank}. {name}: quality").format(rank=row["rank"], name=row["candidate"])
            context.addLayerToLoadOnCompletion(quality, QgsProcessingContext.LayerDetails(label, QgsProject.instance(),
                                                                                          quality))
            styling.attach(context, quality, "quality", group, label)
        best = result.rows[0]
        iou = best["est_iou"]
        feedback.pushInfo(tr("Best candidate: {name} (estimated IoU {iou}); best of: {n} feature(s) from {k} "
                             "object(s).").format(name=best["candidate"],
                                                  iou="–" if math.isnan(iou) else f"{iou:.3f}",
                                                  n=result.best_of_count, k=result.clusters))
        outputs.update(BEST_CANDIDATE=best["candidate"], BEST_IOU=iou)
        step(feedback, 100.0, tr("Done"))
        return outputs
