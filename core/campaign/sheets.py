"""Map sheets: where each sheet's image, annotation and output window come from. One `Sheet`
type and one sheet-list format serve campaigns (`segassess batch`) and training/evaluation.

Three ways to name a campaign's sheets (what analysts have at hand):
- a folder of GeoTIFFs: one sheet per file, id = file name without extension;
- a CSV/YAML sheet list (`read_sheet_list`, the format of training lists too);
- a sheet-index vector layer (polygons with an id field) over one mosaic or VRT: each sheet
  is the mosaic window under its polygon, read with a margin of context around it through a
  GDAL `vrt://...?srcwin=` window, and its outputs cover the polygon's window only, so
  adjacent sheets join without seams or double counting.

The annotation is one layer for all sheets (read per sheet with a bounding-box filter,
which uses the layer's spatial index), or a per-sheet pattern such as `ann/{sheet}.gpkg`.

Sheet lists (paths relative to the list; YAML: a list, or a mapping with `sheets:`):

    sheets:
      - id: tile_a                   # optional (default: image file stem); `name` is read as an alias
        image: a/image.tif
        annotation: a/inventory.gpkg # or {path: ..., layer: ..., where: "..."}; campaigns: default --annotation
        truth: a/truth.gpkg          # or a raster mask (non-zero = object); training and evaluation need it
        split: train                 # train | val (training; default train)
        bands: [3, 2, 1]             # optional: this sheet's bands (default: the run's --bands)
        stretch: percentile          # optional: auto | none | percentile (default: the run's --stretch)

    # sheets.csv: header image[,id,annotation,annotation_layer,annotation_where,truth,truth_layer,
    #             truth_where,split,bands,stretch]; bands as "3,2,1"
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from ..common.errors import InputError
from ..assess.job import AnnotationSpec

RASTER_SUFFIXES = (".tif", ".tiff", ".vrt", ".jp2", ".img")
VECTOR_SUFFIXES = (".gpkg", ".shp", ".geojson", ".json", ".fgb", ".sqlite", ".gml", ".kml")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


SPLITS = ("train", "val")


@dataclass(frozen=True)
class Sheet:
    """One sheet: an image (a file, or a `vrt://` window of a mosaic), its annotation, optionally
    its ground truth, and the part of the image its outputs cover (`core_window`, None = all of it).
    Training lists add the split; any list may set the sheet's bands and stretch."""

    sheet_id: str
    image: str
    annotation: Optional[AnnotationSpec]
    truth: Optional[AnnotationSpec] = None
    core_window: Optional[Tuple[int, int, int, int]] = None
    mosaic: Optional[str] = None     # the mosaic a sheet-index sheet is a window of
    # candidate annotations ranked on this sheet (`batch --candidate`); `annotation` is the first
    candidates: Tuple[AnnotationSpec, ...] = ()
    split: str = "train"             # training lists: train | val
    bands: Optional[Tuple[int, ...]] = None   # None: the run's bands
    stretch: str = "auto"            # "auto": the run's stretch (a campaign's --stretch), else this one

    def __post_init__(self):
        object.__setattr__(self, "image", str(self.image))
        if self.bands is not None:
            object.__setattr__(self, "bands", tuple(int(b) for b in self.bands))

    def to_row(self) -> dict:
        """The sheet as a row of a YAML sheet list (`write_sheet_list`; paths as they are)."""
        def spec(s: Optional[AnnotationSpec]):
            if s is None:
                return None
            return {"path": str(s.path), "layer": s.layer, "where": s.where,
                    **({"all_touched": True} if s.all_touched else {})}
        return {"id": self.sheet_id, "image": self.image, "annotation": spec(self.annotation),
                "truth": spec(self.truth), "split": self.split,
                "bands": None if self.bands is None else list(self.bands), "stretch": self.stretch}


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


def with_candidates(sheets: List[Sheet], candidates: List[AnnotationSpec]) -> List[Sheet]:
    """The sheets with the candidate annotations to rank on each (`{sheet}` patterns resolved per sheet)."""
    return [replace(s, candidates=tuple(annotation_for(c, s.sheet_id) for c in candidates)) for s in sheets]


def _listed_spec(row: dict, what: str, base: Path, where_list: str) -> Optional[AnnotationSpec]:
    """A row's `annotation` or `truth`: a path, or {path, layer, where[, all_touched]}, plus the
    `<what>_layer` / `<what>_where` columns; None when the row names none."""
    value, layer, where = row.get(what), row.get(f"{what}_layer"), row.get(f"{what}_where")
    all_touched = False
    if isinstance(value, dict):
        if not value.get("path"):
            raise InputError(f"{what} entry {value!r} of {where_list} has no 'path'")
        layer, where = value.get("layer", layer), value.get("where", where)
        all_touched, value = bool(value.get("all_touched", False)), value["path"]
    if not value:
        return None
    return AnnotationSpec(Path(_resolve(value, base)), layer or None, where or None, all_touched)


def _bands(value, sheet: str) -> Optional[Tuple[int, ...]]:
    if value in (None, "", []):
        return None
    try:
        parts = value.split(",") if isinstance(value, str) else list(value)
        return tuple(int(b) for b in parts if str(b).strip())
    except (TypeError, ValueError):
        raise InputError(f"sheet {sheet}: bands {value!r} are not band numbers such as 3,2,1") from None


def _listed_sheet(row: dict, base: Path, i: int, where_list: str) -> Sheet:
    if not row.get("image"):
        raise InputError(f"sheet {i + 1} of {where_list} has no image")
    image = _resolve(row["image"], base)
    sid = safe_id(row.get("id") or row.get("name") or Path(image).stem)  # `name`: older training lists
    split = str(row.get("split") or "train").strip().lower()
    if split not in SPLITS:
        raise InputError(f"sheet {sid} of {where_list}: split must be 'train' or 'val', not {split!r}")
    return Sheet(sid, image, _listed_spec(row, "annotation", base, where_list),
                 _listed_spec(row, "truth", base, where_list), split=split, bands=_bands(row.get("bands"), sid),
                 stretch=str(row.get("stretch") or "auto").strip().lower())


def read_sheet_list(path) -> List[Sheet]:
    """The sheets of a .yaml/.yml or .csv sheet list (format in the module docstring), in order;
    ids unique. Annotation and truth are None where a row names none (callers decide)."""
    rows, base = read_rows(path)
    name = Path(path).name
    return _unique([_listed_sheet(r, base, i, name) for i, r in enumerate(rows)], name)


def write_sheet_list(sheets: Sequence[Sheet], path) -> Path:
    """A YAML sheet list of `sheets` (their paths as they are: absolute ones stay valid), atomically."""
    import yaml

    from ..common.files import atomic_write_text

    return atomic_write_text(path, yaml.safe_dump({"sheets": [s.to_row() for s in sheets]}, sort_keys=False))


def _unique(sheets: List[Sheet], where: str) -> List[Sheet]:
    if not sheets:
        raise InputError(f"{where} names no sheets.")
    seen = {}
    for s in sheets:
        if s.sheet_id in seen:
            raise InputError(f"sheet id {s.sheet_id!r} appears twice in {where}; sheet ids must be unique "
                             "(they name the output folders).")
        seen[s.sheet_id] = s
    return sheets


def sheets_from_folder(folder: Path, annotation: AnnotationSpec, truth: Optional[AnnotationSpec]) -> List[Sheet]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in RASTER_SUFFIXES)
    if not files:
        raise InputError(f"The folder {folder} holds no GeoTIFF/VRT images ({', '.join(RASTER_SUFFIXES)}).")
    out = []
    for p in files:
        sid = safe_id(p.stem)
        out.append(Sheet(sid, str(p.resolve()), annotation_for(annotation, sid),
                                 annotation_for(truth, sid) if truth else None))
    return _unique(out, str(folder))


def sheets_from_list(path: Path, annotation: Optional[AnnotationSpec],
                     truth: Optional[AnnotationSpec]) -> List[Sheet]:
    """A campaign's sheets from a sheet list: a row's own annotation/truth, else --annotation/--truth
    (a row's annotation takes the --annotation filter when it has none, and its rasterisation rule)."""
    out = []
    for s in read_sheet_list(path):
        ann, tru = s.annotation, s.truth
        if ann is not None and annotation is not None:
            ann = replace(ann, where=ann.where or annotation.where, all_touched=annotation.all_touched)
        ann = ann or annotation
        if ann is None:
            raise InputError(f"sheet {s.sheet_id} of {Path(path).name} has no annotation column and no "
                             "--annotation was given.")
        tru = replace(tru, all_touched=ann.all_touched) if tru is not None else truth
        out.append(replace(s, annotation=annotation_for(ann, s.sheet_id),
                           truth=annotation_for(tru, s.sheet_id) if tru else None))
    return out


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
                      overlap: int = 64) -> List[Sheet]:
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
        out.append(Sheet(sid, image, annotation_for(annotation, sid),
                                 annotation_for(truth, sid) if truth else None,
                                 core_window=(c0 - mc0, r0 - mr0, c1 - c0, r1 - r0), mosaic=mosaic_path))
    return _unique(out, Path(index).name)


def discover_sheets(sheets, annotation: Optional[AnnotationSpec], truth: Optional[AnnotationSpec] = None,
                    mosaic=None, id_field: Optional[str] = None, sheets_layer: Optional[str] = None,
                    margin_px: Optional[int] = None, tile_size: int = 512, overlap: int = 64) -> List[Sheet]:
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


def input_fingerprint(sheet: Sheet, cache: Optional[dict] = None) -> str:
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
    if sheet.bands is not None or sheet.stretch != "auto":  # a sheet's own reading (sheet lists)
        doc["reading"] = [sheet.bands, sheet.stretch]
    return hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()


def params_fingerprint(params: dict) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()

