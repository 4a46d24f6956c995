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


def polygonize_class(quality: np.ndarray, confidence: np.ndarray, value: int, transform, crs,
                     min_area: float = 0.0) -> gpd.GeoDataFrame:
    """Polygons of the 4-connected regions where quality == value (1=TP..4=FN).

    min_area is in map units² (as in QGIS); regions smaller are dropped.
    """
    labels, n = ndimage.label(quality == value)  # default structure = 4-connectivity
    crs_wkt = crs.to_wkt()
    if n == 0:
        return gpd.GeoDataFrame({"area_m2": [], "mean_confidence": [], "pixels": []},
                                geometry=gpd.GeoSeries([], crs=crs_wkt), crs=crs_wkt)
    ids, geoms = [], []
    for geom, lab in shapes(labels.astype(np.int32), mask=labels > 0, connectivity=4, transform=transform):
        ids.append(int(lab))
        geoms.append(shape(geom))
    ids = np.asarray(ids)
    index = np.arange(1, n + 1)
    mean_conf = np.asarray(ndimage.mean(confidence, labels, index))
    pixels = np.asarray(ndimage.sum(np.ones_like(labels, np.int32), labels, index)).astype(np.int64)
    gdf = gpd.GeoDataFrame({"mean_confidence": mean_conf[ids - 1].astype(float), "pixels": pixels[ids - 1]},
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
