"""A small reviewed scene for the review tests: a generated scene, an inventory damaged in known
ways, its reference assessment (exact quality map, so every review item is a real error)."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely

from segassess.core.assess.assessors import ReferenceAssessor
from segassess.core.assess.job import AnnotationSpec, AssessJob
from segassess.core.assess.pipeline import run_assessment
from segassess.core.synthetic.error_sim import simulate_inventory
from segassess.core.synthetic.scene import generate_scene, write_scene

DAMAGE = {"only": ["shift", "missing", "spurious"], "shift": {"p": 1.0, "distance": 1.5},
          "missing": {"p": 1.0, "fraction": 0.2}, "spurious": {"p": 1.0, "fraction": 0.15}}


def scene_files(folder: Path, seed: int = 5, size: int = 160) -> dict:
    """image.tif, truth.gpkg and inventory.gpkg (buildings only, with a `kind` field) in folder."""
    scene = generate_scene(seed, size=size)
    truth = scene.truth[scene.truth["class"] == "building"].reset_index(drop=True)
    inventory = simulate_inventory(truth, seed, DAMAGE)
    inventory["kind"] = "Building"
    scene.truth = truth
    return write_scene(scene, folder, inventory)


def assess(files: dict, out: Path, overwrite: bool = False, inventory=None, progress=None):
    job = AssessJob(image=files["image"], annotation=AnnotationSpec(inventory or files["inventory"]),
                    truth=AnnotationSpec(files["truth"]), out_dir=out, tile_size=160, overlap=32,
                    overwrite=overwrite, prefix="scene_")
    return run_assessment(job, ReferenceAssessor(), progress)


def union_iou(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame, clip=None) -> float:
    """IoU of the unions of two layers' polygons (null geometries ignored), optionally within `clip`."""
    ua = shapely.union_all([g for g in a.geometry if g is not None and not g.is_empty])
    ub = shapely.union_all([g for g in b.geometry if g is not None and not g.is_empty])
    if clip is not None:
        ua, ub = ua.intersection(clip), ub.intersection(clip)
    union = ua.union(ub).area
    return ua.intersection(ub).area / union if union else 1.0
