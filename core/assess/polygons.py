"""Quality raster -> FP / FN polygons (rasterio.features.shapes, 4-connected regions).

Polygonizing runs on rasterio bands when given them, so GDAL streams the raster line by
line and memory does not grow with its size; per-polygon statistics (pixel count, mean
confidence) are then gathered strip by strip by rasterizing the polygons with their index.
Each polygon carries its ground area in m² (geodesic in geographic CRSs). Polygons
rasterize back to exactly the pixels they came from (tested), so areas and counts agree
with the raster.
"""
from __future__ import annotations

from typing import Callable

import geopandas as gpd
import numpy as np
from rasterio.features import rasterize, shapes
from rasterio.windows import Window
from rasterio.windows import transform as window_transform
from shapely.geometry import box, shape

from ..common.crs import areas_m2

STRIP_ROWS = 512


def _empty(crs_wkt: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"area_m2": [], "mean_confidence": [], "pixels": [], "value": []},
                            geometry=gpd.GeoSeries([], crs=crs_wkt), crs=crs_wkt)


def polygonize(source, mask, transform, crs) -> gpd.GeoDataFrame:
    """Polygons (column `value`) of the 4-connected regions of `source` where `mask` is non-zero.

    source/mask: numpy arrays, or rasterio bands (`rasterio.band(ds, 1)`) to stream from disk.
    """
    values, geoms = [], []
    for geom, value in shapes(source, mask=mask, connectivity=4, transform=transform):
        values.append(int(value))
        geoms.append(shape(geom))
    crs_wkt = crs.to_wkt()
    if not geoms:
        return _empty(crs_wkt)
    return gpd.GeoDataFrame({"value": values}, geometry=gpd.GeoSeries(geoms, crs=crs_wkt), crs=crs_wkt)


def add_region_stats(gdf: gpd.GeoDataFrame, confidence_rows: Callable[[int, int], np.ndarray], height: int,
                     width: int, transform, crs, min_area: float = 0.0) -> gpd.GeoDataFrame:
    """Add pixels, mean_confidence and area_m2 to polygonized regions; drop those < min_area (ground m²).

    Works strip by strip: polygons touching a strip are burnt with their index into an
    int32 strip and confidence is summed per index (np.bincount).
    """
    if len(gdf) == 0:
        return _empty(gdf.crs.to_wkt() if gdf.crs else crs.to_wkt())
    area = areas_m2(gdf.geometry, crs)
    if min_area > 0:
        keep = area >= min_area
        gdf, area = gdf[keep].reset_index(drop=True), area[keep]
    n = len(gdf)
    pixels = np.zeros(n + 1, np.int64)
    conf_sum = np.zeros(n + 1, np.float64)
    sindex = gdf.sindex
    geoms = gdf.geometry.values
    for r0 in range(0, height, STRIP_ROWS):
        r1 = min(height, r0 + STRIP_ROWS)
        win = Window(0, r0, width, r1 - r0)
        x0, y0 = transform * (0, r1)
        x1, y1 = transform * (width, r0)
        idx = sindex.query(box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        if len(idx) == 0:
            continue
        labels = rasterize(((geoms[i], int(i) + 1) for i in idx), out_shape=(r1 - r0, width),
                           transform=window_transform(win, transform), fill=0, dtype="int32").ravel()
        conf = np.asarray(confidence_rows(r0, r1), np.float64).ravel()
        pixels += np.bincount(labels, minlength=n + 1)
        conf_sum += np.bincount(labels, weights=conf, minlength=n + 1)
    out = gdf.copy()
    out.insert(0, "pixels", pixels[1:])
    out.insert(0, "mean_confidence", np.divide(conf_sum[1:], pixels[1:], out=np.zeros(n), where=pixels[1:] > 0))
    out.insert(0, "area_m2", area)
    return out


def polygonize_class(quality: np.ndarray, confidence: np.ndarray, value: int, transform, crs,
                     min_area: float = 0.0) -> gpd.GeoDataFrame:
    """In-memory convenience: polygons where quality == value, with their statistics."""
    gdf = polygonize(quality, quality == value, transform, crs)
    return add_region_stats(gdf, lambda r0, r1: confidence[r0:r1], quality.shape[0], quality.shape[1],
                            transform, crs, min_area)


def missed_objects(fn_polygons: gpd.GeoDataFrame, features: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """FN regions that touch no annotated feature: objects the inventory lacks entirely."""
    if features is None or len(features) == 0 or len(fn_polygons) == 0:
        return fn_polygons.copy()
    hit = features.sindex.query(fn_polygons.geometry.values, predicate="intersects")
    touching = np.zeros(len(fn_polygons), bool)
    touching[np.unique(hit[0])] = True
    return fn_polygons[~touching].reset_index(drop=True)
