"""Procedural, georeferenced aerial-like scenes with an exact ground truth.

The generator paints a top-down "aerial photo" from simple geometry: land cover (dense
vegetation, grass, bare soil) from smooth noise, roads with kerbs, water bodies with
irregular shores (deep centre, lighter shallows), buildings as rotated rectangles and
L-shapes with gabled roofs (two halves of different brightness, lit according to the sun
azimuth) or flat roofs, cast shadows of buildings and trees on the side away from the
sun, textured tree crowns, and finally optical blur and sensor noise. The truth polygons
(buildings, water) are the very polygons that were painted, so masks rasterised from them
match the image exactly.

They exist for tests, demos and benchmarks of the pipeline: deterministic for a seed,
any size, any projected CRS. They are NOT a substitute for real imagery: the textures,
colours, shapes and the absence of relief displacement, occlusion, seasonal effects and
real sensor characteristics make them far easier (and different) than real aerial or
satellite images, so never use them to claim or measure the accuracy of a model.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
import shapely
from affine import Affine
from pyproj import CRS, Transformer
from rasterio.enums import ColorInterp
from rasterio.features import rasterize
from scipy import ndimage
from shapely import affinity
from shapely.geometry import LineString, Polygon, box

from ..common.files import atomic_write
from ..common.errors import InputError, OutputError

__all__ = ["Scene", "generate_scene", "write_scene"]

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


@dataclass
class Scene:
    """A generated scene: RGB image on a north-up grid, and its exact truth polygons."""

    image: np.ndarray            # (H, W, 3) uint8
    transform: Affine            # pixel -> map (north-up, square pixels)
    crs: CRS
    truth: gpd.GeoDataFrame      # id, class ("building" | "water"), roof ("gable" | "flat" | None), geometry
    info: dict = field(default_factory=dict)  # sun azimuth/elevation, counts (for the record)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        h, w = self.image.shape[:2]
        x0, y0 = self.transform * (0, 0)
        x1, y1 = self.transform * (w, h)
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _default_origin(crs: CRS) -> tuple[float, float]:
    """Upper-left corner near the centre of the CRS's area of use, rounded to the kilometre."""
    aou = crs.area_of_use
    if aou is None:
        return (500_000.0, 5_000_000.0)
    lon = (aou.west + aou.east) / 2.0 if aou.west <= aou.east else ((aou.west + aou.east + 360.0) / 2.0 + 180.0) % 360.0 - 180.0
    lat = (aou.south + aou.north) / 2.0
    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
    if not (np.isfinite(x) and np.isfinite(y)):
        return (500_000.0, 5_000_000.0)
    return (float(np.round(x, -3)), float(np.round(y, -3)))


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


def generate_scene(
    seed: int,
    size: int = 512,
    pixel_size: float = 0.5,
    crs: str = "EPSG:32618",
    n_buildings: int | None = None,
    n_water: int | None = None,
    *,
    origin: tuple[float, float] | None = None,
) -> Scene:
    """Generate a square aerial-like scene; the same arguments always give the same bytes.

    size: pixels per side (>= 64). pixel_size: metres. crs: any projected CRS in metres.
    n_buildings / n_water: None draws a density-dependent number (about 25-45 buildings and
    1-2 water bodies per 256 m x 256 m). Buildings that cannot be placed without overlapping
    roads, water or other buildings are skipped, so a very crowded request may yield fewer.
    origin: map coordinates of the upper-left corner; default near the CRS's area of use.
    """
    if int(size) < 64:
        raise InputError(f"scene size {size} is too small: use at least 64 pixels.")
    if not pixel_size > 0:
        raise InputError(f"pixel size {pixel_size} must be positive.")
    try:
        crs_obj = CRS.from_user_input(crs)
    except Exception as exc:  # pyproj.exceptions.CRSError
        raise InputError(f"unknown CRS {crs!r}: give an EPSG code such as 'EPSG:32618'.") from exc
    if not crs_obj.is_projected:
        raise InputError(f"CRS {crs!r} is not projected: scenes need a projected CRS in metres (e.g. a UTM zone).")
    size = int(size)
    ps = float(pixel_size)
    rng = np.random.default_rng(seed)
    ox, oy = origin if origin is not None else _default_origin(crs_obj)
    transform = Affine(ps, 0.0, float(ox), 0.0, -ps, float(oy))
    shape = (size, size)
    m2px = 1.0 / ps                         # metres -> pixels
    area_factor = (size * ps / 256.0) ** 2  # relative to a 256 m square
    extent = box(0, 0, size, size)

    # Sun: azimuth clockwise from north; pixel space has rows pointing south.
    sun_az = rng.uniform(0.0, 360.0)
    sun_el = rng.uniform(35.0, 60.0)
    to_sun = np.array([np.sin(np.radians(sun_az)), -np.cos(np.radians(sun_az))])  # (dcol, drow)
    shadow_per_m = m2px / np.tan(np.radians(sun_el))  # shadow length in px per metre of height

    # ---- land cover ------------------------------------------------------------------
    lc = _noise(rng, shape, 70 * m2px) + 0.45 * _noise(rng, shape, 18 * m2px)
    t_soil, t_grass = np.quantile(lc, [0.82, 0.55])
    cls = np.where(lc > t_soil, 2, np.where(lc > t_grass, 1, 0))  # 0 dense veg, 1 grass, 2 soil
    base = np.stack([_DENSE_VEG, _GRASS, _SOIL])[cls]
    base = ndimage.gaussian_filter(base, sigma=(1.5 * m2px, 1.5 * m2px, 0))
    tex = 0.07 * _noise(rng, shape, 1.0) + 0.07 * _noise(rng, shape, 2.5 * m2px) + 0.05 * _noise(rng, shape, 10 * m2px)
    img = base * (1.0 + tex)[..., None]
    img *= 1.0 + 0.02 * rng.standard_normal((1, 1, 3))  # slight per-scene colour cast

    # ---- roads -----------------------------------------------------------------------
    n_roads = int(rng.integers(1, 3) + (1 if area_factor >= 0.5 else 0) + max(0, int(np.sqrt(area_factor)) - 1))
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
            win = _window(geom.intersection(extent), shape)
            if win:
                sl, m = win
                img[sl][m] = colour * (1.0 + amp * rng.standard_normal((m.sum(), 1)))
    road_union = shapely.union_all([k for _, k in roads]) if roads else Polygon()

    # ---- water -----------------------------------------------------------------------
    if n_water is None:
        n_water = int(rng.integers(1, 3) * max(area_factor, 0.5) + 0.5)
    waters = []
    for _ in range(200 * max(n_water, 1)):
        if len(waters) >= n_water:
            break
        rad = rng.uniform(14.0, 40.0) * m2px * min(1.0, size / (160 * m2px))
        c = rng.uniform(0.1 * size, 0.9 * size, 2)
        cand = _largest(_blob(rng, c[0], c[1], rad).intersection(extent))
        if cand.is_empty or cand.area < (8 * m2px) ** 2:
            continue
        if cand.intersects(road_union.buffer(2 * m2px)) or any(cand.distance(w) < 6 * m2px for w in waters):
            continue
        waters.append(cand)
    water_mask = np.zeros(shape, bool)
    if waters:
        water_mask = rasterize([(w, 1) for w in waters], out_shape=shape, transform=Affine.identity(), dtype="uint8").astype(bool)
        depth = np.clip(ndimage.distance_transform_edt(water_mask) / (6.0 * m2px), 0.0, 1.0)[..., None]
        wcol = _WATER_SHALLOW * (1 - depth) + _WATER_DEEP * depth
        ripple = 1.0 + 0.03 * _noise(rng, shape, 3 * m2px) + 0.015 * _noise(rng, shape, 1.0)
        img = np.where(water_mask[..., None], wcol * ripple[..., None], img)

    # ---- buildings (geometry) --------------------------------------------------------
    if n_buildings is None:
        n_buildings = max(1, int(round(rng.integers(25, 46) * area_factor)))
    obstacles = [road_union.buffer(1.0 * m2px)] + [w.buffer(4.0 * m2px) for w in waters]
    inner = extent.buffer(-2.0)
    buildings = []  # (union polygon, [arms (cx, cy, length, width, angle)], style, height)
    for _ in range(400 * max(n_buildings, 1)):
        if len(buildings) >= n_buildings:
            break
        length = rng.uniform(10.0, 24.0) * m2px
        width = rng.uniform(7.0, min(14.0, length / m2px)) * m2px
        if road_axes and rng.random() < 0.7:
            axis, ang, rw = road_axes[int(rng.integers(len(road_axes)))]
            if axis.is_empty:
                continue
            p = np.array(axis.interpolate(rng.uniform(0, axis.length)).coords[0])
            normal = np.array([-np.sin(ang), np.cos(ang)]) * rng.choice([-1.0, 1.0])
            setback = rw / 2 + rng.uniform(3.0, 10.0) * m2px + width / 2
            cx, cy = p + normal * setback
            b_ang = ang + np.radians(rng.normal(0.0, 2.0))
        else:
            cx, cy = rng.uniform(0, size, 2)
            b_ang = grid + rng.choice([0.0, np.pi / 2]) + np.radians(rng.normal(0.0, 15.0))
        arms = [(cx, cy, length, width, b_ang)]
        if rng.random() < 0.2:  # L-shape: a wing at one end, perpendicular to the main body
            wl = rng.uniform(0.5, 0.9) * length
            ww = rng.uniform(0.6, 0.9) * width
            sgn_a, sgn_b = rng.choice([-1.0, 1.0], 2)
            u = np.array([np.cos(b_ang), np.sin(b_ang)])
            v = np.array([-np.sin(b_ang), np.cos(b_ang)])
            wc = np.array([cx, cy]) + u * sgn_a * (length / 2 - ww / 2) + v * sgn_b * (width / 2 + wl / 2 - 0.5)
            arms.append((wc[0], wc[1], wl, ww, b_ang + np.pi / 2))
        poly = shapely.union_all([_rect(*a) for a in arms])
        if poly.geom_type != "Polygon" or not inner.contains(poly):
            continue
        if any(poly.intersects(o) for o in obstacles):
            continue
        style = "flat" if rng.random() < 0.25 else "gable"
        buildings.append((poly, arms, style, rng.uniform(3.0, 12.0), _ROOFS[int(rng.integers(len(_ROOFS)))]))
        obstacles.append(poly.buffer(2.0 * m2px))

    # ---- trees (geometry) ------------------------------------------------------------
    forbidden = water_mask.copy()
    if buildings or roads:
        forbidden |= rasterize([(g, 1) for g in [road_union] + [b[0].buffer(1.5 * m2px) for b in buildings]],
                               out_shape=shape, transform=Affine.identity(), dtype="uint8").astype(bool)
    density = np.where(cls == 0, 1.0, np.where(cls == 1, 0.15, 0.03)) * ~forbidden
    n_trees = int(rng.integers(120, 260) * area_factor)
    prob = density.ravel() / max(density.sum(), 1e-9)
    trees = []
    if density.sum() > 0:
        for idx in rng.choice(density.size, size=n_trees, p=prob):
            r_m = rng.uniform(1.5, 4.5)
            trees.append((idx % size + rng.uniform(-0.5, 0.5), idx // size + rng.uniform(-0.5, 0.5), r_m * m2px,
                          rng.uniform(5.0, 15.0), rng.uniform(0.8, 1.2)))
    trees.sort(key=lambda t: t[2])  # small crowns first, large crowns on top

    # ---- shadows (trees, then buildings), tree crowns --------------------------------
    shadow = np.zeros(shape, bool)
    for tx, ty, r, h, _ in trees:
        off = -to_sun * h * shadow_per_m
        win = _window(shapely.Point(tx + off[0] * 0.7, ty + off[1] * 0.7).buffer(r * 0.9), shape)
        if win:
            shadow[win[0]] |= win[1]
    crown_tex = _noise(rng, shape, 0.8 * m2px)
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
        img[r0:r1, c0:c1][crown] = col[crown]
        shadow[r0:r1, c0:c1][crown] = False
    for poly, arms, _, h, _ in buildings:
        off = -to_sun * h * shadow_per_m
        parts = [shapely.convex_hull(shapely.union(_rect(*a), affinity.translate(_rect(*a), off[0], off[1]))) for a in arms]
        win = _window(shapely.union_all(parts).difference(poly), shape)
        if win:
            shadow[win[0]] |= win[1]
    img = np.where(shadow[..., None], img * _SHADOW, img)

    # ---- roofs -----------------------------------------------------------------------
    roof_tex = _noise(rng, shape, 1.0)
    for poly, arms, style, _, colour in buildings:
        colour = colour * rng.uniform(0.9, 1.1)
        if style == "flat":
            win = _window(poly, shape)
            if win:
                sl, m = win
                edge = m & ~ndimage.binary_erosion(m)
                patch = colour * (1.0 + 0.05 * roof_tex[sl])[..., None]
                patch[edge] = np.minimum(colour * 1.18, 255)
                img[sl][m] = patch[m]
            continue
        for cx, cy, length, width, ang in arms:
            v = np.array([-np.sin(ang), np.cos(ang)])
            k = 0.3 * float(v @ to_sun)
            if abs(k) < 0.12:
                k = 0.12 if k >= 0 else -0.12
            for side in (1.0, -1.0):
                half = _rect(cx + side * v[0] * width / 4, cy + side * v[1] * width / 4, length, width / 2, ang)
                win = _window(half, shape)
                if win:
                    sl, m = win
                    patch = colour * (1.0 + side * k) * (1.0 + 0.04 * roof_tex[sl])[..., None]
                    img[sl][m] = patch[m]

    # ---- optics and sensor -----------------------------------------------------------
    img = ndimage.gaussian_filter(img, sigma=(0.6, 0.6, 0))
    img += rng.normal(0.0, 2.5, img.shape)
    image = np.clip(np.rint(img), 0, 255).astype(np.uint8)

    # ---- truth in map coordinates ----------------------------------------------------
    to_map = [transform.a, transform.b, transform.d, transform.e, transform.xoff, transform.yoff]
    geoms = [b[0] for b in buildings] + list(waters)
    classes = ["building"] * len(buildings) + ["water"] * len(waters)
    truth = gpd.GeoDataFrame(
        {"id": np.arange(1, len(geoms) + 1, dtype="int64"), "class": classes,
         "roof": [b[2] for b in buildings] + [None] * len(waters)},
        geometry=[shapely.make_valid(affinity.affine_transform(g, to_map)) for g in geoms],
        crs=crs_obj,
    )
    info = {"seed": int(seed), "sun_azimuth": float(sun_az), "sun_elevation": float(sun_el),
            "n_buildings": len(buildings), "n_water": len(waters), "n_roads": len(roads), "n_trees": len(trees)}
    return Scene(image=image, transform=transform, crs=crs_obj, truth=truth, info=info)


def _write_image(scene: Scene, path) -> None:
    """The scene's RGB image as a tiled, deflate-compressed GeoTIFF at `path`."""
    h, w = scene.image.shape[:2]
    profile = dict(driver="GTiff", width=w, height=h, count=3, dtype="uint8", crs=scene.crs,
                   transform=scene.transform, compress="deflate", photometric="RGB", interleave="pixel")
    block = min(256, (min(h, w) // 32) * 16)  # at least 2x2 tiles: a single tile reads as striped
    if block >= 16:
        profile.update(tiled=True, blockxsize=block, blockysize=block)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(np.moveaxis(scene.image, -1, 0))
        dst.colorinterp = [ColorInterp.red, ColorInterp.green, ColorInterp.blue]


def write_scene(scene: Scene, out_dir, inventory: gpd.GeoDataFrame | None = None) -> dict:
    """Write image.tif (tiled, deflate RGB GeoTIFF), truth.gpkg and optionally inventory.gpkg.

    Each file is written under a temporary name and moved into place, so a reader never sees
    a half-written file; existing files of the same names are replaced. An inventory without
    a CRS is taken to be in the scene's CRS. Returns {"image": Path, "truth": Path[, "inventory": Path]}.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out_dir}: {exc.strerror}; choose a writable folder.") from exc
    def _tif(path):
        _write_image(scene, path)

    def _gpkg(gdf, layer):
        def _w(path):
            g = gdf if gdf.crs is not None else gdf.set_crs(scene.crs)
            g.to_file(path, layer=layer, driver="GPKG")
        return _w

    paths = {}
    try:
        paths["image"] = atomic_write(out_dir / "image.tif", _tif)
        paths["truth"] = atomic_write(out_dir / "truth.gpkg", _gpkg(scene.truth, "truth"))
        if inventory is not None:
            paths["inventory"] = atomic_write(out_dir / "inventory.gpkg", _gpkg(inventory, "inventory"))
    except OSError as exc:
        raise OutputError(f"cannot write the scene to {out_dir}: {exc}; check the folder is writable.") from exc
    return paths


def write_sheet_grid(folder, n: int = 6, size: int = 192, seed: int = 11, cols: int = 3, pixel_size: float = 0.5,
                     crs: str = "EPSG:32618", origin: tuple[float, float] = (500000.0, 4500000.0)) -> dict:
    """A generated map-sheet campaign for tests, demos and benchmarks of `segassess batch`:
    `n` adjacent sheets (s01, s02, ...) in rows of `cols`, one GeoTIFF each in `folder/sheets`,
    and ONE building truth layer and ONE simulated inventory layer over all of them (each
    feature tagged with its sheet), as a real inventory is one big layer.
    Returns {"images": folder/sheets, "inventory": Path, "truth": Path, "ids": [...]}."""
    import pandas as pd

    from .error_sim import simulate_inventory

    folder = Path(folder)
    images = folder / "sheets"
    images.mkdir(parents=True, exist_ok=True)
    extent = size * pixel_size
    truths, inventories, ids = [], [], []
    for i in range(n):
        sid = f"s{i + 1:02d}"
        corner = (origin[0] + (i % cols) * extent, origin[1] - (i // cols) * extent)
        scene = generate_scene(seed + i, size=size, pixel_size=pixel_size, crs=crs, origin=corner)
        buildings = scene.truth[scene.truth["class"] == "building"]
        inventory = simulate_inventory(buildings, seed + 100 + i)
        tif = images / f"{sid}.tif"
        atomic_write(tif, lambda tmp, s=scene: _write_image(s, tmp))
        truths.append(buildings.assign(sheet=sid))
        inventories.append(inventory.assign(sheet=sid))
        ids.append(sid)
    paths = {}
    for name, parts in (("truth", truths), ("inventory", inventories)):
        gdf = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=parts[0].crs)[["sheet", "geometry"]]
        paths[name] = atomic_write(folder / f"{name}.gpkg",
                                   lambda tmp, g=gdf, layer=name: g.to_file(tmp, layer=layer, driver="GPKG"))
    return {"images": images, "inventory": paths["inventory"], "truth": paths["truth"], "ids": ids}
