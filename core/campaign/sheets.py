"""Map sheets of a campaign: where each sheet's image, annotation and output window come from.

Three ways to name sheets (what analysts have at hand):
- a folder of GeoTIFFs: one sheet per file, id = file name without extension;
- a CSV/YAML list: one row per sheet with `image` and optional `id`, `annotation`, `truth`
  (paths relative to the list);
- a sheet-index vector layer (polygons with an id field) over one mosaic or VRT: each sheet
  is the mosaic window under its polygon, read with a margin of context around it through a
  GDAL `vrt://...?srcwin=` window, and its outputs cover the polygon's window only, so
  adjacent sheets join without seams or double counting.

The annotation is one layer for all sheets (read per sheet with a bounding-box filter,
which uses the layer's spatial index), or a per-sheet pattern such as `ann/{sheet}.gpkg`.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import List, Optional, Tuple

from ..common.errors import InputError
from ..assess.job import AnnotationSpec

RASTER_SUFFIXES = (".tif", ".tiff", ".vrt", ".jp2", ".img")
VECTOR_SUFFIXES = (".gpkg", ".shp", ".geojson", ".json", ".fgb", ".sqlite", ".gml", ".kml")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class CampaignSheet:
    """One sheet: an image (a file, or a `vrt://` window of a mosaic), its annotation, and the
    part of the image its outputs cover (`core_window`, None = all of it)."""

    sheet_id: str
    image: str
    annotation: AnnotationSpec
    truth: Optional[AnnotationSpec] = None
    core_window: Optional[Tuple[int, int, int, int]] = None
    mosaic: Optional[str] = None  # the mosaic a sheet-index sheet is a window of
    # candidate annotations ranked on this sheet (`batch --candidate`); `annotation` is the first
    candidates: Tuple[AnnotationSpec, ...] = ()


def safe_id(value) -> str:
    """A sheet id usable as a folder and file name on every platform."""
    text = _UNSAFE.sub("_", str(value).strip()).strip("._")
    if not text:
        raise InputError(f"sheet id {value!r} has no usable characters (letters, digits, '.', '_', '-').")
    return text


def read_rows(path) -> Tuple[List[dict], Path]:
    """Rows of a .yaml/.yml (a list, or a mapping with `sheets:`) or .csv sheet list, and the
    folder relative paths in it are resolved against."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"sheet list {p} does not exist")
    base = p.resolve().parent
    if p.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(p.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            raise InputError(f"sheet list {p.name} is not valid YAML: {str(e).splitlines()[0]}") from None
        rows = data.get("sheets") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise InputError(f"sheet list {p.name} must be a list of sheets (or a mapping with 'sheets:')")
    elif p.suffix.lower() == ".csv":
        with open(p, newline="", encoding="utf-8-sig") as f:
            rows = [{k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in r.items() if k}
                    for r in csv.DictReader(f)]
    else:
        raise InputError(f"sheet list {p.name}: use a .yaml/.yml or .csv file")
    rows = [r if isinstance(r, dict) else {} for r in rows]
    if not rows:
        raise InputError(f"sheet list {p.name} lists no sheets")
    return rows, base


def _resolve(value, base: Path) -> str:
    text = str(value)
    if "://" in text or text.upper().startswith("PG:") or text.startswith("/vsi"):
        return text
    p = Path(text).expanduser()
    return str(p if p.is_absolute() else base / p)


def annotation_for(template: AnnotationSpec, sheet_id: str) -> AnnotationSpec:
    """The sheet's annotation: `{sheet}` in the path replaced by the sheet id (per-sheet files);
    only the features near the sheet are read (a layer shared by all sheets is read through its
    spatial index, and a sheet's outputs score the features it shows, not the whole inventory)."""
    text = str(template.path)
    path = Path(text.replace("{sheet}", sheet_id)) if "{sheet}" in text else template.path
    return replace(template, path=path, near_image_only=True)


def with_candidates(sheets: List[CampaignSheet], candidates: List[AnnotationSpec]) -> List[CampaignSheet]:
    """The sheets with the candidate annotations to rank on each (`{sheet}` patterns resolved per sheet)."""
    return [replace(s, candidates=tuple(annotation_for(c, s.sheet_id) for c in candidates)) for s in sheets]


def _unique(sheets: List[CampaignSheet], where: str) -> List[CampaignSheet]:
    if not sheets:
        raise InputError(f"{where} names no sheets.")
    seen = {}
    for s in sheets:
        if s.sheet_id in seen:
            raise InputError(f"sheet id {s.sheet_id!r} appears twice in {where}; sheet ids must be unique "
                             "(they name the output folders).")
        seen[s.sheet_id] = s
    return sheets


def sheets_from_folder(folder: Path, annotation: AnnotationSpec, truth: Optional[AnnotationSpec]) -> List[CampaignSheet]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in RASTER_SUFFIXES)
    if not files:
        raise InputError(f"The folder {folder} holds no GeoTIFF/VRT images ({', '.join(RASTER_SUFFIXES)}).")
    out = []
    for p in files:
        sid = safe_id(p.stem)
        out.append(CampaignSheet(sid, str(p.resolve()), annotation_for(annotation, sid),
                                 annotation_for(truth, sid) if truth else None))
    return _unique(out, str(folder))


def sheets_from_list(path: Path, annotation: Optional[AnnotationSpec],
                     truth: Optional[AnnotationSpec]) -> List[CampaignSheet]:
    rows, base = read_rows(path)
    out = []
    for i, row in enumerate(rows):
        if not row.get("image"):
            raise InputError(f"sheet {i + 1} of {Path(path).name} has no image")
        image = _resolve(row["image"], base)
        sid = safe_id(row.get("id") or row.get("name") or Path(image).stem)
        ann = annotation
        if row.get("annotation"):
            ann = AnnotationSpec(Path(_resolve(row["annotation"], base)), row.get("annotation_layer") or None,
                                 row.get("annotation_where") or (annotation.where if annotation else None),
                                 annotation.all_touched if annotation else False)
        if ann is None:
            raise InputError(f"sheet {sid} of {Path(path).name} has no annotation column and no --annotation was given.")
        tru = truth
        if row.get("truth"):
            tru = AnnotationSpec(Path(_resolve(row["truth"], base)), row.get("truth_layer") or None,
                                 row.get("truth_where") or None, ann.all_touched)
        out.append(CampaignSheet(sid, image, annotation_for(ann, sid), annotation_for(tru, sid) if tru else None))
    return _unique(out, Path(path).name)


def grid_aligned_span(a: int, b: int, length: int, tile: int, overlap: int) -> Tuple[int, int]:
    """The read span around the output span [a, b) of an axis of `length` px, on the tile grid of
    a run over the whole axis (tiles at 0, s, 2s, ... with stride s = tile - overlap, the last one
    shifted to end at `length`; see core.assess.tiling).

    Every tile that covers [a, b) in the whole run is also a tile of the span's own run, with the
    same blending weights: the span starts on a grid point at least `overlap` before a (so the
    span's first tile, which has no ramp on its outer side, ramps nowhere inside [a, b)) and ends
    one tile after the last grid point before b. So a sheet's outputs equal those of one run over
    the whole mosaic: no seams at sheet boundaries.
    """
    if length <= tile:
        return 0, length
    s = tile - overlap
    # never after length - tile either: a span that reaches the end must hold the whole run's last tile
    start = max(0, (min(a - overlap, length - tile) // s) * s)
    if b > length - tile:  # the whole run's last tile, shifted to end at `length`, touches [a, b)
        return start, length
    last = ((b - 1) // s) * s
    return start, min(length, last + tile)


def sheets_from_index(index: Path, mosaic: str, id_field: Optional[str], annotation: AnnotationSpec,
                      truth: Optional[AnnotationSpec], layer: Optional[str] = None,
                      margin_px: Optional[int] = None, tile_size: int = 512,
                      overlap: int = 64) -> List[CampaignSheet]:
    """One sheet per polygon of a sheet-index layer, as windows of `mosaic`.

    margin_px None: the read window is aligned on the whole mosaic's tile grid
    (`grid_aligned_span`), so results are seamless; an integer: that many pixels of context
    on each side (0: none; sheets are then assessed as independent images)."""
    import geopandas as gpd
    from rasterio.windows import from_bounds

    from ..assess.inputs import check_georeferencing, open_raster

    if margin_px is not None and margin_px < 0:
        raise InputError(f"The sheet margin must be 0 px or more (got {margin_px}).")
    try:
        index_gdf = gpd.read_file(index, layer=layer, engine="pyogrio")
    except Exception as exc:
        raise InputError(f"Cannot read the sheet index {index}: {str(exc).splitlines()[0]}") from None
    if index_gdf.crs is None:
        raise InputError(f"The sheet index {Path(index).name} has no coordinate reference system.")
    if id_field and id_field not in index_gdf.columns:
        raise InputError(f"The sheet index {Path(index).name} has no field {id_field!r}; fields: "
                         f"{', '.join(c for c in index_gdf.columns if c != 'geometry')}.")
    with open_raster(mosaic) as ds:
        check_georeferencing(ds, "mosaic")
        crs, transform, width, height = ds.crs, ds.transform, ds.width, ds.height
    mosaic_path = str(Path(mosaic).resolve()) if "://" not in str(mosaic) else str(mosaic)
    index_gdf = index_gdf.to_crs(crs.to_wkt())
    out = []
    for i, row in enumerate(index_gdf.itertuples(index=False)):
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        sid = safe_id(getattr(row, id_field) if id_field else i + 1)
        # snap to the nearest pixel edges: adjacent index polygons share edges, so their windows abut exactly
        w = from_bounds(*geom.bounds, transform=transform)
        c0, r0 = max(0, round(w.col_off)), max(0, round(w.row_off))
        c1, r1 = min(width, round(w.col_off + w.width)), min(height, round(w.row_off + w.height))
        if c1 <= c0 or r1 <= r0:
            raise InputError(f"Sheet {sid} of {Path(index).name} does not overlap the mosaic {Path(mosaic).name}.")
        if margin_px is None:
            mc0, mc1 = grid_aligned_span(c0, c1, width, tile_size, overlap)
            mr0, mr1 = grid_aligned_span(r0, r1, height, tile_size, overlap)
        else:
            mc0, mr0 = max(0, c0 - margin_px), max(0, r0 - margin_px)
            mc1, mr1 = min(width, c1 + margin_px), min(height, r1 + margin_px)
        image = f"vrt://{mosaic_path}?srcwin={mc0},{mr0},{mc1 - mc0},{mr1 - mr0}"
        out.append(CampaignSheet(sid, image, annotation_for(annotation, sid),
                                 annotation_for(truth, sid) if truth else None,
                                 core_window=(c0 - mc0, r0 - mr0, c1 - c0, r1 - r0), mosaic=mosaic_path))
    return _unique(out, Path(index).name)


def discover_sheets(sheets, annotation: Optional[AnnotationSpec], truth: Optional[AnnotationSpec] = None,
                    mosaic=None, id_field: Optional[str] = None, sheets_layer: Optional[str] = None,
                    margin_px: Optional[int] = None, tile_size: int = 512, overlap: int = 64) -> List[CampaignSheet]:
    """The campaign's sheets from a folder, a CSV/YAML list or a sheet-index layer (+ mosaic)."""
    p = Path(sheets)
    if not p.exists():
        raise InputError(f"The sheets {p} do not exist (give a folder of GeoTIFFs, a .csv/.yaml list or a "
                         "sheet-index vector layer with --mosaic).")
    if p.is_dir():
        if annotation is None:
            raise InputError("An annotation (--annotation) is needed for a folder of sheets.")
        return sheets_from_folder(p, annotation, truth)
    suffix = p.suffix.lower()
    if suffix in (".csv", ".yaml", ".yml"):
        return sheets_from_list(p, annotation, truth)
    if suffix in VECTOR_SUFFIXES:
        if not mosaic:
            raise InputError(f"{p.name} is a sheet-index layer: give the mosaic or VRT it cuts with --mosaic.")
        if annotation is None:
            raise InputError("An annotation (--annotation) is needed in sheet-index mode.")
        return sheets_from_index(p, str(mosaic), id_field, annotation, truth, sheets_layer, margin_px, tile_size,
                                 overlap)
    raise InputError(f"Cannot tell what {p.name} is: use a folder of GeoTIFFs, a .csv/.yaml list or a sheet-index "
                     f"vector layer ({', '.join(VECTOR_SUFFIXES)}).")


# ----------------------------------------------------------------------------- fingerprints
def _files_of_raster(image: str) -> List[str]:
    """The files a raster reads (a VRT and its sources, world files, .aux.xml) as GDAL lists them."""
    import rasterio

    try:
        with rasterio.open(image) as ds:
            files = list(ds.files)
    except Exception:
        files = []
    if not files and "://" not in image:
        files = [image]
    return files


def _files_of_vector(spec: Optional[AnnotationSpec]) -> List[str]:
    if spec is None:
        return []
    p = Path(str(spec.path))
    if not p.exists():
        return [str(p)]
    if p.suffix.lower() == ".shp":  # a shapefile is several files; an edit may touch only the .dbf
        return sorted(str(f) for f in p.parent.glob(p.stem + ".*"))
    return [str(p)]


def _stat(path: str):
    try:
        st = os.stat(path)
        return [path, st.st_size, st.st_mtime_ns]
    except OSError:
        return [path, None, None]


def input_fingerprint(sheet: CampaignSheet, cache: Optional[dict] = None) -> str:
    """sha256 over (path, size, mtime) of every file the sheet reads (PostGIS tables: their edit
    counters), plus its window and layer filters. Touching or replacing any input changes it; a
    shared annotation layer counts for every sheet."""
    cache = {} if cache is None else cache
    from ..assess.postgis import is_postgis, table_state

    raster_key = ("raster", sheet.mosaic or sheet.image)  # every window of a mosaic reads the same files
    if raster_key not in cache:
        cache[raster_key] = _files_of_raster(sheet.mosaic or sheet.image)
    files = list(cache[raster_key])
    tables = []
    specs = (sheet.annotation, sheet.truth) + tuple(sheet.candidates)
    for spec in specs:
        if spec is None:
            continue
        key = (str(spec.path), spec.layer)
        if key not in cache:
            cache[key] = table_state(spec) if is_postgis(spec.path) else _files_of_vector(spec)
        if is_postgis(spec.path):
            tables.append(cache[key])
        else:
            files.extend(cache[key])
    specs = [[str(s.path), s.layer, s.where, s.all_touched] if s else None for s in specs]
    doc = {"image": sheet.image, "core_window": sheet.core_window, "specs": specs, "tables": tables,
           "files": [_stat(f) for f in sorted(set(files))]}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()


def params_fingerprint(params: dict) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()

