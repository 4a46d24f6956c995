"""The annotation side: a vector layer or a raster mask, aligned to the image grid.

Vector layers (any OGR format, any CRS) are filtered by an attribute expression,
repaired with make_valid (counted), reprojected to the image CRS and rasterized window
by window (all-touched off by default: a pixel belongs to a polygon when its centre
does, which keeps areas unbiased). Raster masks on any grid are warped to the image grid
with nearest neighbour through a WarpedVRT, also window by window, so nothing of the
size of the image is ever held in memory.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Optional

import geopandas as gpd
import numpy as np
import pyogrio
import rasterio
from rasterio.enums import Resampling
from rasterio.features import rasterize
from rasterio.vrt import WarpedVRT
from rasterio.warp import transform_bounds
from rasterio.windows import Window, bounds as window_bounds
from rasterio.windows import transform as window_transform
from shapely import make_valid
from shapely.geometry import box

from ..common.crs import describe, ground_distance_m, to_crs
from ..common.errors import InputError
from .inputs import check_georeferencing, open_raster, reading
from .job import AnnotationSpec
from .postgis import is_postgis, read_postgis
from ..common.progress import NullProgress, Progress, msg

POLYGONAL = ("Polygon", "MultiPolygon")


RASTER_SUFFIXES = (".tif", ".tiff", ".vrt", ".img", ".jp2")


def is_raster(path) -> bool:
    """True when GDAL opens the file as a raster (a mask), False for vector data. A raster file name
    counts as a raster even when it cannot be opened, so its error says why (truncated, corrupt)."""
    if Path(str(path)).suffix.lower() in RASTER_SUFFIXES:
        return True
    try:
        with rasterio.open(path) as ds:
            return ds.count >= 1 and ds.width > 0
    except Exception:
        return False


def _extent_text(bounds, crs) -> str:
    crs = to_crs(crs)
    fmt = "{:.6f}" if crs.is_geographic else "{:.1f}"
    return "[" + ", ".join(fmt.format(b) for b in bounds) + f"] in {describe(crs)}"


def _keep_polygons(geom):
    """Polygonal part of a geometry (make_valid may return collections with lines)."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in POLYGONAL:
        return geom
    if geom.geom_type == "GeometryCollection":
        polys = [g for g in geom.geoms if g.geom_type in POLYGONAL]
        if polys:
            from shapely.ops import unary_union

            return unary_union(polys)
    return None


def is_connection(path) -> bool:
    """A database connection string (PostGIS `PG:...`) or URL rather than a file."""
    text = str(path)
    return text.upper().startswith("PG:") or "://" in text


def _image_bbox_in_layer(path, spec: AnnotationSpec, image):
    """(bbox of the image in the layer's CRS, layer extent, layer CRS) for a spatial-index read of
    only the features near the image: one big inventory layer serves thousands of sheets.
    (None, None, None) when the layer's CRS is unknown (then everything is read)."""
    try:
        info = pyogrio.read_info(path, layer=spec.layer, force_total_bounds=True)
        if not info.get("crs"):
            return None, None, None
        bbox = transform_bounds(image.crs, info["crs"], *image.bounds(), densify_pts=21)
    except Exception:
        return None, None, None
    extent = info.get("total_bounds")
    if extent is None or not all(np.isfinite(extent)):
        return bbox, None, info["crs"]
    return bbox, tuple(float(v) for v in extent), info["crs"]


def _layer_choice(path, spec: AnnotationSpec, what: str, name: str) -> Optional[str]:
    """The layer to read: the one asked for, else the source's only layer with geometries. A source
    holding several is refused, naming them: silently taking the first would assess the wrong data."""
    if spec.layer is not None:
        return spec.layer
    try:
        layers = pyogrio.list_layers(path)
    except Exception:  # noqa: BLE001 (an unreadable source: reading it says why)
        return None
    spatial = [str(n) for n, geometry_type in layers if geometry_type]
    if len(spatial) > 1:
        listed = ", ".join(spatial[:8]) + (", ..." if len(spatial) > 8 else "")
        raise InputError(f"The {what} {name} holds {len(spatial)} layers ({listed}); choose one with --layer "
                         f"(e.g. --layer {spatial[0]}).")
    return spatial[0] if spatial and len(layers) > 1 else None


def _check_declared_type(path, layer, what: str, name: str) -> None:
    """Refuse a point or line layer (even an empty one): SegAssess assesses polygons."""
    try:
        kind = pyogrio.read_info(path, layer=layer).get("geometry_type") or ""
    except Exception:  # noqa: BLE001 (reading it says why)
        return
    if "Point" in kind or "LineString" in kind:
        raise InputError(f"The {what} {name} is a {kind} layer; SegAssess assesses polygons (building footprints, "
                         "water bodies): give a polygon layer.")


def _read_file(path, spec: AnnotationSpec, image, what: str, name: str, check_extent) -> gpd.GeoDataFrame:
    """A vector file (any OGR format) through pyogrio, indexed by feature id."""
    spec = replace(spec, layer=_layer_choice(path, spec, what, name))
    _check_declared_type(path, spec.layer, what, name)
    bbox, extent, crs = _image_bbox_in_layer(path, spec, image) if spec.near_image_only else (None, None, None)
    if extent is not None:
        check_extent(extent, crs)
    try:
        gdf = gpd.read_file(path, layer=spec.layer, where=spec.where or None, bbox=bbox, engine="pyogrio",
                            fid_as_index=True)
    except pyogrio.errors.DataSourceError as exc:
        raise InputError(f"Cannot read the {what} {path}: {str(exc).splitlines()[0]}") from None
    except Exception as exc:  # pyogrio raises plain errors for bad SQL filters
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if spec.where:
            raise InputError(f"The filter {spec.where!r} cannot be applied to {name}: {msg}") from None
        raise InputError(f"Cannot read the {what} {path}: {msg}") from None
    return gdf


def _distance_text(metres: float) -> str:
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"


def _none_inside(progress: Progress, spec: AnnotationSpec, what: str, name: str, how: str, distance: str) -> None:
    """Say, in one line, that no feature lies on the image: on an inventory sheet every object there is a
    missed object (a legitimate, important case), but a wrong CRS looks the same, hence the distance (to
    the nearest feature, or to the layer's extent after a spatial-index read). Campaign sheets
    (spec.near_image_only) say it as information: many sheets of a campaign are empty."""
    if how == "nearest":
        text = msg("No feature of the {what} {name} lies inside the image (the nearest lies {distance} away): "
                   "every object on it will be a missed object (FN); if that is unexpected, check that both layers "
                   "show the same place and that their CRSs are declared correctly.",
                   what=what, name=name, distance=distance)
    else:
        text = msg("No feature of the {what} {name} lies inside the image (the layer's extent lies {distance} "
                   "away): every object on it will be a missed object (FN); if that is unexpected, check that both "
                   "layers show the same place and that their CRSs are declared correctly.",
                   what=what, name=name, distance=distance)
    (progress.info if spec.near_image_only else progress.warning)(text)


def _refuse_non_polygons(gdf: gpd.GeoDataFrame, what: str, name: str) -> None:
    kinds = set(gdf.geom_type.dropna())
    if kinds and not kinds & {"Polygon", "MultiPolygon", "GeometryCollection"}:
        raise InputError(f"The {what} {name} holds {', '.join(sorted(kinds))} geometries; SegAssess assesses "
                         "polygons (building footprints, water bodies): give a polygon layer.")


def _clean(gdf: gpd.GeoDataFrame, image, progress: Progress, name: str) -> gpd.GeoDataFrame:
    """Repaired (make_valid), reprojected to the image CRS, polygons only."""
    invalid = ~gdf.geometry.is_valid & gdf.geometry.notna()
    n_invalid = int(invalid.sum())
    if n_invalid:
        gdf.loc[invalid, "geometry"] = make_valid(gdf.geometry[invalid].values)
        progress.info(f"Repaired {n_invalid} invalid geometr{'y' if n_invalid == 1 else 'ies'} in {name} (make_valid).")
    gdf = gdf.to_crs(image.crs.to_wkt())
    gdf["geometry"] = [_keep_polygons(g) for g in gdf.geometry]
    dropped = int(gdf.geometry.isna().sum())
    if dropped:
        progress.warning(f"Ignored {dropped} non-polygon or empty feature(s) in {name}.")
        gdf = gdf[gdf.geometry.notna()].copy()
    return gdf.reset_index(drop=True)


def _nearest_distance(gdf: gpd.GeoDataFrame, image) -> str:
    """Ground distance to the nearest of features (in the image CRS) of which none is on the image."""
    img_box = box(*image.bounds())
    nearest = gdf.geometry.values[int(np.argmin(gdf.geometry.distance(img_box).to_numpy()))]
    return _distance_text(ground_distance_m(img_box, nearest, image.crs))


def read_vector(spec: AnnotationSpec, image, progress: Progress, what: str = "annotation") -> gpd.GeoDataFrame:
    """Read, filter, repair and reproject a vector annotation to the image CRS (with
    spec.near_image_only, only the features whose bounding box meets the image's)."""
    path = str(spec.path) if is_connection(spec.path) else Path(spec.path)
    if not is_connection(path) and not path.exists():
        raise InputError(f"The {what} file {path} does not exist.")
    name = spec.name or (path if isinstance(path, str) else path.name)
    away = []  # the layer's extent lies away from the image: how far

    def check_extent(extent, crs):
        image_box = box(*transform_bounds(image.crs, crs, *image.bounds(), densify_pts=21))
        if not image_box.intersects(box(*extent)):
            away.append(_distance_text(ground_distance_m(image_box, box(*extent), to_crs(crs))))

    if is_postgis(path):
        name = f"{spec.layer} (PostGIS)"
        gdf = read_postgis(spec, image, what, check_extent)
    else:
        gdf = _read_file(path, spec, image, what, name, check_extent)
    if "source_fid" in gdf.columns:  # e.g. a scored_features layer of an earlier run: keep its column
        n = 1
        while f"source_fid_{n}" in gdf.columns:
            n += 1
        gdf = gdf.rename(columns={"source_fid": f"source_fid_{n}"})
    gdf = gdf.rename_axis("source_fid").reset_index()  # the feature ids, carried to the scored features
    if gdf.crs is None:
        raise InputError(f"The {what} {name} has no coordinate reference system; assign one (e.g. a .prj file).")
    _refuse_non_polygons(gdf, what, name)
    if len(gdf) == 0:
        if away:
            _none_inside(progress, spec, what, name, "extent", away[0])
        elif spec.near_image_only:  # an empty sheet of a campaign: the inventory records nothing there
            progress.info(msg("No feature of the {what} {name} lies inside the image.", what=what, name=name))
        else:
            progress.warning(msg("The {what} {name} has no features matching {where}: every pixel will be treated "
                                 "as background (TN/FN).", what=what, name=name, where=repr(spec.where))
                             if spec.where else
                             msg("The {what} {name} has no features: every pixel will be treated as background "
                                 "(TN/FN).", what=what, name=name))
        return gdf.to_crs(image.crs.to_wkt())
    gdf = _clean(gdf, image, progress, name)
    if len(gdf) and not len(gdf.sindex.query(box(*image.bounds()), predicate="intersects")):
        _none_inside(progress, spec, what, name, "nearest", _nearest_distance(gdf, image))
    return gdf


class VectorMask:
    """Rasterizes a GeoDataFrame (already in the image CRS) onto windows of the image grid."""

    def __init__(self, gdf: gpd.GeoDataFrame, transform, all_touched: bool = False):
        self.gdf = gdf
        self.transform = transform
        self.all_touched = all_touched
        self.sindex = gdf.sindex if len(gdf) else None

    def close(self) -> None:
        pass

    def read(self, window: Window) -> np.ndarray:
        shape = (int(window.height), int(window.width))
        if self.sindex is None:
            return np.zeros(shape, np.uint8)
        idx = self.sindex.query(box(*window_bounds(window, self.transform)))
        if len(idx) == 0:
            return np.zeros(shape, np.uint8)
        return rasterize(((g, 1) for g in self.gdf.geometry.values[idx]), out_shape=shape,
                         transform=window_transform(window, self.transform), fill=0,
                         all_touched=self.all_touched, dtype="uint8")


class RasterMask:
    """A raster mask (non-zero = object) on any grid, warped to the image grid (nearest)."""

    def __init__(self, path, image, what: str = "annotation"):
        self.path = Path(path)
        self.what = what
        self.src = open_raster(path, what)
        check_georeferencing(self.src, what)
        b = transform_bounds(self.src.crs, image.ds.crs, *self.src.bounds, densify_pts=21)
        if not box(*b).intersects(box(*image.bounds())):
            raise InputError(
                f"The {what} raster {Path(path).name} does not overlap the image: {what} extent "
                f"{_extent_text(self.src.bounds, self.src.crs)}, image extent {_extent_text(image.bounds(), image.crs)}.")
        same_grid = (self.src.crs == image.ds.crs and self.src.transform == image.transform
                     and self.src.shape == (image.height, image.width))
        # read directly only when every pixel is valid: the warped reader turns the mask's nodata
        # (value, alpha or mask band) into 0, which is what `read` and the polygonized objects need
        all_valid = [f.name for f in self.src.mask_flag_enums[0]] == ["all_valid"]
        self.reader = self.src if same_grid and all_valid else WarpedVRT(
            self.src, crs=image.ds.crs, transform=image.transform, width=image.width, height=image.height,
            resampling=Resampling.nearest, src_nodata=self.src.nodata, nodata=0)

    def read(self, window: Window) -> np.ndarray:
        with reading(self.path, self.what):
            data = self.reader.read(1, window=window)
            valid = self.reader.read_masks(1, window=window) > 0
        return ((data != 0) & valid).astype(np.uint8)

    def close(self) -> None:
        if self.reader is not self.src:
            self.reader.close()
        self.src.close()


def open_annotation(spec: AnnotationSpec, image, progress: Optional[Progress] = None, what: str = "annotation"):
    """(mask reader with .read(window), GeoDataFrame of features or None for raster masks)."""
    progress = progress or NullProgress()
    path = Path(spec.path)
    if is_connection(spec.path):
        gdf = read_vector(spec, image, progress, what)
        return VectorMask(gdf, image.transform, spec.all_touched), gdf
    if not path.exists():
        raise InputError(f"The {what} file {path} does not exist.")
    if is_raster(path):
        if spec.where:
            raise InputError(f"A filter ({spec.where!r}) was given but the {what} {path.name} is a raster mask.")
        return RasterMask(path, image, what), None
    gdf = read_vector(spec, image, progress, what)
    return VectorMask(gdf, image.transform, spec.all_touched), gdf
