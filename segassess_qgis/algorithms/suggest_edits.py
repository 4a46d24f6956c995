"""segassess:suggest_edits: an assessment's accepted review items applied to the inventory.

Thin: parameters -> core.review.suggest.EditRequest -> suggest_edits (the same call as
`segassess edits`) -> the corrected inventory and the changes loaded from the output GeoPackage.
"""
from __future__ import annotations

from pathlib import Path

from qgis.core import (QgsProcessing, QgsProcessingContext, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingOutputVectorLayer, QgsProcessingParameterEnum, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsProcessingParameterVectorLayer)

# `from package import module` first: QGIS's plugin loader records imported modules by the names it
# sees (qgis.utils._import), and only so does unloading the plugin also unload these packages
from ...core import review as _review_package  # noqa: F401
from ...core.review.schema import ACCEPT_MODES, DEFAULT_MIN_CONFIDENCE, OBJECT_TYPES
from ..feedback import QgisProgress
from ..qgis_io import tr
from .base import SegAssessAlgorithm, call, require
from .campaign_args import vector_file



class SuggestEditsAlgorithm(SegAssessAlgorithm):
    def name(self):
        return "suggest_edits"

    def displayName(self):  # noqa: N802
        return tr("Suggested edits from review items")

    def shortHelpString(self):  # noqa: N802
        return (
            "<p>" + tr("Turns an assessment's review items into a corrected inventory: false-positive parts "
                       "cut out, false-negative parts joined to the feature they border, missed objects added "
                       "(buildings squared or simplified, water with smooth outlines), every feature's "
                       "attributes kept, with the columns 'edit' (kept, reshaped, removed, added) and "
                       "'source_fid'. A second layer lists the changes with their areas.") + "</p>"
            + "<p><b>" + tr("Accept") + "</b>: " + tr("auto applies the items at or above the minimum confidence "
                                                     "(and those marked confirmed); reviewed applies only the "
                                                     "items marked confirmed or fixed. An item marked false alarm "
                                                     "is never applied.") + "</p>"
            + "<p>" + tr("The assessment is an '…_assessment.gpkg' of 'Assess segmentation quality' or a campaign's "
                         "'campaign_report.gpkg'; the inventory is the layer that was assessed (with the same "
                         "filter).") + "</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            "ASSESSMENT", tr("Assessment or campaign report (GeoPackage with review items)"), extension="gpkg"))
        self.addParameter(QgsProcessingParameterVectorLayer(
            "INVENTORY", tr("Inventory that was assessed"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterString(
            "FILTER", tr("Inventory filter (SQL WHERE, e.g. \"Niveau_2\" = 'Building')"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "ACCEPT", tr("Accept"), [tr("auto (confidence threshold)"), tr("reviewed (confirmed or fixed only)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_CONFIDENCE", tr("Minimum confidence of an item applied automatically"),
            QgsProcessingParameterNumber.Double, DEFAULT_MIN_CONFIDENCE, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterEnum(
            "OBJECT_TYPE", tr("Objects added as"), [tr("buildings"), tr("water bodies")], defaultValue=0))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", tr("Corrected inventory (GeoPackage: layers corrected, changes)"),
            tr("GeoPackage files (*.gpkg)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            "TRAINING_SHEETS", tr("Training sheets of the reviewed sheets (YAML; needs 'reviewed')"),
            tr("YAML files (*.yaml)"), optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputVectorLayer("CORRECTED", tr("Corrected inventory")))
        self.addOutput(QgsProcessingOutputVectorLayer("CHANGES", tr("Changes")))
        for name, text in (("ACCEPTED", tr("Items applied")), ("RESHAPED", tr("Features reshaped")),
                           ("REMOVED", tr("Features removed")), ("ADDED", tr("Features added"))):
            self.addOutput(QgsProcessingOutputNumber(name, text))

    def request(self, parameters, context):
        from ...core.assess.job import AnnotationSpec
        from ...core.review.suggest import EditRequest

        layer = self.parameterAsVectorLayer(parameters, "INVENTORY", context)
        if layer is None:
            raise QgsProcessingException(tr("The inventory layer could not be loaded."))
        path, layer_name, where = vector_file(layer, tr("inventory"), self.parameterAsString(parameters, "FILTER",
                                                                                              context))
        out = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        training = self.parameterAsFileOutput(parameters, "TRAINING_SHEETS", context) \
            if parameters.get("TRAINING_SHEETS") not in (None, "") else ""
        return EditRequest(
            assessment=Path(self.parameterAsFile(parameters, "ASSESSMENT", context)),
            annotation=AnnotationSpec(Path(path), layer_name, where or None), out=Path(out),
            accept=ACCEPT_MODES[self.parameterAsEnum(parameters, "ACCEPT", context)],
            min_confidence=self.parameterAsDouble(parameters, "MIN_CONFIDENCE", context),
            object_type=OBJECT_TYPES[self.parameterAsEnum(parameters, "OBJECT_TYPE", context)],
            overwrite=True, training_sheets=Path(training) if training else None)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        require("core")
        from ...core.review.suggest import suggest_edits

        req = self.request(parameters, context)
        feedback.setProgressText(tr("Applying the accepted review items"))
        res = call(suggest_edits, req, QgisProgress(feedback, 5.0, 95.0))
        out = str(res["out"])
        layers = {}
        for key, name, title in (("CORRECTED", "corrected", tr("Corrected inventory")),
                                 ("CHANGES", "changes", tr("Changes"))):
            layers[key] = f"{out}|layername={name}"
            context.addLayerToLoadOnCompletion(layers[key], QgsProcessingContext.LayerDetails(
                title, context.project(), title))
        e = res["edits"]
        feedback.pushInfo(tr("{n} item(s) applied: {reshaped} reshaped, {removed} removed, {added} added.").format(
            n=res["accepted"], reshaped=e["reshaped"], removed=e["removed"], added=e["added"]))
        return {"OUTPUT": out, **layers, "ACCEPTED": res["accepted"], "RESHAPED": e["reshaped"],
                "REMOVED": e["removed"], "ADDED": e["added"],
                **({"TRAINING_SHEETS": str(res["training_sheets"])} if res.get("training_sheets") else {})}

