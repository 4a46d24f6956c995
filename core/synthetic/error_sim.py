"""Turn a ground truth into plausible imperfect inventories (vector annotations with errors).

Every error is a small function `(gdf, rng, **params) -> gdf`, registered by name in
`ERRORS`, so errors can be chained in any order. Each returns a new GeoDataFrame (the input
is not modified) in the input CRS, with valid polygonal geometries (`shapely.make_valid`,
non-polygonal debris dropped) and a column `error` naming what happened to each feature:
"none", one name such as "shift", or several joined with "+" ("merge+shift"). Features
that an error removes simply disappear; truth `id`s are kept, so they can be found by set
difference of `id`; added features get new ids above the largest one.

All distances are in CRS units and are taken to be metres: a geographic CRS is refused.

| name             | what it does                                                     | defaults        |
|------------------|------------------------------------------------------------------|-----------------|
| missing          | drop round(fraction*n) random objects (omissions)                | fraction 0.1    |
| spurious         | add round(fraction*n) objects that touch nothing (commissions):  | fraction 0.1    |
|                  | rotated rectangles (buildings, sides 6-20 m) or irregular blobs  | clearance 2 m   |
|                  | (water, radius 6-25 m), class drawn in proportion to the classes |                 |
| shift            | translate objects by `distance` m; one vector for all objects    | distance 1 m    |
|                  | (co-registration error) unless independent=True                  | fraction 1      |
| rotate_scale     | rotate about the centroid by U(-max_angle, max_angle) degrees    | fraction 0.3,   |
|                  | and scale by U(scale) (digitising from a tilted/warped source)    | 10 deg, 0.9-1.1 |
| erode / dilate   | buffer by -distance / +distance m, mitred corners; objects       | distance 0.5 m  |
|                  | eroded to nothing are dropped                                    | fraction 1      |
| simplify         | Douglas-Peucker simplification, topology preserved               | tolerance 1 m   |
| convex_hull      | replace objects by their convex hull (generalisation)            | fraction 0.5    |
| min_rotated_rect | replace objects by their minimum rotated rectangle               | fraction 0.5    |
| merge            | union of same-class objects closer than `distance` m, the gap    | distance 3 m    |
|                  | bridged by a morphological closing (one outline for a block)     | fraction 1      |
| outdated         | edits that happened between the image date and the inventory     | 5 % / 5 %       |
|                  | date: "demolished" buildings are removed from the inventory and  |                 |
|                  | "built" ones are added next to existing buildings, aligned with  |                 |
|                  | them (label "built"). Seen from the image, a demolished building |                 |
|                  | is an omission and a built one a commission; unlike missing and  |                 |
|                  | spurious they only concern buildings and look like real houses.  |                 |

`simulate_inventory(truth, seed, config)` applies a random, seeded mix of these (see
`DEFAULT_CONFIG` for the probability that each step runs and its magnitude ranges).
"""
from __future__ import annotations

from typing import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from shapely import affinity
from shapely.geometry import Polygon, box

from ..common.errors import InputError

__all__ = ["ERRORS", "DEFAULT_CONFIG", "Uniform", "simulate_inventory"]

ERRORS: dict[str, Callable[..., gpd.GeoDataFrame]] = {}


def _register(fn):
    ERRORS[fn.__name__] = fn
    return fn


# ---- helpers -----------------------------------------------------------------------------

def _prepare(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Copy with a clean index, an `error` column and an `id` column; refuse geographic CRSs."""
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InputError("the error simulator needs a GeoDataFrame of polygons.")
    if gdf.crs is not None and gdf.crs.is_geographic:
        raise InputError("the inventory is in a geographic CRS: reproject it to a projected CRS in metres first.")
    out = gdf.copy().reset_index(drop=True)
    if "error" not in out.columns:
        out["error"] = "none"
    out["error"] = out["error"].fillna("none").astype(object)
    if "id" not in out.columns:
        out["id"] = np.arange(1, len(out) + 1, dtype="int64")
    return out


def _polygonal(geom):
    """make_valid and keep only the polygonal part; None when nothing polygonal remains."""
    if geom is None or geom.is_empty:
        return None
    g = shapely.make_valid(geom)
    if g.geom_type in ("GeometryCollection", "MultiPolygon"):
        parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
        if not parts:
            return None
        g = shapely.union_all(parts) if len(parts) > 1 else parts[0]
    if g.geom_type not in ("Polygon", "MultiPolygon") or g.is_empty or g.area <= 0:
        return None
    return g


def _finish(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    geoms = [_polygonal(g) for g in gdf.geometry]
    keep = np.array([g is not None for g in geoms], bool)
    out = gdf.loc[keep].copy()
    out[out.geometry.name] = gpd.GeoSeries([g for g in geoms if g is not None], index=out.index, crs=gdf.crs)
    return out.reset_index(drop=True)


def _pick(rng: np.random.Generator, n: int, fraction: float) -> np.ndarray:
    """Boolean mask selecting exactly round(fraction * n) of n items at random."""
    k = int(round(float(np.clip(fraction, 0.0, 1.0)) * n))
    sel = np.zeros(n, bool)
    if k:
        sel[rng.choice(n, size=k, replace=False)] = True
    return sel


def _label(gdf: gpd.GeoDataFrame, sel, name: str) -> None:
    cur = gdf.loc[sel, "error"]
    gdf.loc[sel, "error"] = np.where(cur == "none", name, cur + "+" + name)


def _apply(gdf, rng, fraction: float, name: str, fn) -> gpd.GeoDataFrame:
    """Replace the geometry of a random `fraction` of features by fn(geom, rng) and label them."""
    out = _prepare(gdf)
    sel = _pick(rng, len(out), fraction)
    geoms = out.geometry.to_numpy().copy()
    for i in np.flatnonzero(sel):
        geoms[i] = fn(geoms[i], rng)
    out[out.geometry.name] = gpd.GeoSeries(geoms, index=out.index, crs=out.crs)
    _label(out, sel, name)
    return _finish(out)


def _class_of(gdf) -> np.ndarray:
    return gdf["class"].astype(str).to_numpy() if "class" in gdf.columns else np.full(len(gdf), "object", object)


def _rotated_rect(cx, cy, length, width, angle_deg) -> Polygon:
    r = affinity.rotate(box(-length / 2, -width / 2, length / 2, width / 2), angle_deg, origin=(0, 0))
    return affinity.translate(r, cx, cy)


def _blob(rng, cx, cy, radius, n=64) -> Polygon:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    r = np.ones_like(t)
    for k in range(2, 6):
        r += rng.uniform(0, 0.3 / k) * np.cos(k * t + rng.uniform(0, 2 * np.pi))
    return Polygon(np.c_[cx + radius * r * np.cos(t), cy + radius * r * np.sin(t)])


class _Placer:
    """Accept candidate polygons inside an extent that keep `clearance` from every obstacle."""

    def __init__(self, extent, obstacles, clearance):
        self.extent = box(*extent)
        self.tree = shapely.STRtree(np.asarray([g for g in obstacles if g is not None and not g.is_empty], dtype=object))
        self.added = []
        self.clearance = float(clearance)

    def accept(self, cand) -> bool:
        if not self.extent.contains(cand):
            return False
        if len(self.tree.query(cand, predicate="dwithin", distance=self.clearance)):
            return False
        if self.added and shapely.dwithin(np.asarray(self.added, dtype=object), cand, self.clearance).any():
            return False
        self.added.append(cand)
        return True


def _new_rows(gdf, geoms, classes, label) -> gpd.GeoDataFrame:
    start = int(gdf["id"].max()) + 1 if len(gdf) else 1
    data = {"id": np.arange(start, start + len(geoms), dtype="int64"), "error": [label] * len(geoms)}
    if "class" in gdf.columns:
        data["class"] = list(classes)
    return gpd.GeoDataFrame(data, geometry=list(geoms), crs=gdf.crs)


def _concat(gdf, new) -> gpd.GeoDataFrame:
    if not len(new):
        return gdf
    out = pd.concat([gdf, new], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry=gdf.geometry.name, crs=gdf.crs)


# ---- the errors ---------------------------------------------------------------------------

@_register
def missing(gdf, rng, fraction: float = 0.1, classes=None):
    """Omissions: drop exactly round(fraction * n) random objects (of `classes` only, if given)."""
    out = _prepare(gdf)
    cand = np.flatnonzero(np.isin(_class_of(out), list(classes))) if classes else np.arange(len(out))
    drop = cand[_pick(rng, len(cand), fraction)]
    return out.drop(index=drop).reset_index(drop=True)


@_register
def spurious(gdf, rng, fraction: float = 0.1, count: int | None = None, extent=None, avoid=None,
             clearance: float = 2.0, size=(6.0, 20.0), water_radius=(6.0, 25.0), classes=None):
    """Commissions: add `count` (default round(fraction * n), at least 1 when fraction > 0)
    objects that keep `clearance` m from every object and from `avoid` (e.g. the truth).

    Buildings are rotated rectangles with sides in `size` m, water an irregular blob of radius
    in `water_radius` m; the class is drawn in proportion to the existing classes (or from
    `classes`). `extent` (minx, miny, maxx, maxy) defaults to the objects' bounds. When no free
    place is found in 200 tries per object, fewer objects are added.
    """
    out = _prepare(gdf)
    n = len(out)
    if count is None:
        count = max(int(round(fraction * n)), 1 if fraction > 0 else 0)
    if count <= 0 or (extent is None and n == 0):
        return out
    extent = tuple(extent) if extent is not None else tuple(out.total_bounds)
    pool = np.asarray(list(classes)) if classes else _class_of(out)
    obstacles = list(out.geometry) + (list(avoid) if avoid is not None else [])
    placer = _Placer(extent, obstacles, clearance)
    geoms, cls = [], []
    for _ in range(200 * count):
        if len(geoms) >= count:
            break
        c = str(pool[int(rng.integers(len(pool)))]) if len(pool) else "building"
        x, y = rng.uniform(extent[0], extent[2]), rng.uniform(extent[1], extent[3])
        if c == "water":
            cand = _blob(rng, x, y, rng.uniform(*water_radius))
        else:
            a, b = rng.uniform(*size, 2)
            cand = _rotated_rect(x, y, max(a, b), min(a, b), rng.uniform(0, 180))
        if placer.accept(cand):
            geoms.append(cand)
            cls.append(c)
    return _finish(_concat(out, _new_rows(out, geoms, cls, "spurious")))


@_register
def shift(gdf, rng, distance: float = 1.0, angle: float | None = None, fraction: float = 1.0,
          independent: bool = False):
    """Whole-object translation by `distance` m. By default every selected object moves by the
    same vector in a random direction (`angle`, degrees counter-clockwise from east): a
    co-registration error. independent=True gives each object its own random direction."""
    theta = np.radians(angle) if angle is not None else rng.uniform(0, 2 * np.pi)

    def fn(g, r):
        t = r.uniform(0, 2 * np.pi) if independent else theta
        return affinity.translate(g, distance * np.cos(t), distance * np.sin(t))

    return _apply(gdf, rng, fraction, "shift", fn)


@_register
def rotate_scale(gdf, rng, fraction: float = 0.3, max_angle: float = 10.0, scale=(0.9, 1.1)):
    """Rotate objects about their centroid by U(-max_angle, max_angle) degrees and scale them
    by a factor in U(scale) (same factor on both axes)."""
    def fn(g, r):
        c = g.centroid
        f = r.uniform(*scale)
        return affinity.scale(affinity.rotate(g, r.uniform(-max_angle, max_angle), origin=c), f, f, origin=c)

    return _apply(gdf, rng, fraction, "rotate_scale", fn)


@_register
def erode(gdf, rng, distance: float = 0.5, fraction: float = 1.0):
    """Boundary drawn inside the object: buffer by -distance m with mitred corners (a 10 m
    square becomes a (10 - 2d) m square); objects thinner than 2 * distance vanish."""
    return _apply(gdf, rng, fraction, "erode", lambda g, r: g.buffer(-abs(distance), join_style="mitre"))


@_register
def dilate(gdf, rng, distance: float = 0.5, fraction: float = 1.0):
    """Boundary drawn outside the object: buffer by +distance m with mitred corners."""
    return _apply(gdf, rng, fraction, "dilate", lambda g, r: g.buffer(abs(distance), join_style="mitre"))


@_register
def simplify(gdf, rng, tolerance: float = 1.0, fraction: float = 1.0):
    """Douglas-Peucker simplification with `tolerance` m, topology preserved."""
    return _apply(gdf, rng, fraction, "simplify", lambda g, r: g.simplify(tolerance, preserve_topology=True))


@_register
def convex_hull(gdf, rng, fraction: float = 0.5):
    """Generalisation: replace objects by their convex hull (fills L-shapes and bays)."""
    return _apply(gdf, rng, fraction, "convex_hull", lambda g, r: g.convex_hull)


@_register
def min_rotated_rect(gdf, rng, fraction: float = 0.5):
    """Generalisation: replace objects by their minimum rotated rectangle."""
    return _apply(gdf, rng, fraction, "min_rotated_rect", lambda g, r: shapely.oriented_envelope(g))


@_register
def merge(gdf, rng, distance: float = 3.0, fraction: float = 1.0):
    """Merged neighbours: groups of same-class objects linked by gaps < `distance` m become
    one object, the union closed by buffer(+d/2) then buffer(-d/2) (mitred) so the gap is
    filled. A random `fraction` of the groups are merged; a merged object keeps the smallest id."""
    out = _prepare(gdf)
    n = len(out)
    if n < 2:
        return out
    geoms = out.geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="dwithin", distance=distance)
    cls = _class_of(out)
    ok = (left != right) & (cls[left] == cls[right])
    graph = coo_matrix((np.ones(ok.sum()), (left[ok], right[ok])), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    groups = [np.flatnonzero(comp == c) for c in np.unique(comp)]
    groups = [g for g in groups if len(g) > 1]
    chosen = [groups[i] for i in np.flatnonzero(_pick(rng, len(groups), fraction))]
    drop = []
    half = distance / 2.0
    for g in chosen:
        g = g[np.argsort(out["id"].to_numpy()[g], kind="stable")]
        u = shapely.union_all(geoms[g]).buffer(half, join_style="mitre").buffer(-half, join_style="mitre")
        u = shapely.union(u, shapely.union_all(geoms[g]))  # closing never loses the originals
        out.loc[g[0], out.geometry.name] = u
        _label(out, [g[0]], "merge")
        drop.extend(g[1:].tolist())
    out = out.drop(index=drop)
    return _finish(out)


@_register
def outdated(gdf, rng, demolished: float = 0.05, built: float = 0.05, extent=None, avoid=None,
             clearance: float = 2.0, cls: str = "building"):
    """Edits between the image date and the inventory date (buildings only, by `class`):
    round(demolished * n) buildings are removed (the inventory says they are gone, the image
    still shows them: omissions) and round(built * n) new buildings are added (labelled
    "built": on the inventory, not yet in the image: commissions). New buildings copy the size
    and orientation of a random existing building and sit 4-25 m from it, keeping
    `clearance` m from everything (and from `avoid`); fewer are added if there is no room."""
    out = _prepare(gdf)
    is_b = _class_of(out) == cls if "class" in out.columns else np.ones(len(out), bool)
    idx = np.flatnonzero(is_b)
    if not len(idx):
        return out
    n_new = int(round(built * len(idx)))
    templates = [out.geometry.iloc[i] for i in idx]
    out = out.drop(index=idx[_pick(rng, len(idx), demolished)]).reset_index(drop=True)
    if n_new <= 0:
        return out
    bounds = tuple(extent) if extent is not None else tuple(gdf.total_bounds)
    placer = _Placer(bounds, list(gdf.geometry) + (list(avoid) if avoid is not None else []), clearance)
    geoms = []
    for _ in range(200 * n_new):
        if len(geoms) >= n_new:
            break
        t = templates[int(rng.integers(len(templates)))]
        rect = shapely.oriented_envelope(t)
        xy = np.asarray(rect.exterior.coords)[:3]
        e1, e2 = xy[1] - xy[0], xy[2] - xy[1]
        u = e1 / max(np.hypot(*e1), 1e-9)
        v = e2 / max(np.hypot(*e2), 1e-9)
        direction = [u, -u, v, -v][int(rng.integers(4))]
        extent_along = abs(np.dot(e1, direction)) + abs(np.dot(e2, direction))
        step = extent_along + rng.uniform(4.0, 25.0)
        off = direction * step + (v if abs(np.dot(direction, u)) > 0.5 else u) * rng.normal(0, 3.0)
        cand = affinity.translate(t, off[0], off[1])
        if placer.accept(cand):
            geoms.append(cand)
    return _finish(_concat(out, _new_rows(out, geoms, [cls] * len(geoms), "built")))


# ---- random mix -----------------------------------------------------------------------------

class Uniform(tuple):
    """A magnitude drawn once per simulate_inventory run, uniformly in [lo, hi]."""

    def __new__(cls, lo, hi):
        return super().__new__(cls, (float(lo), float(hi)))


DEFAULT_CONFIG: dict[str, dict] = {
    # "p": probability that the step runs in a given simulation; Uniform(lo, hi): drawn per run.
    "merge": {"p": 0.3, "distance": Uniform(1.0, 3.0)},
    "convex_hull": {"p": 0.15, "fraction": Uniform(0.1, 0.4)},
    "min_rotated_rect": {"p": 0.2, "fraction": Uniform(0.1, 0.5)},
    "simplify": {"p": 0.3, "tolerance": Uniform(0.3, 1.0)},
    "rotate_scale": {"p": 0.3, "fraction": Uniform(0.1, 0.3), "max_angle": 8.0, "scale": (0.9, 1.1)},
    "erode": {"p": 0.2, "distance": Uniform(0.25, 1.0)},
    "dilate": {"p": 0.2, "distance": Uniform(0.25, 1.0)},   # skipped when erode ran
    "shift": {"p": 0.5, "distance": Uniform(0.5, 2.5)},
    "missing": {"p": 0.5, "fraction": Uniform(0.02, 0.15)},
    "outdated": {"p": 0.3, "demolished": Uniform(0.02, 0.08), "built": Uniform(0.02, 0.08)},
    "spurious": {"p": 0.4, "fraction": Uniform(0.02, 0.1)},
}
"""Steps in the order they are applied: shape errors first, then the co-registration shift
(which moves every object drawn from the shifted source), then removals and additions."""


def simulate_inventory(truth_gdf: gpd.GeoDataFrame, seed: int, config: dict | None = None) -> gpd.GeoDataFrame:
    """A plausible imperfect inventory of `truth_gdf`: a seeded random mix of ERRORS.

    config maps step names to parameter dicts merged over DEFAULT_CONFIG (a "p" of 1 forces
    a step, 0 or None disables it); config["only"] = [names] disables every other step;
    config["extent"] = (minx, miny, maxx, maxy) bounds where spurious/built objects may go
    (default: the truth's bounds). Spurious and built objects never come within 2 m of a
    truth object. The steps that ran and their drawn parameters are in result.attrs["simulation"].
    """
    config = dict(config or {})
    only = config.pop("only", None)
    extent = config.pop("extent", None)
    unknown = set(config) - set(DEFAULT_CONFIG)
    if unknown or (only and set(only) - set(DEFAULT_CONFIG)):
        bad = sorted(unknown | (set(only or ()) - set(DEFAULT_CONFIG)))
        raise InputError(f"unknown error type(s) {bad}: choose from {sorted(DEFAULT_CONFIG)}.")
    rng = np.random.default_rng(seed)
    truth = _prepare(truth_gdf)
    truth["error"] = "none"
    if extent is None and len(truth):
        extent = tuple(truth.total_bounds)
    out = truth.copy()
    applied = []
    for name, defaults in DEFAULT_CONFIG.items():
        user = config.get(name, {})
        params = {**defaults, **(user or {})}
        p = 0.0 if user is None or (only is not None and name not in only) else float(params.pop("p", 1.0))
        params.pop("p", None)
        run = rng.random() < p  # one draw per step always, so disabling a step keeps the others' draws
        if not run or (name == "dilate" and any(a["error"] == "erode" for a in applied)):
            continue
        drawn = {k: (float(rng.uniform(*v)) if isinstance(v, Uniform) else v) for k, v in params.items()}
        if name in ("spurious", "outdated"):
            drawn.setdefault("extent", extent)
            drawn.setdefault("avoid", list(truth.geometry))
        out = ERRORS[name](out, rng, **drawn)
        applied.append({"error": name, **{k: v for k, v in drawn.items() if k not in ("avoid", "extent")}})
    out = _finish(out)
    out.attrs["simulation"] = applied
    return out
