"""Procedural, georeferenced aerial-like scenes with an exact ground truth.

The generator (step by step in `painting.py`) paints a top-down "aerial photo" from simple geometry: land cover (dense
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
from scipy import ndimage
from shapely import affinity

from ..common.files import atomic_write
from ..common.errors import InputError, OutputError
from .painting import (Canvas, paint_land_cover, paint_roads, paint_roofs, paint_shadows_and_crowns, paint_water,
                       place_buildings, place_trees)

__all__ = ["Scene", "generate_scene", "write_scene"]

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


def _scene_crs(size, pixel_size, crs) -> CRS:
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
    return crs_obj


def _truth(transform: Affine, crs: CRS, buildings: list, waters: list) -> gpd.GeoDataFrame:
    """The painted building and water polygons, in map coordinates."""
    to_map = [transform.a, transform.b, transform.d, transform.e, transform.xoff, transform.yoff]
    geoms = [b.poly for b in buildings] + list(waters)
    return gpd.GeoDataFrame(
        {"id": np.arange(1, len(geoms) + 1, dtype="int64"),
         "class": ["building"] * len(buildings) + ["water"] * len(waters),
         "roof": [b.style for b in buildings] + [None] * len(waters)},
        geometry=[shapely.make_valid(affinity.affine_transform(g, to_map)) for g in geoms], crs=crs)


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
    crs_obj = _scene_crs(size, pixel_size, crs)
    size, ps = int(size), float(pixel_size)
    c = Canvas(np.random.default_rng(seed), size, 1.0 / ps, (size * ps / 256.0) ** 2)
    ox, oy = origin if origin is not None else _default_origin(crs_obj)
    transform = Affine(ps, 0.0, float(ox), 0.0, -ps, float(oy))
    # the steps draw from one random stream: their order is part of what a seed means
    sun_az, sun_el = c.draw_sun()
    cls = paint_land_cover(c)
    roads = paint_roads(c)
    waters, water_mask = paint_water(c, n_water, roads)
    buildings = place_buildings(c, n_buildings, roads, waters)
    trees, forbidden = place_trees(c, cls, water_mask, roads, buildings)
    paint_shadows_and_crowns(c, trees, forbidden, buildings)
    paint_roofs(c, buildings)
    img = ndimage.gaussian_filter(c.img, sigma=(0.6, 0.6, 0))  # optics
    img += c.rng.normal(0.0, 2.5, img.shape)  # sensor noise
    image = np.clip(np.rint(img), 0, 255).astype(np.uint8)
    info = {"seed": int(seed), "sun_azimuth": float(sun_az), "sun_elevation": float(sun_el),
            "n_buildings": len(buildings), "n_water": len(waters), "n_roads": len(roads.polys), "n_trees": len(trees)}
    return Scene(image=image, transform=transform, crs=crs_obj, truth=_truth(transform, crs_obj, buildings, waters),
                 info=info)


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
