"""Quality raster -> FP / FN polygons (rasterio.features.shapes, 4-connected regions).

Each polygon carries its ground area in m² (geodesic in geographic CRSs) and the mean
confidence of its pixels. Polygons rasterize back to exactly the pixels they came from
(tested), so areas and counts agree with the raster.
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
from rasterio.features import shapes
from scipy import ndimage
from shapely.geometry import shape

from .crs import areas_m2


def polygonize_class(quality: np.ndarray, confidence, value: int, transform, crs,
                     min_area: float = 0.0) -> gpd.GeoDataFrame:
    """Polygons of the 4-connected regions where quality == value (1=TP..4=FN).

    `confidence` is an array of the same shape or a callable(row0, row1) returning rows of
    it (so a raster can be read in strips instead of held whole). min_area is in map
    units² (as in QGIS); regions smaller are dropped. Memory: the label image (4 bytes per
    pixel) besides the quality array.
    """
    labels, n = ndimage.label(quality == value)  # default structure = 4-connectivity
    crs_wkt = crs.to_wkt()
    if n == 0:
        return gpd.GeoDataFrame({"area_m2": [], "mean_confidence": [], "pixels": []},
                                geometry=gpd.GeoSeries([], crs=crs_wkt), crs=crs_wkt)
    pixels = np.zeros(n + 1, np.int64)
    conf_sum = np.zeros(n + 1, np.float64)
    step = 512
    for r0 in range(0, labels.shape[0], step):
        lab = labels[r0:r0 + step].ravel()
        conf = confidence(r0, min(r0 + step, labels.shape[0])) if callable(confidence) else confidence[r0:r0 + step]
        pixels += np.bincount(lab, minlength=n + 1)
        conf_sum += np.bincount(lab, weights=np.asarray(conf, np.float64).ravel(), minlength=n + 1)
    ids, geoms = [], []
    for geom, lab in shapes(labels, mask=labels > 0, connectivity=4, transform=transform):
        ids.append(int(lab))
        geoms.append(shape(geom))
    ids = np.asarray(ids)
    gdf = gpd.GeoDataFrame({"mean_confidence": conf_sum[ids] / pixels[ids], "pixels": pixels[ids]},
                           geometry=gpd.GeoSeries(geoms, crs=crs_wkt), crs=crs_wkt)
    if min_area > 0:
        gdf = gdf[gdf.geometry.area >= min_area]
    gdf.insert(0, "area_m2", areas_m2(gdf.geometry, crs))
    return gdf.reset_index(drop=True)


def missed_objects(fn_polygons: gpd.GeoDataFrame, features: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """FN regions that touch no annotated feature: objects the inventory lacks entirely."""
    if features is None or len(features) == 0 or len(fn_polygons) == 0:
        return fn_polygons.copy()
    hit = features.sindex.query(fn_polygons.geometry.values, predicate="intersects")
    touching = np.zeros(len(fn_polygons), bool)
    touching[np.unique(hit[0])] = True
    return fn_polygons[~touching].reset_index(drop=True)
