"""segassess:evaluate: score a predicted quality map against a reference quality map."""
from __future__ import annotations

import math

from qgis.PyQt.QtCore import QVariant
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterRasterLayer,
    QgsWkbTypes,
)

from ..qgis_io import RELEASES_URL, raster_path, tr
from .base import SegAssessAlgorithm, call, require


def _num(v):
    """NaN (class absent from both maps) as NULL in the table."""
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


class EvaluateAlgorithm(SegAssessAlgorithm):
    def name(self):
        return "evaluate"

    def displayName(self):  # noqa: N802
        return tr("Compare with reference")

    def shortHelpString(self):  # noqa: N802
        return (
            "<p>" + tr("Scores a predicted quality map (from 'Assess segmentation quality') against a reference "
                       "quality map of the same image (from 'Quality map from reference data'), as in the "
                       "SegAssess paper: per class (TP, FP, TN, FN) one-vs-rest precision, recall, F1 and IoU, "
                       "then mF1 and mIoU over the classes present.") + "</p>"
            + "<p><b>" + tr("Inputs") + "</b>: " + tr("two quality rasters (values 1 TP red, 2 FP green, 3 TN blue, "
                                                      "4 FN cyan; 0 = no data) on the same pixel grid.") + "</p>"
            + "<p><b>" + tr("Outputs") + "</b>: " + tr("a table with one row per class (class, precision, recall, "
                                                       "F1, IoU, pixels) and a 'mean' row; the numbers mF1 and mIoU "
                                                       "for use in models.") + "</p>"
            + "<p><b>" + tr("Limits") + "</b>: " + tr("both rasters must have the same size, transform and CRS; "
                                                      "a class absent from both maps is left empty and excluded "
                                                      "from the means.") + "</p>"
            + "<p>" + tr("Predicted maps come from 'Assess segmentation quality' with a SegAssess model; released "
                         "model files: {url}").format(url=RELEASES_URL) + "</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer("PREDICTED", tr("Predicted quality map")))
        self.addParameter(QgsProcessingParameterRasterLayer("REFERENCE", tr("Reference quality map")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_TABLE", tr("Scores per class"), QgsProcessing.TypeVector))
        self.addOutput(QgsProcessingOutputNumber("MF1", tr("Mean F1 (mF1)")))
        self.addOutput(QgsProcessingOutputNumber("MIOU", tr("Mean IoU (mIoU)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        require("core")
        from ...core.assess.metrics import evaluate_rasters

        pred = raster_path(self.parameterAsRasterLayer(parameters, "PREDICTED", context), tr("predicted quality"))
        ref = raster_path(self.parameterAsRasterLayer(parameters, "REFERENCE", context), tr("reference quality"))
        feedback.setProgressText(tr("Comparing the quality maps"))
        feedback.setProgress(5)
        result = call(evaluate_rasters, pred, ref)
        feedback.setProgress(80)
        fields = QgsFields()
        fields.append(QgsField("class", QVariant.String))
        for name in ("precision", "recall", "f1", "iou"):
            fields.append(QgsField(name, QVariant.Double))
        fields.append(QgsField("pixels", QVariant.LongLong))
        sink, dest_id = self.parameterAsSink(parameters, "OUTPUT_TABLE", context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT_TABLE"))
        rows = []
        for cls, s in result["classes"].items():
            rows.append([cls, _num(s["precision"]), _num(s["recall"]), _num(s["f1"]), _num(s["iou"]),
                         int(s["support"])])
        rows.append(["mean", _num(result["mPrecision"]), _num(result["mRecall"]), _num(result["mF1"]),
                     _num(result["mIoU"]), int(result["pixels"])])
        for row in rows:
            f = QgsFeature(fields)
            f.setAttributes(row)
            if not sink.addFeature(f, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.writeFeatureError(sink, parameters, "OUTPUT_TABLE"))
        if result.get("absent_classes"):
            feedback.pushInfo(tr("Classes absent from both maps (left out of the means): {names}.").format(
                names=", ".join(result["absent_classes"])))
        feedback.pushInfo(tr("mF1 {mf1:.4f}, mIoU {miou:.4f} over {n} pixel(s).").format(
            mf1=result["mF1"], miou=result["mIoU"], n=result["pixels"]))
        feedback.setProgress(100)
        return {"OUTPUT_TABLE": dest_id, "MF1": float(result["mF1"]), "MIOU": float(result["mIoU"])}
