"""The campaign command line of segassess:batch_campaign's parameters (`segassess batch ...`).

The command reads the data itself, so layers become what it can open: a file path (with layer name
and the layer's own filter combined with the user's) or a PostGIS connection string; a per-sheet
pattern such as 'ann/{sheet}.gpkg' is passed on as written.
"""
from __future__ import annotations

import os
from pathlib import Path

from qgis.core import QgsDataSourceUri, QgsProcessingException, QgsProviderRegistry

from ..qgis_io import raster_path, tr
from .base import core_problem
from .model_choice import FALLBACK_TILE_SIZE, demo_model, demo_warning, model_tile_size, precision_value, resolve_model

ASSESSORS = ("network", "reference")


def _source_args(flag: str, layer_flag: str, where_flag: str, source) -> list:
    """Command-line options for a (path, layer name, filter) vector source."""
    path, layer, where = source
    return [flag, path] + ([layer_flag, layer] if layer else []) + ([where_flag, where] if where else [])


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


class CampaignArguments:
    """The BatchCampaignAlgorithm's checks and command line (a mixin: it reads the parameters)."""

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
        tile = self.tile_size(parameters, context)
        overlap = self.parameterAsInt(parameters, "OVERLAP", context)
        from ...core.assess.tiling import validate_tiling

        return core_problem(validate_tiling, tile, overlap)

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
            model, is_demo = resolve_model(self.parameterAsFile(parameters, "MODEL", context))
            if is_demo:
                feedback.pushWarning(demo_warning())
            args += ["--model", str(model), "--precision", precision_value(self, parameters, context)]
        else:
            args += _source_args("--truth", "--truth-layer", "--truth-where", self.vector_source(
                parameters, "TRUTH", "TRUTH_FILTER", context, tr("reference data")))
        args += ["--tile-size", str(self.tile_size(parameters, context)),
                 "--overlap", str(self.parameterAsInt(parameters, "OVERLAP", context)),
                 "--batch-size", str(self.parameterAsInt(parameters, "BATCH_SIZE", context)),
                 "--workers", str(self.parameterAsInt(parameters, "WORKERS", context))]
        scheduler = self.parameterAsString(parameters, "SCHEDULER", context).strip()
        if scheduler:
            args += ["--scheduler", scheduler]
        return args

    def tile_size(self, parameters, context) -> int:
        """TILE_SIZE, or with 0 the tile size of the network's model (the reference assessor: 512)."""
        size = self.parameterAsInt(parameters, "TILE_SIZE", context)
        if size:
            return size
        if ASSESSORS[self.parameterAsEnum(parameters, "ASSESSOR", context)] != "network":
            return FALLBACK_TILE_SIZE
        text = self.parameterAsFile(parameters, "MODEL", context)
        return model_tile_size(Path(text) if text else demo_model())

    @staticmethod
    def filter_text(parameters, name, context) -> str:
        """The filter as written: it is given to OGR as an SQL WHERE clause, not evaluated by QGIS."""
        raw = parameters.get(name)
        return raw.strip() if isinstance(raw, str) else ""

    # ------------------------------------------------------------------ running
