"""segassess:batch_campaign: a resumable assessment campaign over many map sheets.

The campaign itself is the command line's `segassess batch` (campaign.py on Dask
distributed). It cannot run inside the QGIS process: Dask's worker processes are started with
multiprocessing, which would start the QGIS executable instead of Python, and the GDAL/PROJ
copies of the rasterio/pyproj wheels clash with QGIS's own in worker processes of a QGIS binary.
So this algorithm runs the command in a plain Python interpreter as a subprocess with
`--progress jsonl`, turns its JSON lines into Processing progress and log messages, stops it on
cancel (SIGTERM, then SIGKILL of its process group), and loads the merged report layers.
"""
from __future__ import annotations

import signal
from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsVectorLayer,
)

from .. import review, styling
from ..qgis_io import RELEASES_URL, temp_dir, tr
from ..runtime import interpreter, subprocess_run
from .base import SegAssessAlgorithm
from .campaign_args import CampaignArguments
from .delivery import output_layers
from .model_choice import model_parameter, precision_parameter

SHEET_LIST_FILTER = ("Sheet lists and sheet indexes (*.csv *.yaml *.yml *.gpkg *.shp *.geojson *.fgb);;"
                     "All files (*.*)")
# merged layers of campaign_report.gpkg loaded into the project (missed_objects stays in the file)
LOADED_LAYERS = ("false_positive", "false_negative", "scored_features")
START_PROGRESS, SHEETS_PROGRESS, REPORT_PROGRESS = 2.0, 95.0, 98.0


class BatchCampaignAlgorithm(CampaignArguments, SegAssessAlgorithm):
    def name(self):
        return "batch_campaign"

    def displayName(self):  # noqa: N802
        return tr("Assess map-sheet campaign (batch)")

    def shortHelpString(self):  # noqa: N802
        return (
            "<p>" + tr("Assesses many map sheets in one resumable campaign: every sheet gets the quality map, "
                       "FP/FN polygons and per-feature scores of 'Assess segmentation quality' (or of 'Quality map "
                       "from reference data' with the reference assessor), and the campaign merges them into one "
                       "report.") + "</p>"
            + "<p><b>" + tr("Why not the batch dialog") + "</b>: " + tr(
                "for large campaigns use this algorithm rather than the Processing batch dialog: a manifest in "
                "the output folder records every finished sheet, so a cancelled, failed or interrupted campaign "
                "resumes where it stopped when run again with the same output folder; sheets are assessed in "
                "parallel by Dask worker processes (WORKERS, or a Dask scheduler address); and the results are "
                "merged into one GeoPackage, a table per sheet and an HTML report. For a handful of sheets the "
                "batch dialog of 'Assess segmentation quality' (segassess:assess) is fine.") + "</p>"
            + "<p><b>" + tr("Inputs") + "</b>: " + tr(
                "the sheets, EITHER a folder of GeoTIFFs (one sheet per file), OR a sheet list (.csv/.yaml with a "
                "column 'image' and optional 'id', 'annotation'), OR a sheet-index polygon layer over one mosaic "
                "or VRT (MOSAIC, with the sheet id field ID_FIELD; each sheet is read with MARGIN_PX pixels of "
                "context). The annotation is one polygon file for all sheets (the layer's own filter and the "
                "annotation filter, an OGR SQL WHERE clause such as \"Niveau_2\" = 'Building', are applied). The "
                "reference assessor needs the reference data (TRUTH); the network assessor uses the model file "
                "(empty: the built-in demo model).") + "</p>"
            + "<p><b>" + tr("Outputs") + "</b>: " + tr(
                "in the output folder: campaign.sqlite (the manifest), sheets/<id>/ (each sheet's outputs), "
                "campaign_report.gpkg (layers false_positive, false_negative, scored_features and "
                "missed_objects, each with the column sheet_id), campaign_sheets.csv and campaign_report.html. "
                "The merged FP, FN and scored layers are added to the project in one group. DONE and FAILED "
                "count the sheets; failed sheets do not stop the campaign and are listed in the report.")
            + "</p>"
            + "<p><b>" + tr("Quality classes") + "</b>: " + tr(
                "in each sheet's quality map 1 TP red, 2 FP green, 3 TN blue, 4 FN cyan; FP polygons are "
                "outlined green and FN polygons cyan.") + "</p>"
            + "<p><b>" + tr("Limits") + "</b>: " + tr(
                "the campaign runs as a separate Python process (the QGIS process cannot start Dask workers), "
                "which needs the same dependencies as the plugin plus dask and distributed; layers must be files "
                "(a selection is ignored); choose a real output folder to be able to resume. Released model "
                "files: {url}").format(url=RELEASES_URL) + "</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            "SHEETS", tr("Sheets: sheet list (.csv/.yaml) or sheet-index layer"), QgsProcessingParameterFile.File,
            optional=True, fileFilter=SHEET_LIST_FILTER))
        self.addParameter(QgsProcessingParameterFile(
            "SHEETS_FOLDER", tr("Sheets: folder of GeoTIFFs (instead of a list)"), QgsProcessingParameterFile.Folder,
            optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            "ANNOTATION", tr("Annotation polygons to assess (vector file, all sheets)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterExpression(
            "ANNOTATION_FILTER", tr("Annotation filter (SQL WHERE, e.g. \"Niveau_2\" = 'Building')"),
            parentLayerParameterName="ANNOTATION", optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            "MOSAIC", tr("Mosaic or VRT under the sheet index (sheet-index mode)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            "ID_FIELD", tr("Sheet id field of the sheet index"), optional=True))
        margin = QgsProcessingParameterNumber(
            "MARGIN_PX", tr("Context margin around each sheet of the mosaic (pixels; -1: aligned on the tile grid, seamless)"),
            QgsProcessingParameterNumber.Integer, -1, minValue=-1, maxValue=4096)
        margin.setFlags(margin.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(margin)
        self.addParameter(QgsProcessingParameterEnum(
            "ASSESSOR", tr("Assessor"), [tr("SegAssess network (no ground truth)"),
                                         tr("Reference data (exact quality map)")], defaultValue=0))
        self.addParameter(model_parameter())
        self.addParameter(precision_parameter())
        self.addParameter(QgsProcessingParameterVectorLayer(
            "TRUTH", tr("Reference data (ground truth polygons, reference assessor)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        truth_filter = QgsProcessingParameterExpression(
            "TRUTH_FILTER", tr("Reference filter (vector reference only)"), parentLayerParameterName="TRUTH",
            optional=True)
        truth_filter.setFlags(truth_filter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(truth_filter)
        self.add_tiling(tile_default=0)
        self.addParameter(QgsProcessingParameterNumber(
            "WORKERS", tr("Parallel workers (0 = automatic)"), QgsProcessingParameterNumber.Integer, 0, minValue=0,
            maxValue=512))
        sched = QgsProcessingParameterString(
            "SCHEDULER", tr("Dask scheduler address (e.g. tcp://host:8786; empty: local workers)"), optional=True)
        sched.setFlags(sched.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(sched)
        self.addParameter(QgsProcessingParameterFolderDestination(
            "OUTPUT_DIR", tr("Campaign folder (re-use it to resume)"), QgsProcessing.TEMPORARY_OUTPUT))
        self.addOutput(QgsProcessingOutputFile("REPORT_GPKG", tr("Merged report (GeoPackage)")))
        self.addOutput(QgsProcessingOutputFile("SHEETS_CSV", tr("Table of sheets (CSV)")))
        self.addOutput(QgsProcessingOutputFile("REPORT_HTML", tr("Campaign report (HTML)")))  # not Html: batch dialog
        self.addOutput(QgsProcessingOutputNumber("DONE", tr("Sheets done")))
        self.addOutput(QgsProcessingOutputNumber("FAILED", tr("Sheets failed")))
        self.addOutput(QgsProcessingOutputNumber("SKIPPED", tr("Sheets already done before this run (resumed)")))

    # ------------------------------------------------------------------ running
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        out_dir = self.parameterAsFileOutput(parameters, "OUTPUT_DIR", context)
        if not out_dir or parameters.get("OUTPUT_DIR") in (None, "", QgsProcessing.TEMPORARY_OUTPUT):
            out_dir = out_dir or str(temp_dir("segassess_campaign"))
            feedback.pushWarning(tr("The campaign folder is a temporary folder ({dir}): choose a folder of your own "
                                    "to be able to resume the campaign later.").format(dir=out_dir))
        args = self.cli_arguments(parameters, context, feedback, out_dir)
        python = subprocess_run.plugin_python()
        argv = [python, "-m", f"{interpreter.package_name()}.cli"] + args
        feedback.pushCommandInfo(" ".join(_quote(a) for a in argv))
        feedback.setProgressText(tr("Starting the campaign"))
        state = {"start": None, "report": None, "end": None, "failed": []}

        def on_event(event):
            self.handle_event(event, state, feedback)

        run = subprocess_run.CampaignRun(argv, subprocess_run.plugin_environment(), feedback, on_event)
        rc = run.run()
        if run.cancelled or feedback.isCanceled():
            raise QgsProcessingException(
                tr("Cancelled by the user: the sheets finished so far are kept in {dir}; run the algorithm again "
                   "with the same campaign folder to resume.").format(dir=out_dir))
        if rc in (130, 143, -signal.SIGINT, -signal.SIGTERM):
            raise QgsProcessingException(
                tr("The campaign was interrupted: the sheets finished so far are kept in {dir}; run the algorithm "
                   "again with the same campaign folder to resume.").format(dir=out_dir))
        if rc == 2:
            raise QgsProcessingException(
                run.error_line() or tr("The campaign command refused its input (exit code 2)."))
        if rc not in (0, 1) or state["end"] is None:
            raise QgsProcessingException(self.crash_message(rc, run, python))
        return self.finish(state, out_dir, rc, context, feedback)

    def crash_message(self, rc, run, python) -> str:
        tail = "\n".join(line for line in list(run.stderr_tail)[-15:] if line.strip())
        if "ModuleNotFoundError" in tail or "ImportError" in tail:
            return tr("The campaign command could not import its dependencies with {python} ({err}). The campaign "
                      "needs the plugin's dependencies plus dask and distributed for that interpreter: install them "
                      "(Plugins > SegAssess > Check / install dependencies) or set SEGASSESS_PYTHON to a Python "
                      "that has them.").format(python=python, err=run.error_line())
        return tr("The campaign command failed (exit code {rc}): {err}").format(rc=rc, err=tail or tr("no message"))

    def handle_event(self, event, state, feedback) -> None:
        kind = event.get("event")
        if kind == "start":
            state["start"] = event
            total, todo, skipped = (int(event.get(k) or 0) for k in ("total", "todo", "skipped"))
            feedback.pushInfo(tr("Campaign of {total} sheet(s): {todo} to assess, {skipped} already done (kept from "
                                 "the manifest).").format(total=total, todo=todo, skipped=skipped))
            if event.get("dashboard"):
                feedback.pushInfo(tr("Dask dashboard: {url}").format(url=event["dashboard"]))
            feedback.setProgress(START_PROGRESS)
            feedback.setProgressText(tr("Assessing the sheets"))
        elif kind == "sheet":
            done, total = int(event.get("done") or 0), int(event.get("total") or 0)
            sheet = event.get("sheet_id")
            if event.get("state") == "failed":
                state["failed"].append(sheet)
                feedback.pushWarning(tr("Sheet {sheet} failed ({done}/{total}): {err}").format(
                    sheet=sheet, done=done, total=total, err=event.get("error") or tr("no message")))
            else:
                feedback.pushInfo(tr("Sheet {sheet} done ({done}/{total}).").format(sheet=sheet, done=done,
                                                                                     total=total))
            if total > 0:
                feedback.setProgress(START_PROGRESS + (SHEETS_PROGRESS - START_PROGRESS) * min(done, total) / total)
        elif kind == "report":
            state["report"] = event
            feedback.setProgress(REPORT_PROGRESS)
            feedback.pushInfo(tr("Campaign report written: {path}").format(path=event.get("html") or event.get("gpkg")))
        elif kind == "end":
            state["end"] = event
            feedback.setProgress(100.0)

    def finish(self, state, out_dir, rc, context, feedback) -> dict:
        end = state["end"] or {}
        report = state["report"] or {}
        start = state["start"] or {}
        done_now, failed, skipped = (int(end.get(k) or 0) for k in ("done", "failed", "skipped"))
        outputs = {
            "OUTPUT_DIR": out_dir,
            "REPORT_GPKG": report.get("gpkg") or _existing(Path(out_dir) / "campaign_report.gpkg"),
            "SHEETS_CSV": report.get("csv") or _existing(Path(out_dir) / "campaign_sheets.csv"),
            "REPORT_HTML": report.get("html") or _existing(Path(out_dir) / "campaign_report.html"),
            # every sheet of the campaign that is done now: this run's and those kept from earlier runs
            "DONE": done_now + skipped,
            "FAILED": failed,
            "SKIPPED": skipped,
        }
        feedback.pushInfo(tr("Campaign finished: {done} sheet(s) done ({skipped} from earlier runs), {failed} failed.")
                          .format(done=outputs["DONE"], skipped=skipped, failed=failed))
        if rc == 1 or failed:
            feedback.reportError(tr("{failed} of {total} sheet(s) failed; the report lists them with the reason. Run "
                                    "the algorithm again with the same campaign folder to retry them.").format(
                failed=failed, total=int(start.get("total") or (done_now + skipped + failed))), False)
        if outputs["REPORT_GPKG"]:
            self.load_report(outputs["REPORT_GPKG"], out_dir, context)
        self.review_path = outputs["REPORT_GPKG"]
        return outputs

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802 (QGIS API; main thread)
        review.offer(getattr(self, "review_path", None))  # the desktop's review panel opens the report
        return {}

    def load_report(self, gpkg: str, out_dir: str, context) -> None:
        """Queue the merged FP, FN and scored layers for loading, styled and in one layer-tree group."""
        if context.project() is None:
            return
        group = tr("Campaign – {name}").format(name=Path(out_dir).name)
        descriptions = {gpkg_name: (kind, desc) for _, gpkg_name, kind, desc in output_layers()}
        for layer_name in LOADED_LAYERS:
            uri = f"{gpkg}|layername={layer_name}"
            if not QgsVectorLayer(uri, layer_name, "ogr").isValid():
                continue
            kind, desc = descriptions[layer_name]
            details = QgsProcessingContext.LayerDetails(desc, context.project(), "REPORT_GPKG")
            details.forceName = True
            details.layerTypeHint = QgsProcessingUtils.LayerHint.Vector
            context.addLayerToLoadOnCompletion(uri, details)
            styling.attach(context, uri, kind, group, desc)


def _existing(path: Path):
    return str(path) if path.exists() else None


def _quote(arg: str) -> str:
    return f'"{arg}"' if (" " in arg or not arg) else arg
