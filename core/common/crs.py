"""CRS helpers: metres in any CRS, including geographic and custom (authority-less) ones.

Outputs carry the image CRS as WKT, so custom CRSs of historic map sheets round-trip.
Areas in a geographic CRS are geodesic (pyproj.Geod on the CRS's ellipsoid); buffers in
metres are done in the local UTM zone and projected back.
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
from pyproj import CRS, Geod


def to_crs(crs_like) -> CRS:
    """pyproj CRS from a rasterio CRS, WKT, EPSG string or pyproj CRS."""
    if isinstance(crs_like, CRS):
        return crs_like
    if hasattr(crs_like, "to_wkt"):
        return CRS.from_wkt(crs_like.to_wkt())
    return CRS.from_user_input(crs_like)


def metres_per_unit(crs: CRS) -> float:
    """Length of one map unit of a projected CRS in metres (1 for metric CRSs)."""
    axis = crs.axis_info[0] if crs.axis_info else None
    factor = getattr(axis, "unit_conversion_factor", None) if axis else None
    return float(factor) if factor else 1.0


def _geod(crs: CRS) -> Geod:
    ell = crs.ellipsoid
    if ell is None:
        return Geod(ellps="WGS84")
    # semi-axes rather than 1/f: a sphere has inverse_flattening 0 (Geod(rf=0) divides by zero)
    return Geod(a=ell.semi_major_metre, b=ell.semi_minor_metre)


def areas_m2(geoms: gpd.GeoSeries, crs: CRS) -> np.ndarray:
    """Area of each geometry in square metres, correct in geographic CRSs too."""
    if len(geoms) == 0:
        return np.zeros(0)
    if crs.is_geographic:
        geod = _geod(crs)
        return np.array([abs(geod.geometry_area_perimeter(g)[0]) if g is not None and not g.is_empty else 0.0
                         for g in geoms])
    return np.asarray(geoms.area, dtype=float) * metres_per_unit(crs) ** 2


def buffer_m(geoms: gpd.GeoSeries, distance_m: float, crs: CRS) -> gpd.GeoSeries:
    """Buffer by a distance in metres whatever the CRS's unit."""
    if distance_m == 0 or len(geoms) == 0:
        return geoms
    if crs.is_geographic:
        series = gpd.GeoSeries(geoms.values, crs=crs)
        utm = series.estimate_utm_crs()
        return series.to_crs(utm).buffer(distance_m).to_crs(crs)
    return geoms.buffer(distance_m / metres_per_unit(crs))


def pixel_area_m2(transform, crs: CRS, x: float, y: float) -> float:
    """Ground area of one pixel at map position (x, y): constant in projected CRSs."""
    if crs.is_geographic:
        from shapely.geometry import box

        half_w, half_h = abs(transform.a) / 2, abs(transform.e) / 2
        return float(abs(_geod(crs).geometry_area_perimeter(box(x - half_w, y - half_h, x + half_w, y + half_h))[0]))
    return abs(transform.a * transform.e) * metres_per_unit(crs) ** 2


def describe(crs: CRS) -> str:
    """Short human name: 'EPSG:2953' or the CRS name for authority-less CRSs."""
    auth = crs.to_authority()
    return f"{auth[0]}:{auth[1]}" if auth else (crs.name or "custom CRS")
