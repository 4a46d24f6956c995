"""What the assess and reference algorithms share: parameters, input preparation, the core
call and delivering the core's files to the Processing destinations.

The algorithms stay thin: QGIS parameters -> core.assess.job.AssessJob -> core.assess.pipeline ->
outputs. Heavy modules (the core with rasterio/geopandas, torch, the models) are imported
inside processAlgorithm only.
"""
from __future__ import annotations

import html
import importlib
import json
import math
import os
import shutil
import sys
import threading
from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBand,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterDefinition,
    QgsWkbTypes,
)

from .. import styling
from ..feedback import QgisProgress, step
from ..qgis_io import (RELEASES_URL, check_overlap, copy_features, crs_name, deliver_raster, export_features,
    gpkg_layer, is_selected_only, layer_extent_in, raster_path, sheet_name, sink_fields, tr)

# Python package -> pip distribution, checked before the core is imported.
CORE_DEPENDENCIES = (("numpy", "numpy"), ("rasterio", "rasterio"), ("geopandas", "geopandas"),
                     ("shapely", "shapely"), ("pyproj", "pyproj"), ("scipy", "scipy"))


def output_layers():
    """(parameter, core GeoPackage layer, style kind, translated description) of the vector outputs."""
    return (
        ("OUTPUT_FP", "false_positive", "fp", tr("False positive regions (FP polygons)")),
        ("OUTPUT_FN", "false_negative", "fn", tr("False negative regions (FN polygons)")),
        ("OUTPUT_SCORED", "scored_features", "scored", tr("Annotated features with quality scores")),
        ("OUTPUT_MISSED", "missed_objects", "missed", tr("Missed objects (FN regions touching no feature)")),
    )


# Wheels that bundle their own GDAL/PROJ/GEOS (rasterio, pyogrio, pyproj, shapely).
BUNDLING_PACKAGES = ("pyproj", "shapely", "pyogrio", "rasterio", "fiona")


def embedded_in_qgis_binary() -> bool:
    """True inside qgis / qgis_process (not a python interpreter).

    Those executables link GDAL and PROJ directly, so their symbols are global: a wheel's own
    copy (libproj-<hash>.so in pyproj.libs, libgdal in rasterio.libs) would bind half of its
    C++/C symbols to QGIS's older copies and crash (std::bad_alloc in PROJ). A python
    interpreter loads QGIS's libraries privately, so there is no clash there.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "RTLD_DEEPBIND"):
        return False
    forced = os.environ.get("SEGASSESS_DEEPBIND")
    if forced in ("0", "1"):
        return forced == "1"
    try:
        exe = os.path.basename(os.path.realpath("/proc/self/exe"))
    except OSError:
        return False
    return not exe.startswith("python")


def _preload_extensions(package: str) -> None:
    """Import a package and every compiled module directly inside it."""
    try:
        pkg = importlib.import_module(package)
    except ImportError:
        return
    for so in sorted(Path(pkg.__file__).parent.glob("*.so")):
        name = f"{package}.{so.name.split('.')[0]}"
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 (optional drivers, test modules)
            pass


def import_isolated(modules) -> list:
    """Import modules; inside a QGIS binary, with RTLD_DEEPBIND so bundled GDAL/PROJ stay private.

    Returns [(module, distribution, error text)] for the modules that could not be imported.
    """
    missing = []
    deep = embedded_in_qgis_binary()
    old = sys.getdlopenflags()
    if deep:
        sys.setdlopenflags(os.RTLD_NOW | os.RTLD_LOCAL | os.RTLD_DEEPBIND)
    try:
        for mod, dist in modules:
            try:
                importlib.import_module(mod)
            except Exception as exc:  # ImportError, OSError of a broken binary wheel
                missing.append((mod, dist, f"{type(exc).__name__}: {exc}"))
        if deep:
            for package in BUNDLING_PACKAGES:
                _preload_extensions(package)
        if not missing:  # the core modules import rasterio.features, pyogrio, ... at module level
            for name in CORE_MODULES:
                try:
                    importlib.import_module(name, package=__package__)
                except Exception:  # noqa: BLE001 (reported properly when the algorithm imports it)
                    pass
    finally:
        if deep:
            sys.setdlopenflags(old)
    return missing


CORE_MODULES = ("...core.assess.inputs", "...core.assess.annotation", "...core.assess.outputs", "...core.assess.polygons", "...core.assess.scores",
                "...core.assess.metrics", "...core.assess.pipeline")


def in_python_thread(fn, *args, **kwargs):
    """Run fn on a fresh Python thread and wait for it; return its result or raise its exception.

    Why: Processing runs algorithms on QThreadPool threads, which enter Python through a new,
    short-lived thread state on every call. pyproj keeps its PROJ context in a threading.local
    (freed with that thread state) but caches the raw pointer per OS thread, so the next
    algorithm on the same pooled thread would use a freed context and crash. A Python thread
    has one thread state for its whole life, so the core (pyproj, rasterio, geopandas, torch)
    runs there.
    """
    box = {}

    def target():
        try:
            box["result"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 (re-raised on the calling thread)
            box["error"] = exc

    worker = threading.Thread(target=target, name="segassess-core", daemon=True)
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box.get("result")


def python_for_pip() -> str:
    """The interpreter to pip-install with (inside QGIS sys.executable is the qgis binary)."""
    try:
        from .. import deps

        return deps.python_executable()
    except Exception:  # noqa: BLE001
        return sys.executable


def deps_script() -> str:
    """The plugin's deps.py, runnable as a script from any folder (`-m segassess...` only works
    where the plugins folder is on sys.path, which a shell's Python lacks)."""
    return str(Path(__file__).resolve().parent.parent / "deps.py")


def require_modules(modules) -> None:
    """Import each module or raise a QgsProcessingException saying what to install and how."""
    try:  # the plugin's per-user dependency folder, when the plugin installed one
        from .. import deps

        deps.activate()
    except Exception:  # noqa: BLE001 (a broken folder must not hide the real message)
        pass
    missing = in_python_thread(import_isolated, modules)
    if missing:
        names = " ".join(d for _, d, _ in missing)
        python = python_for_pip()
        raise QgsProcessingException(
            tr("SegAssess needs the Python package(s) {names}, which QGIS's Python ({python}) cannot import "
               "({error}). Install them for QGIS's Python: run \"{python}\" \"{script}\" --install (or Plugins > "
               "SegAssess > Check / install dependencies), or \"{python} -m pip install {names}\" (OSGeo4W Shell "
               "on Windows), then restart QGIS.").format(names=names, python=python, error=missing[0][2],
                                                         script=deps_script()))


def core_error(exc) -> QgsProcessingException:
    """A core error (one sentence written for the user) as a Processing error."""
    return QgsProcessingException(str(exc))


def finite(value, default=float("nan")) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return default
    return v


def lookup(data: dict, *paths, default=None):
    """First value found along dotted key paths in a nested dict (summary keys may vary)."""
    for path in paths:
        cur = data
        ok = True
        for key in path.split("."):
            if isinstance(cur, dict) and key in cur:
                cur = cur[key]
            else:
                ok = False
                break
        if ok and cur is not None:
            return cur
    return default


def summary_numbers(summary: dict, counts: dict) -> dict:
    """Numeric outputs for model chaining: estimated IoU and FP/FN counts."""
    iou = lookup(summary, "estimated.iou", "estimated_iou", "iou")
    if iou is None:
        px = lookup(summary, "pixels", "class_pixels", "counts", default=None)
        if isinstance(px, dict):
            tp = finite(px.get("TP", px.get("tp", 0)), 0.0)
            fp = finite(px.get("FP", px.get("fp", 0)), 0.0)
            fn = finite(px.get("FN", px.get("fn", 0)), 0.0)
            iou = tp / (tp + fp + fn) if tp + fp + fn else float("nan")
    return {
        "ESTIMATED_IOU": finite(iou),
        "FP_COUNT": int(counts.get("OUTPUT_FP", 0)),
        "FN_COUNT": int(counts.get("OUTPUT_FN", 0)),
        "MISSED_COUNT": int(counts.get("OUTPUT_MISSED", 0)),
    }


def _html_value(v) -> str:
    if isinstance(v, float):
        return "n/a" if math.isnan(v) else f"{v:.4g}"
    if isinstance(v, dict):
        rows = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{_html_value(x)}</td></tr>" for k, x in v.items())
        return f"<table>{rows}</table>"
    if isinstance(v, (list, tuple)):
        if len(v) > 20:
            return html.escape(json.dumps(v[:20])) + " ..."
        return html.escape(json.dumps(v))
    return html.escape(str(v))


def write_summary_html(path: str, title: str, summary: dict, numbers: dict, outputs: dict) -> None:
    """A self-contained HTML report: headline numbers, the core's summary, output files."""
    heads = [
        (tr("Estimated IoU of the annotation"), numbers.get("ESTIMATED_IOU")),
        (tr("False positive regions"), numbers.get("FP_COUNT")),
        (tr("False negative regions"), numbers.get("FN_COUNT")),
        (tr("Missed objects"), numbers.get("MISSED_COUNT")),
    ]
    legend = "".join(
        f'<tr><td style="background: rgb{rgb}; width: 2em"></td><td>{html.escape(label)}</td></tr>'
        for (v, rgb, _), label in zip(styling.QUALITY_CLASSES, styling.quality_labels().values()))
    files = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in outputs.items()
                    if isinstance(v, str))
    doc = (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{t}</title>"
        "<style>body{{font-family:sans-serif}} table{{border-collapse:collapse}} "
        "th,td{{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}}</style></head><body>"
        "<h1>{t}</h1><table>{heads}</table><h2>{lg}</h2><table>{legend}</table>"
        "<h2>{det}</h2>{details}<h2>{outs}</h2><table>{files}</table></body></html>").format(
        t=html.escape(title),
        heads="".join(f"<tr><th>{html.escape(k)}</th><td>{_html_value(v)}</td></tr>" for k, v in heads),
        lg=html.escape(tr("Quality classes")), legend=legend,
        det=html.escape(tr("Details")),
        details=_html_value({k: v for k, v in summary.items() if k != "crs_wkt"}),
        outs=html.escape(tr("Output files")), files=files)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    part = p.with_name(p.name + ".part")
    part.write_text(doc, encoding="utf-8")
    part.replace(p)


class SegAssessAlgorithm(QgsProcessingAlgorithm):
    """Common base: translation, grouping, instance creation."""

    def tr(self, text):  # noqa: D401 (QGIS convention)
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def group(self):
        return tr("Quality assessment")

    def groupId(self):  # noqa: N802
        return "quality"

    def helpUrl(self):  # noqa: N802
        return RELEASES_URL

    # ------------------------------------------------------------------ shared parameters
    def add_tiling(self, batch_default: int = 4):
        self.addParameter(QgsProcessingParameterNumber(
            "TILE_SIZE", tr("Tile size (pixels)"), QgsProcessingParameterNumber.Integer, 512, minValue=64,
            maxValue=4096))
        self.addParameter(QgsProcessingParameterNumber(
            "OVERLAP", tr("Tile overlap (pixels)"), QgsProcessingParameterNumber.Integer, 64, minValue=0,
            maxValue=2048))
        p = QgsProcessingParameterNumber(
            "BATCH_SIZE", tr("Batch size (tiles per step)"), QgsProcessingParameterNumber.Integer, batch_default,
            minValue=1, maxValue=256)
        p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(p)


class AssessBase(SegAssessAlgorithm):
    """Parameters, input preparation and output delivery of `assess` and `reference`."""

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
            "MIN_AREA", tr("Minimum FP/FN polygon area (map units²)"), QgsProcessingParameterNumber.Double, 0.0,
            minValue=0.0))

    def add_outputs(self):
        # Unset outputs default to temporary files/layers (processing.run, qgis_process, models).
        temp = QgsProcessing.TEMPORARY_OUTPUT
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OUTPUT_QUALITY", tr("Quality map (1 TP, 2 FP, 3 TN, 4 FN)"), temp))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OUTPUT_CONFIDENCE", tr("Confidence (0-1)"), temp, optional=True, createByDefault=True))
        for name, _, _, desc in output_layers():
            self.addParameter(QgsProcessingParameterFeatureSink(
                name, desc, QgsProcessing.TypeVectorPolygon, temp, optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_SUMMARY", tr("Summary report"), tr("HTML files (*.html)"), temp, optional=True,
            createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber("ESTIMATED_IOU", tr("Estimated IoU of the annotation")))
        self.addOutput(QgsProcessingOutputNumber("FP_COUNT", tr("Number of false positive regions")))
        self.addOutput(QgsProcessingOutputNumber("FN_COUNT", tr("Number of false negative regions")))
        self.addOutput(QgsProcessingOutputNumber("MISSED_COUNT", tr("Number of missed objects")))

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
        from ...core.assess.job import AnnotationSpec

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
            path = raster_path(mask, what)
            if expr:
                feedback.pushWarning(tr("The filter applies to vector annotations only; it is ignored for the "
                                        "raster mask '{name}'.").format(name=mask.name()))
            ext = layer_extent_in(mask, image_layer.crs(), context.transformContext())
            check_overlap(what, mask.name(), ext, mask.crs(), image_layer)
            return AnnotationSpec(path=Path(path))
        source = self.parameterAsSource(parameters, ann_name, context)
        if source is None:
            raise QgsProcessingException(tr("The {what} layer could not be loaded.").format(what=what))
        name = source.sourceName() or ann_name
        out = work / f"{ann_name.lower()}.gpkg"
        if source.sourceCrs() != image_layer.crs():
            feedback.pushInfo(tr("Reprojecting the {what} '{name}' from {src} to the image CRS {dst}.").format(
                what=what, name=name, src=crs_name(source.sourceCrs()), dst=crs_name(image_layer.crs())))
        path, count = export_features(source, name, what, image_layer, expr, context, feedback, out,
                                      selected_only=is_selected_only(parameters.get(ann_name)))
        feedback.pushInfo(tr("{what}: {n} feature(s) from '{name}'{flt}.").format(
            what=what, n=count, name=name, flt=(tr(" matching {expr}").format(expr=expr) if expr else "")))
        return AnnotationSpec(path=path, layer="annotation")

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

    def common_job_args(self, parameters, context) -> dict:
        args = {
            "tile_size": self.parameterAsInt(parameters, "TILE_SIZE", context),
            "overlap": self.parameterAsInt(parameters, "OVERLAP", context),
            "batch_size": self.parameterAsInt(parameters, "BATCH_SIZE", context),
            "min_area": self.parameterAsDouble(parameters, "MIN_AREA", context),
        }
        if args["overlap"] * 2 >= args["tile_size"]:
            raise QgsProcessingException(
                tr("The tile overlap ({o} px) must be less than half the tile size ({t} px); lower the overlap.")
                .format(o=args["overlap"], t=args["tile_size"]))
        if "BANDS" in parameters and parameters.get("BANDS") not in (None, "", []):
            bands = self.parameterAsInts(parameters, "BANDS", context)
            args["bands"] = bands or None
        return args

    # ------------------------------------------------------------------ running
    def run_core(self, job, assessor, parameters, context, feedback, image_layer, title: str) -> dict:
        """Run the pipeline, then hand its files to the Processing destinations."""
        from ...core.assess import pipeline
        from ...core.common.errors import Cancelled, SegAssessError

        progress = QgisProgress(feedback, 10.0, 90.0)
        try:
            try:
                result = in_python_thread(pipeline.run_assessment, job, assessor, progress)
            except Cancelled:
                raise QgsProcessingException(tr("Cancelled by the user; no output was written.")) from None
            except SegAssessError as exc:
                raise core_error(exc) from None
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Cancelled by the user; no output was written."))
            return self.deliver(result, parameters, context, feedback, image_layer, title)
        finally:
            # the core's files were moved or copied to the destinations: drop the work folder now
            # rather than when QGIS exits (large sheets)
            shutil.rmtree(Path(job.out_dir).parent, ignore_errors=True)

    def deliver(self, result, parameters, context, feedback, image_layer, title: str) -> dict:
        sheet = sheet_name(image_layer)
        outputs = {}
        step(feedback, 90.0, tr("Writing the output layers"))
        quality = self.parameterAsOutputLayer(parameters, "OUTPUT_QUALITY", context)
        outputs["OUTPUT_QUALITY"] = deliver_raster(result.quality, quality, feedback)
        styling.attach(context, outputs["OUTPUT_QUALITY"], "quality", sheet,
                       tr("Quality map – {sheet}").format(sheet=sheet))
        conf = self.parameterAsOutputLayer(parameters, "OUTPUT_CONFIDENCE", context)
        if conf:
            if True:
                outputs["OUTPUT_CONFIDENCE"] = deliver_raster(result.confidence, conf, feedback)
                styling.attach(context, outputs["OUTPUT_CONFIDENCE"], "confidence", sheet,
                               tr("Confidence – {sheet}").format(sheet=sheet))
        counts = {}
        for name, gpkg_name, kind, desc in output_layers():
            layer = gpkg_layer(result.polygons, gpkg_name)
            fields = sink_fields(layer)
            sink, dest_id = self.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.MultiPolygon,
                                                 image_layer.crs())
            counts[name] = layer.featureCount() if layer is not None else 0
            if sink is None:
                continue
            counts[name] = copy_features(layer, sink, fields, feedback)
            outputs[name] = dest_id
            styling.attach(context, dest_id, kind, sheet, tr("{what} – {sheet}").format(what=desc, sheet=sheet))
        numbers = summary_numbers(result.summary_data or {}, counts)
        summary_path = self.parameterAsFileOutput(parameters, "OUTPUT_SUMMARY", context)
        if summary_path:
            write_summary_html(summary_path, f"{title} – {sheet}", result.summary_data or {}, numbers, outputs)
            outputs["OUTPUT_SUMMARY"] = summary_path
        outputs.update(numbers)
        feedback.pushInfo(tr("Estimated IoU {iou:.3f}; {fp} false positive and {fn} false negative region(s), "
                             "{missed} missed object(s).").format(iou=numbers["ESTIMATED_IOU"],
                                                                   fp=numbers["FP_COUNT"], fn=numbers["FN_COUNT"],
                                                                   missed=numbers["MISSED_COUNT"]))
        step(feedback, 100.0, tr("Done"))
        return outputs


COMMON_HELP = (
    "<p><b>{inputs}</b>: {inputs_text}</p>"
    "<p><b>{outputs}</b>: {outputs_text}</p>"
    "<p><b>{colours}</b>: 1 TP <span style='color:#ff0000'>■</span> red, 2 FP "
    "<span style='color:#00ff00'>■</span> green, 3 TN <span style='color:#0000ff'>■</span> blue, 4 FN "
    "<span style='color:#00ffff'>■</span> cyan; 0 = no data.</p>"
)


def common_help(extra_inputs: str = "") -> str:
    return COMMON_HELP.format(
        inputs=tr("Inputs"),
        inputs_text=tr("a georeferenced image (any CRS GDAL reads; 8-bit RGB as trained, other types are "
                       "stretched 2-98 %), and the annotation to assess: EITHER a polygon layer (any CRS, "
                       "reprojected on the fly; 'selected features only' and the filter expression are honoured) "
                       "OR a raster mask (non-zero = object).") + extra_inputs,
        outputs=tr("Outputs"),
        outputs_text=tr("quality map (GeoTIFF, values 1-4), confidence (0-1), FP and FN polygons with area "
                        "(m²) and mean confidence, the annotated features with per-feature scores, missed objects, "
                        "an HTML summary, and numbers for models: estimated IoU and FP/FN counts."),
        colours=tr("Quality classes"),
    )
