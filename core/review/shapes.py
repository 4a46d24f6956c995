"""Outlines for edited inventories: pixel-edged regions turned into shapes an analyst would draw.

Regions come from the quality raster, so their outlines are pixel staircases. Tolerances are in
pixels of the assessed image (`pixel` = pixel side in the working CRS's units):

- **Buildings added** (missed objects): a shape whose area is at least RECTANGULARITY of its
  minimum rotated rectangle is *squared*: replaced by that rectangle, shrunk about its centre to
  the region's area (a staircase's envelope is half a pixel too large on every side). Other
  shapes are simplified (Douglas-Peucker, BUILDING_TOLERANCE_PX pixels), which turns the
  staircases of slanted walls into straight lines and keeps right-angled corners.
- **Water added**: simplified by WATER_SIMPLIFY_PX pixels, then smoothed by WATER_SMOOTHING rounds
  of quadratic B-spline subdivision (`skimage.measure.subdivide_polygon`): smooth shores, no corners.
- **Reshaped features** (FP parts cut off, FN parts joined) keep their own vertices; the new edges
  are cleaned (`clean`): a closing then an opening of SLIVER_PX pixels removes the slivers and
  notches narrower than a pixel that a pixel-edged cut leaves along a vector outline, then
  buildings get the building simplification at half its tolerance, water the smoothing.
"""
from __future__ import annotations

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon
from skimage.measure import subdivide_polygon

RECTANGULARITY = 0.80
BUILDING_TOLERANCE_PX = 1.0
WATER_SIMPLIFY_PX = 1.0
WATER_SMOOTHING = 3
SLIVER_PX = 0.3


def _polygons(geom):
    if geom is None or geom.is_empty:
        return []
    return [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]


def _valid(geom):
    """Polygonal, valid, None when nothing is left."""
    if geom is None or geom.is_empty:
        return None
    geom = shapely.make_valid(geom)
    parts = [p for p in _polygons(geom) if p.area > 0]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def square(poly: Polygon) -> Polygon:
    """The minimum rotated rectangle of `poly`, scaled about its centre to `poly`'s area."""
    rect = shapely.oriented_envelope(poly)
    if rect.geom_type != "Polygon" or rect.area <= 0:
        return poly
    f = float(np.sqrt(poly.area / rect.area))
    return affinity.scale(rect, f, f, origin=rect.centroid)


def regularise_building(geom, pixel: float):
    """Squared when near-rectangular, else simplified (see the module doc); part by part."""
    out = []
    for p in _polygons(geom):
        rect = shapely.oriented_envelope(p)
        if rect.area > 0 and p.area / rect.area >= RECTANGULARITY:
            out.append(square(p))
        else:
            out.append(p.simplify(BUILDING_TOLERANCE_PX * pixel, preserve_topology=True))
    return _valid(MultiPolygon(out) if len(out) > 1 else (out[0] if out else None))


def _smooth_ring(coords: np.ndarray) -> np.ndarray:
    ring = np.asarray(coords, float)
    if len(ring) < 4:
        return ring
    for _ in range(WATER_SMOOTHING):
        ring = subdivide_polygon(ring, degree=2, preserve_ends=False)
        if not np.allclose(ring[0], ring[-1]):
            ring = np.vstack([ring, ring[:1]])
    return ring


def smooth_water(geom, pixel: float):
    """Simplified then B-spline smoothed outline (holes too), part by part."""
    out = []
    for p in _polygons(geom):
        p = p.simplify(WATER_SIMPLIFY_PX * pixel, preserve_topology=True)
        if p.is_empty or p.geom_type != "Polygon":
            continue
        holes = [_smooth_ring(h.coords) for h in p.interiors]
        out.append(Polygon(_smooth_ring(p.exterior.coords), [h for h in holes if len(h) >= 4]))
    return _valid(MultiPolygon(out) if len(out) > 1 else (out[0] if out else None))


def regularise(geom, pixel: float, object_type: str):
    """An added object's outline: `regularise_building` or `smooth_water`."""
    return smooth_water(geom, pixel) if object_type == "water" else regularise_building(geom, pixel)


def clean(geom, pixel: float, object_type: str):
    """A reshaped feature's outline: slivers and notches under a pixel removed, then buildings
    lightly simplified and water smoothed."""
    r = SLIVER_PX * pixel
    geom = _valid(geom)
    if geom is None:
        return None
    geom = geom.buffer(r, join_style="mitre").buffer(-r, join_style="mitre")
    geom = _valid(geom.buffer(-r, join_style="mitre").buffer(r, join_style="mitre"))
    if geom is None:
        return None
    if object_type == "water":
        return smooth_water(geom, pixel)
    return _valid(geom.simplify(0.5 * BUILDING_TOLERANCE_PX * pixel, preserve_topology=True))
