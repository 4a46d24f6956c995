"""`segassess demo`: the main job end to end on a generated scene, with no downloads.

Generates an aerial-like scene (core.synthetic.scene; NOT real imagery) with its true building
polygons and an imperfect inventory from the error simulator, assesses the inventory
and writes the outputs plus a PNG quicklook (image | inventory outline | quality map).
With the built-in demo model (or --model) the network assesses the inventory without
looking at the truth; without any model the reference assessor gives the exact map.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Optional

import numpy as np


def quicklook(image_path: Path, inventory_path: Path, quality_path: Path, out_png: Path) -> Path:
    """Side-by-side PNG: image, image with the inventory outlined, quality map (paper colours)."""
    import geopandas as gpd
    import rasterio
    from PIL import Image
    from rasterio.features import rasterize

    from ..core.common.classes import CLASS_COLOURS

    with rasterio.open(image_path) as ds:
        rgb = np.moveaxis(ds.read([1, 2, 3]), 0, -1)
        transform, shape = ds.transform, ds.shape
    inv = gpd.read_file(inventory_path)
    outline = rasterize(inv.boundary, out_shape=shape, transform=transform, dtype="uint8") if len(inv) else \
        np.zeros(shape, np.uint8)
    with_outline = rgb.copy()
    with_outline[outline > 0] = (255, 255, 0)
    with rasterio.open(quality_path) as ds:
        q = ds.read(1)
    palette = np.zeros((256, 3), np.uint8)
    for v, c in CLASS_COLOURS.items():
        palette[v] = c
    gap = np.full((shape[0], 8, 3), 255, np.uint8)
    panel = np.concatenate([rgb, gap, with_outline, gap, palette[q]], axis=1)
    from ..core.common.files import atomic_write

    atomic_write(out_png, lambda tmp: Image.fromarray(panel).save(tmp))  # nothing half-written on failure
    return Path(out_png)


def run_demo(out_dir: Path, seed: int = 7, size: int = 768, overwrite: bool = False,
             model: Optional[Path] = None) -> int:
    from ..core.assess.assessors import ReferenceAssessor
    from ..core.synthetic.error_sim import simulate_inventory
    from ..core.assess.job import AnnotationSpec, AssessJob
    from ..core.assess.pipeline import run_assessment
    from ..core.synthetic.scene import generate_scene, write_scene
    from ..models.registry import demo_model_path
    from .assess import run_with_bar

    out_dir = Path(out_dir)
    print(f"Generating a synthetic {size}x{size} px scene (seed {seed}); generated, not real imagery.")
    scene = generate_scene(seed, size=size)
    buildings = scene.truth[scene.truth["class"] == "building"].reset_index(drop=True)
    inventory = simulate_inventory(buildings, seed)
    paths = write_scene(replace(scene, truth=buildings), out_dir / "scene", inventory)
    demo = demo_model_path()
    model = model or (demo if demo.exists() else None)
    reference_job = AssessJob(image=paths["image"], annotation=AnnotationSpec(paths["inventory"]), out_dir=out_dir,
                              truth=AnnotationSpec(paths["truth"]), tile_size=256, overlap=32, batch_size=4,
                              overwrite=overwrite, prefix="demo_")
    job = reference_job
    if model is not None:
        from ..models.engines import make_assessor

        if model == demo:
            print(f"Using the built-in DEMO model {demo.name} (trained on generated scenes only).")
        assessor = make_assessor(model, tile_size=job.tile_size, batch_size=job.batch_size)
        job = replace(reference_job, truth=None)
    else:
        print("No model available: using the reference assessor (exact map from the generated truth).")
        assessor = ReferenceAssessor()
    result = run_with_bar(job, assessor)
    png = quicklook(paths["image"], paths["inventory"], result.quality, out_dir / "demo_quicklook.png")
    print(f"Quicklook: {png}")
    if model is not None:
        # how good was the estimate? compare with the exact map from the generated truth
        ref = run_assessment(replace(reference_job, out_dir=out_dir / "reference"), ReferenceAssessor())
        from ..core.assess.metrics import evaluate_rasters, format_table

        print("Network map vs exact map on this generated scene:")
        print(format_table(evaluate_rasters(result.quality, ref.quality)))
    return 0


def cmd_demo(args) -> int:
    return run_demo(args.out_dir, seed=args.seed, size=args.size, overwrite=args.overwrite, model=args.model)


def add_commands(sub) -> None:
    p = sub.add_parser("demo", help="generate a scene with an imperfect inventory and assess it")
    p.add_argument("--out-dir", type=Path, default=Path("demo_out"))
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--size", type=int, default=768)
    p.add_argument("--model", "--checkpoint", dest="model", type=Path,
                   help="model file; default: built-in demo model if present")
    p.add_argument("--overwrite", action="store_true")
    p.set_defaults(func=cmd_demo)
