"""Generated map-sheet campaigns for the batch tests: adjacent sheets of one generated
landscape, one GeoTIFF per sheet, and ONE inventory layer and ONE truth layer covering
all sheets (the "one big layer clipped per sheet" case)."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd


def make_campaign(folder: Path, n: int = 6, size: int = 192, seed: int = 11, cols: int = 3,
                  pixel_size: float = 0.5) -> dict:
    """Sheets s01..sNN in a grid of `cols` columns, touching edge to edge.
    Returns {"images": Path (folder), "inventory": Path, "truth": Path, "ids": [...]}"""
    from segassess.core.error_sim import simulate_inventory
    from segassess.core.scene import generate_scene, write_scene

    folder = Path(folder)
    images = folder / "sheets"
    images.mkdir(parents=True, exist_ok=True)
    extent = size * pixel_size
    x0, y0 = 500000.0, 4500000.0
    truths, inventories, ids = [], [], []
    for i in range(n):
        sid = f"s{i + 1:02d}"
        origin = (x0 + (i % cols) * extent, y0 - (i // cols) * extent)
        scene = generate_scene(seed + i, size=size, pixel_size=pixel_size, crs="EPSG:32618", origin=origin)
        buildings = scene.truth[scene.truth["class"] == "building"]
        inventory = simulate_inventory(buildings, seed + 100 + i)
        paths = write_scene(scene, folder / "tmp" / sid)
        paths["image"].rename(images / f"{sid}.tif")
        truths.append(buildings.assign(sheet=sid))
        inventories.append(inventory.assign(sheet=sid))
        ids.append(sid)
    truth = gpd.GeoDataFrame(pd.concat(truths, ignore_index=True), crs=truths[0].crs)
    inventory = gpd.GeoDataFrame(pd.concat(inventories, ignore_index=True), crs=inventories[0].crs)
    truth_path, inv_path = folder / "truth.gpkg", folder / "inventory.gpkg"
    truth[["sheet", "geometry"]].to_file(truth_path, layer="truth", driver="GPKG")
    inventory[["sheet", "geometry"]].to_file(inv_path, layer="inventory", driver="GPKG")
    return {"images": images, "inventory": inv_path, "truth": truth_path, "ids": ids}
