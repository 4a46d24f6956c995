"""Review workflow figures: how much a corrected inventory gains over the original, and how often
the top of the review queue is a real error.

    .venv/bin/python bench/review.py [--part reference|demo|all] [--seeds 1 2 3 4 5] [--json out.json]

Part `reference`: the New Brunswick sheet (../shared/data/new_brunswick, both image tiles), its
28 buildings as the truth and damaged copies from the error simulator (`simulate_inventory`,
the default random mix, one copy per seed, plus each error type alone). Each image is assessed
with the reference assessor (exact maps), then `segassess edits --accept auto` (the core call)
corrects the damaged copy. IoU = area IoU of the union of the inventory's polygons with the
union of the truth's, within the image extents (features outside the images are never assessed).
A second run marks every item `false_alarm` and applies `--accept reviewed`: the result must be
the damaged copy unchanged.

Part `demo`: the built-in demo model (tile 256, overlap 32) on held-out generated scenes (seeds
3000-3002, 768 px, never used in its training or model selection), buildings as the truth, one
inventory per error type of the simulator (that error alone, forced) and one with the default
mix. IoU before/after `--accept auto` at the default threshold, and the precision of the flags
among the first 20 items of the queue: an FP item is a real error when at least half of its
area lies outside the truth, an FN or missed-object item when at least half lies inside it,
a feature item when the feature's true IoU (with the truth polygons it overlaps) is below 0.5.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
import shapely
from rasterio.features import rasterize
from shapely.geometry import box

REPO = Path(__file__).resolve().parents[1]
NB = REPO.parent / "shared" / "data" / "new_brunswick"
NB_IMAGES = ("23322E759967N_clipped_1m_1of2.tif", "23322E759967N_clipped_1m_2of2.tif")
DEMO_SEEDS = (3000, 3001, 3002)
TOP = 20

from segassess.core.assess.assessors import ReferenceAssessor  # noqa: E402
from segassess.core.assess.job import AnnotationSpec, AssessJob  # noqa: E402
from segassess.core.assess.pipeline import run_assessment  # noqa: E402
from segassess.core.review.decisions import read_items  # noqa: E402
from segassess.core.review.items import FEATURE_IOU_BELOW  # noqa: E402
from segassess.core.review.schema import DEFAULT_MIN_CONFIDENCE  # noqa: E402
from segassess.core.review.store import record_decision  # noqa: E402
from segassess.core.review.suggest import EditRequest, suggest_edits  # noqa: E402
from segassess.core.synthetic.error_sim import DEFAULT_CONFIG, simulate_inventory  # noqa: E402
from segassess.core.synthetic.scene import generate_scene, write_scene  # noqa: E402


def union_iou(a, b, clip) -> float:
    """Vector IoU: areas of the unions of both layers' polygons, within `clip`."""
    ua = shapely.union_all([g for g in a.geometry if g is not None and not g.is_empty]).intersection(clip)
    ub = shapely.union_all([g for g in b.geometry if g is not None and not g.is_empty]).intersection(clip)
    return ua.intersection(ub).area / ua.union(ub).area


def pixel_iou(a, b, images) -> float:
    """IoU on the images' pixel grids (pixel centres, the pipeline's rasterisation rule), pooled."""
    inter = union = 0
    for img in images:
        with rasterio.open(img) as ds:
            shape, transform = ds.shape, ds.transform
        ma, mb = (rasterize([(g, 1) for g in gdf.geometry if g is not None and not g.is_empty] or [(box(0, 0, 0, 0), 0)],
                            out_shape=shape, transform=transform, dtype="uint8").astype(bool) for gdf in (a, b))
        inter += int((ma & mb).sum())
        union += int((ma | mb).sum())
    return inter / union if union else 1.0


def ious(inventory, truth, images, clip) -> dict:
    return {"pixel": pixel_iou(inventory, truth, images), "vector": union_iou(inventory, truth, clip)}


def _extent(images) -> shapely.Geometry:
    boxes = []
    for img in images:
        with rasterio.open(img) as ds:
            boxes.append(box(*ds.bounds))
    return shapely.union_all(boxes)


def correct(work: Path, images, inventory: Path, truth: Path, assessor, tile: int, overlap: int,
            accept="auto", false_alarms=False) -> gpd.GeoDataFrame:
    """Assess each image, (optionally mark every item false_alarm), apply the edits image by image
    (the corrected inventory of one image is the inventory of the next)."""
    current, layer, where = inventory, None, None
    for k, img in enumerate(images):
        job = AssessJob(image=Path(img), annotation=AnnotationSpec(current, layer, where), out_dir=work / f"a{k}",
                        truth=AnnotationSpec(truth) if assessor.name == "reference" else None,
                        tile_size=tile, overlap=overlap, overwrite=True, prefix="s_")
        gpkg = run_assessment(job, assessor).polygons
        if false_alarms:
            for _, it in read_items(gpkg).iterrows():
                record_decision(gpkg, int(it["item_id"]), "false_alarm")
        out = work / f"corrected{k}.gpkg"
        res = suggest_edits(EditRequest(gpkg, AnnotationSpec(current, layer, where), out, accept=accept,
                                        overwrite=True))
        current, layer, where = res["out"], "corrected", "edit <> 'removed'"
    corrected = gpd.read_file(current, layer="corrected")
    return corrected[corrected["edit"] != "removed"] if "edit" in corrected else corrected


def reference_part(seeds, work: Path) -> list:
    truth = gpd.read_file(NB / "BakerLake_2017_clipped.gpkg", where="Niveau_2 = 'Building'")
    truth_path = work / "truth.gpkg"
    truth.to_file(truth_path, layer="truth")
    images = [NB / n for n in NB_IMAGES]
    clip = _extent(images)
    # what a pixel-based correction can reach at best: the truth's own pixel outline, in vector terms
    ceiling = {"case": "truth's own pixel outline", "auto": ious(_rasterised(truth, images), truth, images, clip)}
    print(json.dumps(ceiling), flush=True)
    cases = [(f"default mix, seed {s}", s, None) for s in seeds]
    cases += [(f"{name} only", seeds[0], {"only": [name], name: {"p": 1.0}}) for name in DEFAULT_CONFIG]
    rows = [ceiling]
    for label, seed, config in cases:
        damaged = simulate_inventory(truth, seed, config)
        dpath = work / f"damaged_{len(rows)}.gpkg"  # rows[0] is the ceiling
        damaged.to_file(dpath, layer="inventory")
        t0 = time.perf_counter()
        auto = correct(work / f"r{len(rows)}", images, dpath, truth_path, ReferenceAssessor(), 512, 64)
        alarms = correct(work / f"f{len(rows)}", images, dpath, truth_path, ReferenceAssessor(), 512, 64,
                         accept="reviewed", false_alarms=True)
        rows.append({"case": label, "before": ious(damaged, truth, images, clip), "auto": ious(auto, truth, images, clip),
                     "all_false_alarm_reviewed": ious(alarms, truth, images, clip),
                     "unchanged": bool(alarms.geometry.geom_equals(damaged.geometry).all()
                                       and len(alarms) == len(damaged)),
                     "steps": damaged.attrs.get("simulation"), "wall_s": time.perf_counter() - t0})
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "steps"}), flush=True)
    return rows


def _rasterised(gdf, images) -> gpd.GeoDataFrame:
    """The layer as the quality map sees it: its pixel-centre rasterisation, polygonised."""
    from rasterio.features import shapes
    from shapely.geometry import shape

    parts = []
    for img in images:
        with rasterio.open(img) as ds:
            m = rasterize([(g, 1) for g in gdf.geometry], out_shape=ds.shape, transform=ds.transform, dtype="uint8")
            parts += [shape(p) for p, v in shapes(m, mask=m > 0, transform=ds.transform)]
    return gpd.GeoDataFrame(geometry=parts, crs=gdf.crs)


def _true_iou(geom, truth) -> float:
    near = truth.geometry.values[truth.sindex.query(geom, predicate="intersects")]
    t = shapely.union_all(near) if len(near) else shapely.Polygon()
    union = geom.union(t).area
    return geom.intersection(t).area / union if union else 0.0


def real_error(item, truth_union, truth) -> bool:
    g = item.geometry
    inside = g.intersection(truth_union).area / g.area if g.area else 0.0
    if item["kind"] == "false_positive":
        return inside <= 0.5
    if item["kind"] in ("false_negative", "missed_object"):
        return inside >= 0.5
    return _true_iou(g, truth) < FEATURE_IOU_BELOW


def demo_part(work: Path) -> list:
    from segassess.models.engines import make_assessor
    from segassess.models.registry import demo_model_path

    assessor = make_assessor(demo_model_path(), tile_size=256, device="cpu", batch_size=4)
    configs = [("default mix", None)] + [(name, {"only": [name], name: {"p": 1.0}}) for name in DEFAULT_CONFIG]
    rows = []
    for seed in DEMO_SEEDS:
        scene = generate_scene(seed, size=768)
        truth = scene.truth[scene.truth["class"] == "building"].reset_index(drop=True)
        paths = write_scene(scene, work / f"scene{seed}")
        truth.to_file(work / f"scene{seed}" / "buildings.gpkg", layer="truth")
        clip = box(*scene.bounds)
        truth_union = shapely.union_all(truth.geometry.values)
        for label, config in configs:
            inv = simulate_inventory(truth, seed + 17, config)
            ipath = work / f"scene{seed}" / f"inv_{label.replace(' ', '_')}.gpkg"
            inv.to_file(ipath, layer="inventory")
            folder = work / f"d{seed}_{label.replace(' ', '_')}"
            corrected = correct(folder, [paths["image"]], ipath, None, assessor, 256, 32)
            items = read_items(folder / "a0" / "s_assessment.gpkg")
            top = items.head(TOP)
            real = [real_error(it, truth_union, truth) for _, it in top.iterrows()]
            rows.append({"seed": seed, "error": label, "before": ious(inv, truth, [paths["image"]], clip),
                         "after": ious(corrected, truth, [paths["image"]], clip), "items": len(items),
                         "confident": int((items["mean_confidence"].fillna(0) >= DEFAULT_MIN_CONFIDENCE).sum()),
                         "top": len(top), "top_real": int(sum(real))})
            print(json.dumps(rows[-1]), flush=True)
    return rows


def summarise_demo(rows) -> list:
    out = []
    for label in dict.fromkeys(r["error"] for r in rows):
        mine = [r for r in rows if r["error"] == label]
        top = sum(r["top"] for r in mine)
        out.append({"error": label, "before": float(np.mean([r["before"]["pixel"] for r in mine])),
                    "after": float(np.mean([r["after"]["pixel"] for r in mine])),
                    "before_vector": float(np.mean([r["before"]["vector"] for r in mine])),
                    "after_vector": float(np.mean([r["after"]["vector"] for r in mine])),
                    "precision_top20": sum(r["top_real"] for r in mine) / top if top else float("nan"),
                    "items": float(np.mean([r["items"] for r in mine]))})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", default="all", choices=["reference", "demo", "all"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="segassess_bench_review_"))
    result = {}
    if args.part in ("reference", "all"):
        if not NB.exists():
            print(f"{NB} is absent: the reference part needs the New Brunswick sample", file=sys.stderr)
            return 2
        result["reference"] = reference_part(args.seeds, work)
    if args.part in ("demo", "all"):
        result["demo"] = demo_part(work)
        result["demo_summary"] = summarise_demo(result["demo"])
        for r in result["demo_summary"]:
            print(f"| {r['error']} | {r['before']:.4f} | {r['after']:.4f} | {r['after'] - r['before']:+.4f} | "
                  f"{r['precision_top20']:.2f} | {r['items']:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
