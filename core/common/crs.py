"""CRS helpers: ground metres in any CRS, including geographic, Web Mercator and custom ones.

Outputs carry the image CRS as WKT, so custom CRSs of historic map sheets round-trip.

Ground areas and distances (one implementation, used by every `_m2` figure and every metre
parameter): in a geographic CRS, geodesic (pyproj.Geod on the CRS's ellipsoid); in a projected
CRS, map units converted to metres and divided by the projection's local scale factor where that
departs from 1 by more than `SCALE_TOLERANCE` (Web Mercator: 1.61 in area at 38° N; a UTM zone
stays within it, so its areas remain exact pixel counts times the pixel area).
"""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
from pyproj import CRS, Geod, Proj, Transformer

SCALE_TOLERANCE = 0.005  # a projection's areal scale within 0.5 % of 1 is taken as exact


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


@lru_cache(maxsize=32)
def _projection(wkt: str):
    """(Proj, map -> lon/lat transformer) of a projected CRS; None when PROJ cannot give factors."""
    crs = CRS.from_wkt(wkt)
    try:
        return Proj(crs), Transformer.from_crs(crs, crs.geodetic_crs, always_xy=True)
    except Exception:  # noqa: BLE001 (engineering or other CRSs without a projection: no correction)
        return None


def areal_scale(crs: CRS, xs, ys) -> np.ndarray:
    """Areal scale factor of a projected CRS at map positions (map area / ground area, unit-free):
    1 where it lies within SCALE_TOLERANCE of 1, where it is unknown, and in geographic CRSs."""
    xs, ys = np.atleast_1d(np.asarray(xs, float)), np.atleast_1d(np.asarray(ys, float))
    ones = np.ones(xs.shape)
    if crs.is_geographic or not crs.is_projected or xs.size == 0:
        return ones
    proj = _projection(crs.to_wkt())
    if proj is None:
        return ones
    try:
        # lists: pyproj 3.7 takes a one-element array for a scalar (a NumPy deprecation warning)
        lon, lat = proj[1].transform(xs.tolist(), ys.tolist())
        scale = np.asarray(proj[0].get_factors(lon, lat, errcheck=False).areal_scale, float).reshape(xs.shape)
    except Exception:  # noqa: BLE001
        return ones
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
    return np.where(np.abs(scale - 1.0) > SCALE_TOLERANCE, scale, 1.0)


def _anchors(geoms: gpd.GeoSeries):
    """A point inside each geometry (where its scale factor is taken); NaN for empty ones."""
    pts = geoms.representative_point()
    return np.asarray(pts.x, float), np.asarray(pts.y, float)


def areas_m2(geoms: gpd.GeoSeries, crs: CRS) -> np.ndarray:
    """Ground area of each geometry in square metres, in any CRS."""
    if len(geoms) == 0:
        return np.zeros(0)
    if crs.is_geographic:
        geod = _geod(crs)
        return np.array([abs(geod.geometry_area_perimeter(g)[0]) if g is not None and not g.is_empty else 0.0
                         for g in geoms])
    planar = np.asarray(geoms.area, dtype=float) * metres_per_unit(crs) ** 2
    return planar / areal_scale(crs, *_anchors(geoms))


def buffer_m(geoms: gpd.GeoSeries, distance_m: float, crs: CRS) -> gpd.GeoSeries:
    """Buffer by a ground distance in metres whatever the CRS and its unit."""
    if distance_m == 0 or len(geoms) == 0:
        return geoms
    if crs.is_geographic:
        series = gpd.GeoSeries(geoms.values, crs=crs)
        utm = series.estimate_utm_crs()
        return series.to_crs(utm).buffer(distance_m).to_crs(crs)
    linear = np.sqrt(areal_scale(crs, *_anchors(geoms)))  # conformal projections: the same in every direction
    return geoms.buffer(distance_m / metres_per_unit(crs) * linear)


def pixel_areas_m2(transform, crs: CRS, xs, ys) -> np.ndarray:
    """Ground area of one pixel at each map position (xs, ys)."""
    xs, ys = np.atleast_1d(np.asarray(xs, float)), np.atleast_1d(np.asarray(ys, float))
    if crs.is_geographic:
        from shapely.geometry import box

        half_w, half_h = abs(transform.a) / 2, abs(transform.e) / 2
        geod = _geod(crs)
        return np.array([abs(geod.geometry_area_perimeter(box(x - half_w, y - half_h, x + half_w, y + half_h))[0])
                         if np.isfinite(x) and np.isfinite(y) else np.nan for x, y in zip(xs, ys)])
    return abs(transform.a * transform.e) * metres_per_unit(crs) ** 2 / areal_scale(crs, xs, ys)


def pixel_area_m2(transform, crs: CRS, x: float, y: float) -> float:
    """Ground area of one pixel at map position (x, y)."""
    return float(pixel_areas_m2(transform, crs, [x], [y])[0])


def ground_distance_m(a, b, crs: CRS) -> float:
    """Ground distance in metres between the nearest points of two geometries in `crs` (geodesic)."""
    from shapely.ops import nearest_points

    pa, pb = nearest_points(a, b)
    if crs.is_geographic:
        lon1, lat1, lon2, lat2 = pa.x, pa.y, pb.x, pb.y
    else:
        proj = _projection(crs.to_wkt())
        if proj is None:
            return float(pa.distance(pb)) * metres_per_unit(crs)
        (lon1, lon2), (lat1, lat2) = proj[1].transform([pa.x, pb.x], [pa.y, pb.y])
    return float(abs(_geod(crs).inv(lon1, lat1, lon2, lat2)[2]))


def describe(crs: CRS) -> str:
    """Short human name: 'EPSG:2953' or the CRS name for authority-less CRSs."""
    auth = crs.to_authority()
    return f"{auth[0]}:{auth[1]}" if auth else (crs.name or "custom CRS")
