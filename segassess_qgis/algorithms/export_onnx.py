"""segassess:export_onnx: export a SegAssess checkpoint to ONNX for ONNX Runtime."""
from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ..qgis_io import RELEASES_URL, tr
from .model_choice import MODEL_FILTER
from .base import SegAssessAlgorithm, call, cancelled, require


class ExportOnnxAlgorithm(SegAssessAlgorithm):
    def name(self):
        return "export_onnx"

    def displayName(self):  # noqa: N802
        return tr("Export model to ONNX")

    def group(self):
        return tr("Models")

    def groupId(self):  # noqa: N802
        return "models"

    def shortHelpString(self):  # noqa: N802
        return (
            "<p>" + tr("Exports a SegAssess PyTorch checkpoint to an ONNX file for a fixed tile size, so "
                       "'Assess segmentation quality' can run it with ONNX Runtime (smaller install, no PyTorch "
                       "needed at inference).") + "</p>"
            + "<p><b>" + tr("Inputs") + "</b>: " + tr("a model file (.pkl/.pth released at {url}, or .safetensors) "
                                                      "and the tile size the ONNX model will accept (a multiple "
                                                      "of 16; use the tile size of later runs).").format(
                url=RELEASES_URL) + "</p>"
            + "<p><b>" + tr("Outputs") + "</b>: " + tr("an .onnx file (opset 17), checked against PyTorch on a "
                                                       "random tile.") + "</p>"
            + "<p>" + tr("The exported network predicts the same quality classes: 1 TP (red), 2 FP (green), "
                         "3 TN (blue), 4 FN (cyan).") + "</p>"
            + "<p><b>" + tr("Limits") + "</b>: " + tr("needs PyTorch and onnx; the ONNX model only accepts the "
                                                      "exported tile size.") + "</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile("MODEL", tr("Model file"), QgsProcessingParameterFile.File,
                                                     fileFilter=MODEL_FILTER))
        self.addParameter(QgsProcessingParameterNumber(
            "TILE_SIZE", tr("Tile size (pixels)"), QgsProcessingParameterNumber.Integer, 512, minValue=64,
            maxValue=4096))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", tr("ONNX model"), tr("ONNX models (*.onnx)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        require("export")
        from ...core.common.files import atomic_write
        from ...models.export import export_onnx

        model = Path(self.parameterAsFile(parameters, "MODEL", context))
        if not model.is_file():
            raise QgsProcessingException(tr("The model file {path} does not exist.").format(path=model))
        tile = self.parameterAsInt(parameters, "TILE_SIZE", context)
        out = Path(self.parameterAsFileOutput(parameters, "OUTPUT", context))
        if out.suffix.lower() != ".onnx":
            out = out.with_suffix(".onnx")
        out.parent.mkdir(parents=True, exist_ok=True)
        feedback.setProgressText(tr("Exporting {name} to ONNX ({t} px tiles)").format(name=model.name, t=tile))
        feedback.setProgress(5)

        def write(tmp):  # in a hidden folder beside `out`, renamed over it only when complete
            call(export_onnx, str(model), tile, str(tmp), opset=17)
            if feedback.isCanceled():
                raise cancelled()

        atomic_write(out, write)
        feedback.setProgress(100)
        feedback.pushInfo(tr("Wrote {path}.").format(path=out))
        return {"OUTPUT": str(out)}
