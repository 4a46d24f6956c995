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

import collections
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from qgis.core import (
    QgsDataSourceUri,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputHtml,
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
    QgsProviderRegistry,
    QgsVectorLayer,
)

from .. import styling
from ..qgis_io import RELEASES_URL, raster_path, temp_dir, tr
from .assess import MODEL_FILTER
from .base import SegAssessAlgorithm, output_layers

ASSESSORS = ("network", "reference")
SHEET_LIST_FILTER = ("Sheet lists and sheet indexes (*.csv *.yaml *.yml *.gpkg *.shp *.geojson *.fgb);;"
                     "All files (*.*)")
# merged layers of campaign_report.gpkg loaded into the project (missed_objects stays in the file)
LOADED_LAYERS = ("false_positive", "false_negative", "scored_features")
STOP_GRACE_S = 10.0   # after SIGTERM: time for the command to record finished sheets and stop its workers
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window for the command
ORPHAN_GRACE_S = 5.0  # the command exited but its output stays open (a worker it left): stop waiting
POLL_S = 0.2          # how often the cancel button is looked at while the command prints nothing
START_PROGRESS, SHEETS_PROGRESS, REPORT_PROGRESS = 2.0, 95.0, 98.0
ERROR_PREFIX = "segassess: error:"


def _source_args(flag: str, layer_flag: str, where_flag: str, source) -> list:
    """Command-line options for a (path, layer name, filter) vector source."""
    path, layer, where = source
    return [flag, path] + ([layer_flag, layer] if layer else []) + ([where_flag, where] if where else [])


# ----------------------------------------------------------------------------- the interpreter

def package_name() -> str:
    """The plugin's top-level package as QGIS imported it (the plugin folder's name)."""
    return __name__.split(".")[0]


def plugin_dir() -> Path:
    """The plugin folder as QGIS found it (symlinks kept: its name is the package's name)."""
    return Path(os.path.abspath(__file__)).parent.parent.parent


def running_in_python() -> bool:
    """True when this process is a Python interpreter, False inside qgis / qgis_process.

    Inside a QGIS binary, sys.executable is not the QGIS binary but whatever `python3` the
    embedded interpreter found on PATH (e.g. a pyenv shim: another Python, other packages).
    """
    if os.path.exists("/proc/self/exe"):  # Linux: the real executable
        exe = os.path.basename(os.path.realpath("/proc/self/exe"))
    else:
        exe = Path(sys.executable or "").name
    return exe.lower().startswith("python")


def _interpreter_candidates() -> list:
    vi = sys.version_info
    names = (f"python{vi[0]}.{vi[1]}", f"python{vi[0]}", "python")
    out = []
    if running_in_python() and sys.executable:
        out.append(sys.executable)
    for base in dict.fromkeys((sys.exec_prefix, sys.base_exec_prefix)):
        for folder in (Path(base) / "bin", Path(base)):
            for n in names:
                out += [str(folder / n), str(folder / f"{n}.exe")]
    out += [shutil.which(n) for n in names]
    return [c for c in dict.fromkeys(out) if c and os.path.isfile(c)]


def _same_python(candidate: str) -> bool:
    """Whether `candidate` is this process's Python (same version and installation), so that it
    sees QGIS's numpy/GDAL and the dependency folder's compiled wheels fit it."""
    code = "import sys; print('%d.%d' % sys.version_info[:2]); print(sys.base_exec_prefix)"
    try:
        res = subprocess.run([candidate, "-c", code], capture_output=True, text=True, timeout=60, check=False,
                             stdin=subprocess.DEVNULL, creationflags=_NO_WINDOW)
    except (OSError, subprocess.SubprocessError):
        return False
    lines = res.stdout.strip().splitlines()
    if res.returncode != 0 or len(lines) < 2:
        return False
    same_version = lines[0] == "%d.%d" % sys.version_info[:2]
    return same_version and os.path.realpath(lines[1]) == os.path.realpath(sys.base_exec_prefix)


_INTERPRETER: dict = {}


def python_interpreter() -> str:
    """A plain Python interpreter to run the command with: SEGASSESS_PYTHON when set, else the
    interpreter of this process's own Python installation (sys.executable in a Python process;
    inside QGIS, <exec_prefix>/bin/python3.X or <exec_prefix>/python.exe), checked by running it.
    """
    forced = os.environ.get("SEGASSESS_PYTHON")
    if forced:
        return forced
    if "exe" not in _INTERPRETER:
        candidates = _interpreter_candidates()
        found = next((c for c in candidates if _same_python(c)), None)
        if found is None and candidates:
            found = candidates[-1]  # another Python: if it lacks the packages, the import error names it
        if found is None:
            raise QgsProcessingException(
                tr("No Python interpreter was found to run the campaign (QGIS's Python is {prefix}); install "
                   "Python 3 or set the environment variable SEGASSESS_PYTHON to its path.").format(
                    prefix=sys.exec_prefix))
        _INTERPRETER["exe"] = found
    return _INTERPRETER["exe"]


def package_root() -> Path | None:
    """A folder from which `import <package_name()>` gives this plugin.

    The plugin folder's parent when the folder has the package's name (an installed plugin:
    .../python/plugins/segassess); otherwise (a development checkout named differently) a
    folder in the Processing temporary folder holding a symlink of that name to the plugin.
    None when no such link can be made (the interpreter may still have the package installed).
    """
    here = plugin_dir()
    name = package_name()
    if here.name == name:
        return here.parent
    root = Path(QgsProcessingUtils.tempFolder()) / "segassess_package"
    link = root / name
    try:
        root.mkdir(parents=True, exist_ok=True)
        if not (link.exists() and link.resolve() == here.resolve()):
            if link.is_symlink():
                link.unlink()
            link.symlink_to(here, target_is_directory=True)
    except OSError:
        return None
    return root


def child_environment(base: dict | None = None) -> dict:
    """The command's environment: the plugin's package and the plugin's dependency folder
    (segassess_qgis/deps.py) first on PYTHONPATH, before what was there; unbuffered UTF-8 output.

    PYTHONPATH (not sys.path of this process) also reaches the Dask worker processes.
    """
    env = dict(os.environ if base is None else base)
    paths = []
    root = package_root()
    if root is not None:
        paths.append(str(root))
    try:
        from .. import deps

        target = deps.target_dir()
        if target.is_dir():
            paths.append(str(target))
    except Exception:  # noqa: BLE001 (a broken dependency folder must not stop the campaign here)
        pass
    old = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths + old))
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


# ----------------------------------------------------------------------------- the subprocess

class CampaignRun:
    """Runs the command, reads its JSON lines and stderr on threads, and stops it on cancel."""

    def __init__(self, argv, env, feedback, on_event):
        self.argv = list(argv)
        self.env = env
        self.feedback = feedback
        self.on_event = on_event
        self.stderr_tail = collections.deque(maxlen=200)
        self.cancelled = False
        self.proc = None

    def _reader(self, stream, tag, lines: queue.Queue):
        try:
            for line in iter(stream.readline, ""):
                lines.put((tag, line.rstrip("\r\n")))
        finally:
            lines.put((tag, None))

    def run(self) -> int:
        kwargs = {}
        if os.name == "posix":
            kwargs["start_new_session"] = True  # its own process group: the Dask workers can be stopped with it
        else:
            kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) | _NO_WINDOW
        try:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                                         bufsize=1, env=self.env, **kwargs)
        except OSError as exc:
            raise QgsProcessingException(tr("The campaign command could not be started with {python}: {err}").format(
                python=self.argv[0], err=exc)) from None
        lines: queue.Queue = queue.Queue()
        readers = [threading.Thread(target=self._reader, args=(s, t, lines), daemon=True, name=f"segassess-{t}")
                   for s, t in ((self.proc.stdout, "out"), (self.proc.stderr, "err"))]
        for r in readers:
            r.start()
        open_streams = 2
        exited_at = None
        try:
            while open_streams:
                if self.feedback.isCanceled() and not self.cancelled:
                    self.cancelled = True
                    self.feedback.pushInfo(tr("Cancelling: stopping the campaign (finished sheets stay recorded)."))
                    self.stop()
                try:
                    tag, line = lines.get(timeout=POLL_S)
                except queue.Empty:
                    # the command has exited but something it started still holds its output open
                    if self.proc.poll() is not None:
                        exited_at = exited_at or time.monotonic()
                        if time.monotonic() - exited_at > ORPHAN_GRACE_S:
                            self._kill_group()
                            break
                    continue
                if line is None:
                    open_streams -= 1
                else:
                    self._line(tag, line)
            while True:  # what was read before the streams were given up
                try:
                    tag, line = lines.get_nowait()
                except queue.Empty:
                    break
                if line is not None:
                    self._line(tag, line)
            return self.proc.wait()
        finally:
            if self.proc.poll() is None:  # our own code failed: never leave the campaign running
                self.stop()
            self._kill_group()
            for r in readers:
                r.join(timeout=2)
            for stream in (self.proc.stdout, self.proc.stderr):
                try:
                    stream.close()
                except OSError:
                    pass

    def _line(self, tag: str, line: str) -> None:
        if tag == "out":
            self._stdout_line(line)
        else:
            self.stderr_tail.append(line)
            if line.strip():
                self.feedback.pushConsoleInfo(line)

    def _stdout_line(self, line: str) -> None:
        text = line.strip()
        if text.startswith("{"):
            try:
                event = json.loads(text)
            except ValueError:
                event = None
            if isinstance(event, dict) and "event" in event:
                if not self.cancelled:
                    self.on_event(event)
                return
        if text:
            self.feedback.pushInfo(text)

    def stop(self) -> None:
        """SIGTERM (the command records what is finished and stops its workers), SIGKILL if it hangs."""
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        try:
            if os.name == "posix":
                proc.send_signal(signal.SIGTERM)
            else:
                proc.terminate()
            proc.wait(timeout=STOP_GRACE_S)
            self._kill_group()  # the command is gone: whatever is left of its group is orphaned
        except subprocess.TimeoutExpired:
            self.feedback.pushInfo(tr("The campaign did not stop within {s} s; killing it.").format(
                s=int(STOP_GRACE_S)))
            self._kill_group()
            proc.kill()
            proc.wait()
        except OSError:
            pass

    def _kill_group(self) -> None:
        """SIGKILL whatever is left of the command's process group (orphaned Dask workers)."""
        if os.name != "posix" or self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass

    def error_line(self) -> str:
        """The command's one-line reason (`segassess: error: ...`), else the last stderr line."""
        for line in reversed(self.stderr_tail):
            if line.startswith(ERROR_PREFIX):
                return line[len(ERROR_PREFIX):].strip()
        for line in reversed(self.stderr_tail):
            if line.strip():
                return line.strip()
        return ""


# ----------------------------------------------------------------------------- inputs

def _is_set(value) -> bool:
    return value not in (None, "", [])


def _is_pattern(value) -> bool:
    """A per-sheet file pattern such as 'ann/{sheet}.gpkg' (given as text by scripts or qgis_process)."""
    return isinstance(value, str) and "{sheet}" in value


def _is_sheet_list(value) -> bool:
    return isinstance(value, str) and value.strip().lower().endswith((".csv", ".yaml", ".yml"))


def _and(*filters) -> str:
    filters = [f.strip() for f in filters if f and f.strip()]
    return " AND ".join(f"({f})" for f in filters) if len(filters) > 1 else (filters[0] if filters else "")


def vector_file(layer, what: str, where: str = ""):
    """(path, layer name or None, attribute filter) of a file-based or PostGIS vector layer.

    The layer's own filter (subset string) is combined with `where`. The command reads the data
    itself: a PostGIS layer becomes `PG:<its connection>` with schema.table (credentials kept in
    an authentication configuration are not passed on: libpq then uses ~/.pgpass or PGPASSWORD);
    other layers that are not files (memory, web services) must be saved first.
    """
    if layer.providerType() == "postgres":
        uri = QgsDataSourceUri(layer.source())
        return "PG:" + uri.connectionInfo(False), f"{uri.schema() or 'public'}.{uri.table()}", \
            _and(layer.subsetString(), where)
    if layer.providerType() != "ogr":
        raise QgsProcessingException(
            tr("The {what} layer '{name}' is neither a file nor a PostGIS table (provider '{provider}'); save it "
               "first (right-click > Export > Save Features As... GeoPackage) and use the saved file.")
            .format(what=what, name=layer.name(), provider=layer.providerType()))
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path") or layer.source()
    if not os.path.exists(path):
        raise QgsProcessingException(tr("The {what} file {path} does not exist.").format(what=what, path=path))
    return path, parts.get("layerName") or None, _and(layer.subsetString(), where)


def sheets_value(parameters, context, alg):
    """(sheets path, sheet-index layer name or None) from SHEETS or SHEETS_FOLDER; None when neither is set."""
    text = alg.parameterAsFile(parameters, "SHEETS", context) if _is_set(parameters.get("SHEETS")) else ""
    folder = alg.parameterAsFile(parameters, "SHEETS_FOLDER", context) \
        if _is_set(parameters.get("SHEETS_FOLDER")) else ""
    if text and folder:
        raise QgsProcessingException(
            tr("Give either a sheet list/index file (SHEETS) or a folder of GeoTIFFs (SHEETS_FOLDER), not both."))
    if folder:
        return folder, None
    if not text:
        return None
    layer = None
    if "|" in text:  # a sheet-index layer given as 'file.gpkg|layername=sheets'
        parts = QgsProviderRegistry.instance().decodeUri("ogr", text)
        text, layer = parts.get("path") or text.split("|", 1)[0], parts.get("layerName") or None
    return text, layer


class BatchCampaignAlgorithm(SegAssessAlgorithm):
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
        self.addParameter(QgsProcessingParameterFile(
            "MODEL", tr("Model file (empty: built-in demo model)"), QgsProcessingParameterFile.File, optional=True,
            fileFilter=MODEL_FILTER))
        self.addParameter(QgsProcessingParameterVectorLayer(
            "TRUTH", tr("Reference data (ground truth polygons, reference assessor)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        truth_filter = QgsProcessingParameterExpression(
            "TRUTH_FILTER", tr("Reference filter (vector reference only)"), parentLayerParameterName="TRUTH",
            optional=True)
        truth_filter.setFlags(truth_filter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(truth_filter)
        self.add_tiling()
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
        self.addOutput(QgsProcessingOutputHtml("REPORT_HTML", tr("Campaign report (HTML)")))
        self.addOutput(QgsProcessingOutputNumber("DONE", tr("Sheets done")))
        self.addOutput(QgsProcessingOutputNumber("FAILED", tr("Sheets failed")))
        self.addOutput(QgsProcessingOutputNumber("SKIPPED", tr("Sheets already done before this run (resumed)")))

    # ------------------------------------------------------------------ checks
    def input_problem(self, parameters, context) -> str | None:
        """Why the inputs cannot work (a sentence for the user), None when they can."""
        has_file = _is_set(parameters.get("SHEETS"))
        has_folder = _is_set(parameters.get("SHEETS_FOLDER"))
        if not has_file and not has_folder:
            return tr("No sheets were given: choose a folder of GeoTIFFs (SHEETS_FOLDER), or a sheet list (.csv/.yaml) "
                      "or sheet-index layer (SHEETS).")
        if has_file and has_folder:
            return tr("Give either a sheet list/index file (SHEETS) or a folder of GeoTIFFs (SHEETS_FOLDER), not both.")
        if not _is_set(parameters.get("ANNOTATION")) and not (has_file and _is_sheet_list(parameters.get("SHEETS"))):
            return tr("No annotation was given: choose the polygon layer to assess (ANNOTATION); only a sheet list "
                      "(.csv/.yaml) may name each sheet's annotation itself.")
        if _is_set(parameters.get("MOSAIC")) and not has_file:
            return tr("A mosaic needs a sheet-index polygon layer in SHEETS (and its id field in ID_FIELD), not a "
                      "folder of GeoTIFFs.")
        assessor = ASSESSORS[self.parameterAsEnum(parameters, "ASSESSOR", context)]
        if assessor == "reference" and not _is_set(parameters.get("TRUTH")):
            return tr("The reference assessor needs reference data: choose the ground-truth polygon layer (TRUTH).")
        tile = self.parameterAsInt(parameters, "TILE_SIZE", context)
        overlap = self.parameterAsInt(parameters, "OVERLAP", context)
        if overlap * 2 >= tile:
            return tr("The tile overlap ({o} px) must be less than half the tile size ({t} px); lower the overlap.")\
                .format(o=overlap, t=tile)
        return None

    def checkParameterValues(self, parameters, context):  # noqa: N802
        problem = self.input_problem(parameters, context)
        if problem:
            return False, problem
        # a per-sheet pattern ('ann/{sheet}.gpkg') is no layer QGIS can open: the command resolves it
        checked = {k: v for k, v in parameters.items() if not (k in ("ANNOTATION", "TRUTH") and _is_pattern(v))}
        return super().checkParameterValues(checked, context)

    def vector_source(self, parameters, name, filter_name, context, what):
        """(path or per-sheet pattern, layer name or None, attribute filter) of a vector parameter."""
        where = self.filter_text(parameters, filter_name, context)
        value = parameters.get(name)
        if _is_pattern(value):
            return value.strip(), None, where
        return vector_file(self.vector_argument(parameters, name, context, what), what, where)

    def vector_argument(self, parameters, name, context, what):
        layer = self.parameterAsVectorLayer(parameters, name, context)
        if layer is None:
            raise QgsProcessingException(
                tr("The {what} '{value}' could not be opened as a vector layer; choose a polygon layer or file "
                   "(GeoPackage, Shapefile, GeoJSON...).").format(what=what, value=parameters.get(name)))
        return layer

    def cli_arguments(self, parameters, context, feedback, out_dir: str) -> list:
        """`batch ...` arguments of the command line for these parameters."""
        problem = self.input_problem(parameters, context)
        if problem:
            raise QgsProcessingException(problem)
        sheets, sheets_layer = sheets_value(parameters, context, self)
        args = ["batch", "--sheets", sheets, "--out-dir", out_dir, "--progress", "jsonl"]
        if sheets_layer:
            args += ["--sheets-layer", sheets_layer]
        if _is_set(parameters.get("ANNOTATION")):
            args += _source_args("--annotation", "--layer", "--where", self.vector_source(
                parameters, "ANNOTATION", "ANNOTATION_FILTER", context, tr("annotation")))
        if _is_set(parameters.get("MOSAIC")):
            mosaic = raster_path(self.parameterAsRasterLayer(parameters, "MOSAIC", context), tr("mosaic"))
            args += ["--mosaic", mosaic]
            margin = self.parameterAsInt(parameters, "MARGIN_PX", context)
            if margin >= 0:  # -1: the CLI's default, windows aligned on the mosaic's tile grid (seamless)
                args += ["--margin-px", str(margin)]
            id_field = self.parameterAsString(parameters, "ID_FIELD", context).strip()
            if id_field:
                args += ["--id-field", id_field]
        assessor = ASSESSORS[self.parameterAsEnum(parameters, "ASSESSOR", context)]
        args += ["--assessor", assessor]
        if assessor == "network":
            model = self.parameterAsFile(parameters, "MODEL", context)
            if model:
                if not Path(model).is_file():
                    raise QgsProcessingException(tr("The model file {path} does not exist; choose a SegAssess model "
                                                    "file (released at {url}).").format(path=model, url=RELEASES_URL))
                args += ["--checkpoint", model]
            else:
                feedback.pushInfo(tr("No model file given: the campaign uses the built-in demo model (a tiny network "
                                     "for trying the tool; download a released model for real work)."))
        else:
            args += _source_args("--truth", "--truth-layer", "--truth-where", self.vector_source(
                parameters, "TRUTH", "TRUTH_FILTER", context, tr("reference data")))
        args += ["--tile-size", str(self.parameterAsInt(parameters, "TILE_SIZE", context)),
                 "--overlap", str(self.parameterAsInt(parameters, "OVERLAP", context)),
                 "--batch-size", str(self.parameterAsInt(parameters, "BATCH_SIZE", context)),
                 "--workers", str(self.parameterAsInt(parameters, "WORKERS", context))]
        scheduler = self.parameterAsString(parameters, "SCHEDULER", context).strip()
        if scheduler:
            args += ["--scheduler", scheduler]
        return args

    @staticmethod
    def filter_text(parameters, name, context) -> str:
        """The filter as written: it is given to OGR as an SQL WHERE clause, not evaluated by QGIS."""
        raw = parameters.get(name)
        return raw.strip() if isinstance(raw, str) else ""

    # ------------------------------------------------------------------ running
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        out_dir = self.parameterAsFileOutput(parameters, "OUTPUT_DIR", context)
        if not out_dir or parameters.get("OUTPUT_DIR") in (None, "", QgsProcessing.TEMPORARY_OUTPUT):
            out_dir = out_dir or str(temp_dir("segassess_campaign"))
            feedback.pushWarning(tr("The campaign folder is a temporary folder ({dir}): choose a folder of your own "
                                    "to be able to resume the campaign later.").format(dir=out_dir))
        args = self.cli_arguments(parameters, context, feedback, out_dir)
        python = python_interpreter()
        argv = [python, "-m", f"{package_name()}.cli"] + args
        feedback.pushCommandInfo(" ".join(_quote(a) for a in argv))
        feedback.setProgressText(tr("Starting the campaign"))
        state = {"start": None, "report": None, "end": None, "failed": []}

        def on_event(event):
            self.handle_event(event, state, feedback)

        run = CampaignRun(argv, child_environment(), feedback, on_event)
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
        return outputs

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
