"""Painting a generated scene, step by step (used by `core.synthetic.scene.generate_scene`).

Each step paints one layer of the picture onto a shared `Canvas` (grid, sun, picture so far) and
draws from the canvas's one random stream. The steps and their order are what a seed means:
changing either changes every scene, so keep both (tests compare scenes byte for byte).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import shapely
from affine import Affine
from rasterio.features import rasterize
from scipy import ndimage
from shapely import affinity
from shapely.geometry import LineString, Polygon, box

# Base colours (RGB, 0..255).
_DENSE_VEG = np.array([62.0, 88.0, 46.0])
_GRASS = np.array([112.0, 134.0, 74.0])
_SOIL = np.array([164.0, 140.0, 108.0])
_ASPHALT = np.array([108.0, 108.0, 106.0])
_KERB = np.array([176.0, 170.0, 160.0])
_WATER_DEEP = np.array([28.0, 48.0, 66.0])
_WATER_SHALLOW = np.array([60.0, 88.0, 92.0])
_TREE = np.array([46.0, 74.0, 34.0])
_SHADOW = np.array([0.40, 0.43, 0.52])  # multiplicative, slightly blue (sky light)
_ROOFS = np.array([
    [172.0, 82.0, 62.0],    # terracotta tiles
    [150.0, 70.0, 55.0],    # dark red tiles
    [118.0, 118.0, 124.0],  # grey concrete / slate
    [72.0, 72.0, 78.0],     # dark slate / bitumen
    [205.0, 202.0, 194.0],  # light membrane
    [126.0, 94.0, 72.0],    # brown shingles
    [112.0, 132.0, 150.0],  # bluish metal sheet
])


def _noise(rng: np.random.Generator, shape: tuple[int, int], scale: float) -> np.ndarray:
    """Zero-mean, unit-variance smooth noise with features about `scale` pixels wide."""
    h, w = shape
    if scale < 1.5:
        return rng.standard_normal(shape)
    gh, gw = int(np.ceil(h / scale)) + 3, int(np.ceil(w / scale)) + 3
    z = ndimage.zoom(rng.standard_normal((gh, gw)), scale, order=3, mode="reflect", grid_mode=False)[:h, :w]
    return (z - z.mean()) / (z.std() + 1e-9)


def _window(geom, shape: tuple[int, int]):
    """Pixel window (row slice, col slice) covering a pixel-space geometry, and its mask."""
    h, w = shape
    minx, miny, maxx, maxy = geom.bounds
    c0, r0 = max(int(np.floor(minx)) - 1, 0), max(int(np.floor(miny)) - 1, 0)
    c1, r1 = min(int(np.ceil(maxx)) + 1, w), min(int(np.ceil(maxy)) + 1, h)
    if c1 <= c0 or r1 <= r0:
        return None
    m = rasterize([(geom, 1)], out_shape=(r1 - r0, c1 - c0), transform=Affine.translation(c0, r0), dtype="uint8")
    return (slice(r0, r1), slice(c0, c1)), m.astype(bool)


def _rect(cx: float, cy: float, length: float, width: float, angle: float) -> Polygon:
    """Rectangle centred on (cx, cy), long side `length` along `angle` (radians), pixel space."""
    r = affinity.rotate(box(-length / 2, -width / 2, length / 2, width / 2), angle, origin=(0, 0), use_radians=True)
    return affinity.translate(r, cx, cy)


def _blob(rng: np.random.Generator, cx: float, cy: float, radius: float, n: int = 96) -> Polygon:
    """Irregular closed shore: a circle whose radius is perturbed by a few random harmonics."""
    t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    r = np.ones_like(t)
    for k in range(2, 8):
        r += rng.uniform(0.0, 0.35 / k ** 0.8) * np.cos(k * t + rng.uniform(0, 2 * np.pi))
    r = radius * np.clip(r, 0.35, None)
    return shapely.make_valid(Polygon(np.c_[cx + r * np.cos(t), cy + r * np.sin(t)])).buffer(0)


def _largest(geom):
    if geom.geom_type == "MultiPolygon":
        return max(geom.geoms, key=lambda g: g.area)
    return geom


class Roads(NamedTuple):
    polys: list       # (road surface, road + kerbs) polygons in pixel space
    axes: list        # (centre line clipped to the scene, angle, width)
    grid: float       # the street grid's orientation (radians)
    union: object     # all roads with kerbs, one geometry


class Building(NamedTuple):
    poly: Polygon     # footprint (union of its arms), pixel space
    arms: list        # rectangles (cx, cy, length, width, angle): one, or two for an L-shape
    style: str        # "gable" | "flat"
    height: float     # metres
    colour: np.ndarray


class Tree(NamedTuple):
    x: float
    y: float
    radius: float     # pixels
    height: float     # metres
    tone: float


@dataclass
class Canvas:
    """What the painting steps share: the grid, the one random stream (the steps draw from it in a
    fixed order, so a seed always gives the same bytes), the sun and the picture so far."""

    rng: np.random.Generator
    size: int
    m2px: float                  # metres -> pixels
    area_factor: float           # scene area relative to a 256 m square
    to_sun: np.ndarray = None    # (dcol, drow) towards the sun; pixel rows point south
    shadow_per_m: float = 0.0    # shadow length in px per metre of height
    img: np.ndarray = None       # (H, W, 3) float RGB

    @property
    def shape(self) -> tuple[int, int]:
        return (self.size, self.size)

    @property
    def extent(self) -> Polygon:
        return box(0, 0, self.size, self.size)

    def draw_sun(self) -> tuple[float, float]:
        """Sun azimuth (clockwise from north) and elevation, in degrees."""
        sun_az = self.rng.uniform(0.0, 360.0)
        sun_el = self.rng.uniform(35.0, 60.0)
        self.to_sun = np.array([np.sin(np.radians(sun_az)), -np.cos(np.radians(sun_az))])
        self.shadow_per_m = self.m2px / np.tan(np.radians(sun_el))
        return sun_az, sun_el


def paint_land_cover(c: Canvas) -> np.ndarray:
    """Dense vegetation, grass and bare soil from smooth noise, textured; returns the class map (0, 1, 2)."""
    rng, m2px, shape = c.rng, c.m2px, c.shape
    lc = _noise(rng, shape, 70 * m2px) + 0.45 * _noise(rng, shape, 18 * m2px)
    t_soil, t_grass = np.quantile(lc, [0.82, 0.55])
    cls = np.where(lc > t_soil, 2, np.where(lc > t_grass, 1, 0))  # 0 dense veg, 1 grass, 2 soil
    base = np.stack([_DENSE_VEG, _GRASS, _SOIL])[cls]
    base = ndimage.gaussian_filter(base, sigma=(1.5 * m2px, 1.5 * m2px, 0))
    tex = 0.07 * _noise(rng, shape, 1.0) + 0.07 * _noise(rng, shape, 2.5 * m2px) + 0.05 * _noise(rng, shape, 10 * m2px)
    c.img = base * (1.0 + tex)[..., None]
    c.img *= 1.0 + 0.02 * rng.standard_normal((1, 1, 3))  # slight per-scene colour cast
    return cls


def paint_roads(c: Canvas) -> Roads:
    """Straight roads with kerbs on a roughly orthogonal grid, right across the scene."""
    rng, size, m2px, extent = c.rng, c.size, c.m2px, c.extent
    n_roads = int(rng.integers(1, 3) + (1 if c.area_factor >= 0.5 else 0) + max(0, int(np.sqrt(c.area_factor)) - 1))
    roads, road_axes = [], []
    grid = rng.uniform(0, np.pi)
    for i in range(n_roads):
        ang = grid + (np.pi / 2) * (i % 2) + np.radians(rng.normal(0.0, 4.0))
        p = rng.uniform(0.2 * size, 0.8 * size, 2)
        d = np.array([np.cos(ang), np.sin(ang)]) * 2 * size
        axis = LineString([p - d, p + d])
        width = rng.uniform(6.0, 10.0) * m2px
        roads.append((axis.buffer(width / 2, cap_style="flat"), axis.buffer(width / 2 + 1.8 * m2px, cap_style="flat")))
        road_axes.append((axis.intersection(extent), ang, width))
    for road, kerb in roads:
        for geom, colour, amp in ((kerb, _KERB, 0.05), (road, _ASPHALT, 0.04)):
            win = _window(geom.intersection(extent), c.shape)
            if win:
                sl, m = win
                c.img[sl][m] = colour * (1.0 + amp * rng.standard_normal((m.sum(), 1)))
    return Roads(roads, road_axes, grid, shapely.union_all([k for _, k in roads]) if roads else Polygon())


def paint_water(c: Canvas, n_water: int | None, roads: Roads) -> tuple[list, np.ndarray]:
    """Water bodies with irregular shores, apart from roads and each other; (polygons, mask)."""
    rng, size, m2px, shape = c.rng, c.size, c.m2px, c.shape
    if n_water is None:
        n_water = int(rng.integers(1, 3) * max(c.area_factor, 0.5) + 0.5)
    waters = []
    for _ in range(200 * max(n_water, 1)):
        if len(waters) >= n_water:
            break
        rad = rng.uniform(14.0, 40.0) * m2px * min(1.0, size / (160 * m2px))
        centre = rng.uniform(0.1 * size, 0.9 * size, 2)
        cand = _largest(_blob(rng, centre[0], centre[1], rad).intersection(c.extent))
        if cand.is_empty or cand.area < (8 * m2px) ** 2:
            continue
        if cand.intersects(roads.union.buffer(2 * m2px)) or any(cand.distance(w) < 6 * m2px for w in waters):
            continue
        waters.append(cand)
    water_mask = np.zeros(shape, bool)
    if waters:
        water_mask = rasterize([(w, 1) for w in waters], out_shape=shape, transform=Affine.identity(), dtype="uint8").astype(bool)
        depth = np.clip(ndimage.distance_transform_edt(water_mask) / (6.0 * m2px), 0.0, 1.0)[..., None]
        wcol = _WATER_SHALLOW * (1 - depth) + _WATER_DEEP * depth
        ripple = 1.0 + 0.03 * _noise(rng, shape, 3 * m2px) + 0.015 * _noise(rng, shape, 1.0)
        c.img = np.where(water_mask[..., None], wcol * ripple[..., None], c.img)
    return waters, water_mask


def _building_arms(c: Canvas, roads: Roads) -> list:
    """One candidate building: its rectangles (a main body, sometimes an L wing), mostly along a road."""
    rng, size, m2px = c.rng, c.size, c.m2px
    length = rng.uniform(10.0, 24.0) * m2px
    width = rng.uniform(7.0, min(14.0, length / m2px)) * m2px
    if roads.axes and rng.random() < 0.7:
        axis, ang, rw = roads.axes[int(rng.integers(len(roads.axes)))]
        if axis.is_empty:
            return []
        p = np.array(axis.interpolate(rng.uniform(0, axis.length)).coords[0])
        normal = np.array([-np.sin(ang), np.cos(ang)]) * rng.choice([-1.0, 1.0])
        setback = rw / 2 + rng.uniform(3.0, 10.0) * m2px + width / 2
        cx, cy = p + normal * setback
        b_ang = ang + np.radians(rng.normal(0.0, 2.0))
    else:
        cx, cy = rng.uniform(0, size, 2)
        b_ang = roads.grid + rng.choice([0.0, np.pi / 2]) + np.radians(rng.normal(0.0, 15.0))
    arms = [(cx, cy, length, width, b_ang)]
    if rng.random() < 0.2:  # L-shape: a wing at one end, perpendicular to the main body
        wl = rng.uniform(0.5, 0.9) * length
        ww = rng.uniform(0.6, 0.9) * width
        sgn_a, sgn_b = rng.choice([-1.0, 1.0], 2)
        u = np.array([np.cos(b_ang), np.sin(b_ang)])
        v = np.array([-np.sin(b_ang), np.cos(b_ang)])
        wc = np.array([cx, cy]) + u * sgn_a * (length / 2 - ww / 2) + v * sgn_b * (width / 2 + wl / 2 - 0.5)
        arms.append((wc[0], wc[1], wl, ww, b_ang + np.pi / 2))
    return arms


def place_buildings(c: Canvas, n_buildings: int | None, roads: Roads, waters: list) -> list:
    """Buildings that overlap no road, water or other building (a crowded request may get fewer)."""
    rng, m2px = c.rng, c.m2px
    if n_buildings is None:
        n_buildings = max(1, int(round(rng.integers(25, 46) * c.area_factor)))
    obstacles = [roads.union.buffer(1.0 * m2px)] + [w.buffer(4.0 * m2px) for w in waters]
    inner = c.extent.buffer(-2.0)
    buildings = []
    for _ in range(400 * max(n_buildings, 1)):
        if len(buildings) >= n_buildings:
            break
        arms = _building_arms(c, roads)
        if not arms:
            continue
        poly = shapely.union_all([_rect(*a) for a in arms])
        if poly.geom_type != "Polygon" or not inner.contains(poly):
            continue
        if any(poly.intersects(o) for o in obstacles):
            continue
        style = "flat" if rng.random() < 0.25 else "gable"
        buildings.append(Building(poly, arms, style, rng.uniform(3.0, 12.0), _ROOFS[int(rng.integers(len(_ROOFS)))]))
        obstacles.append(poly.buffer(2.0 * m2px))
    return buildings


def place_trees(c: Canvas, cls: np.ndarray, water_mask: np.ndarray, roads: Roads,
                 buildings: list) -> tuple[list, np.ndarray]:
    """Tree crowns, dense in dense vegetation, never on water, roads or buildings; (trees, forbidden mask)."""
    rng, size, m2px, shape = c.rng, c.size, c.m2px, c.shape
    forbidden = water_mask.copy()
    if buildings or roads.polys:
        forbidden |= rasterize([(g, 1) for g in [roads.union] + [b.poly.buffer(1.5 * m2px) for b in buildings]],
                               out_shape=shape, transform=Affine.identity(), dtype="uint8").astype(bool)
    density = np.where(cls == 0, 1.0, np.where(cls == 1, 0.15, 0.03)) * ~forbidden
    n_trees = int(rng.integers(120, 260) * c.area_factor)
    prob = density.ravel() / max(density.sum(), 1e-9)
    trees = []
    if density.sum() > 0:
        for idx in rng.choice(density.size, size=n_trees, p=prob):
            r_m = rng.uniform(1.5, 4.5)
            trees.append(Tree(idx % size + rng.uniform(-0.5, 0.5), idx // size + rng.uniform(-0.5, 0.5), r_m * m2px,
                               rng.uniform(5.0, 15.0), rng.uniform(0.8, 1.2)))
    trees.sort(key=lambda t: t.radius)  # small crowns first, large crowns on top
    return trees, forbidden


def paint_shadows_and_crowns(c: Canvas, trees: list, forbidden: np.ndarray, buildings: list) -> None:
    """Shadows of trees, lit tree crowns over them, then the buildings' shadows, cast away from the sun."""
    size, m2px, shape, to_sun = c.size, c.m2px, c.shape, c.to_sun
    shadow = np.zeros(shape, bool)
    for t in trees:
        off = -to_sun * t.height * c.shadow_per_m
        win = _window(shapely.Point(t.x + off[0] * 0.7, t.y + off[1] * 0.7).buffer(t.radius * 0.9), shape)
        if win:
            shadow[win[0]] |= win[1]
    crown_tex = _noise(c.rng, shape, 0.8 * m2px)
    yy, xx = np.mgrid[0:size, 0:size] + 0.5
    for tx, ty, r, _, tone in trees:
        r0, r1 = max(int(ty - r) - 1, 0), min(int(ty + r) + 2, size)
        c0, c1 = max(int(tx - r) - 1, 0), min(int(tx + r) + 2, size)
        if r1 <= r0 or c1 <= c0:
            continue
        dx, dy = xx[r0:r1, c0:c1] - tx, yy[r0:r1, c0:c1] - ty
        d = np.hypot(dx, dy)
        crown = (d <= r) & ~forbidden[r0:r1, c0:c1]
        lit = 1.0 + 0.35 * (dx * to_sun[0] + dy * to_sun[1]) / r - 0.15 * (d / r) ** 2
        col = _TREE[None, None, :] * tone * (lit * (1.0 + 0.12 * crown_tex[r0:r1, c0:c1]))[..., None]
        c.img[r0:r1, c0:c1][crown] = col[crown]
        shadow[r0:r1, c0:c1][crown] = False
    for b in buildings:
        off = -to_sun * b.height * c.shadow_per_m
        parts = [shapely.convex_hull(shapely.union(_rect(*a), affinity.translate(_rect(*a), off[0], off[1])))
                 for a in b.arms]
        win = _window(shapely.union_all(parts).difference(b.poly), shape)
        if win:
            shadow[win[0]] |= win[1]
    c.img = np.where(shadow[..., None], c.img * _SHADOW, c.img)


def paint_roofs(c: Canvas, buildings: list) -> None:
    """Flat roofs with a bright parapet; gabled roofs as two halves lit differently by the sun."""
    roof_tex = _noise(c.rng, c.shape, 1.0)
    for b in buildings:
        colour = b.colour * c.rng.uniform(0.9, 1.1)
        if b.style == "flat":
            win = _window(b.poly, c.shape)
            if win:
                sl, m = win
                edge = m & ~ndimage.binary_erosion(m)
                patch = colour * (1.0 + 0.05 * roof_tex[sl])[..., None]
                patch[edge] = np.minimum(colour * 1.18, 255)
                c.img[sl][m] = patch[m]
            continue
        for cx, cy, length, width, ang in b.arms:
            v = np.array([-np.sin(ang), np.cos(ang)])
            k = 0.3 * float(v @ c.to_sun)
            if abs(k) < 0.12:
                k = 0.12 if k >= 0 else -0.12
            for side in (1.0, -1.0):
                half = _rect(cx + side * v[0] * width / 4, cy + side * v[1] * width / 4, length, width / 2, ang)
                win = _window(half, c.shape)
                if win:
                    sl, m = win
                    patch = colour * (1.0 + side * k) * (1.0 + 0.04 * roof_tex[sl])[..., None]
                    c.img[sl][m] = patch[m]
