"""Ranking benchmark: how well `segassess rank` orders candidates without ground truth, what its
best_of layer is worth, and what several candidates cost compared with one assessment.

    .venv/bin/python bench/rank.py [--scenes 5] [--candidates 8] [--size 512] [--timing-size 768]
                                   [--reps 2] [--threads 2] [--skip-quality] [--skip-timing] [--json out.json]

Quality (built-in demo model, tile 256, overlap 32): held-out generated scenes (core.synthetic.scene,
seeds 4000+, never used to train or select the demo model), buildings as the truth, and per scene
`--candidates` inventories of graded damage from the error simulator (core.synthetic.error_sim):
severity s spread evenly over [0.1, 1] (no candidate is perfect), each with 2-4 error types drawn at
random (seeded) among shift, missing, spurious, erode/dilate, simplify, rotate/scale, merge, their
magnitudes scaled by s. Each scene is ranked twice: with `--truth` (the exact reference assessor: the
true IoU of every candidate, and the oracle best_of) and by the network alone. Figures: Spearman
correlation between estimated and true IoU (per scene, and pooled over all candidates), pairwise
accuracy (pairs of candidates of the same scene with different true IoU whose estimated order is
right), and the IoU against the truth of the network's best_of layer vs the best single candidate's.

Timing (base model = the released ViT-B layout with seeded random weights: time does not depend on
the values; CPU, `--precision` as in the engine (auto: bf16 on CPUs with fast bf16), `--threads` torch
threads): one generated `--timing-size` image at tile 512, overlap 64; configurations run
interleaved in one process (one assessment, then rank with N = 1, 2, 3, 5 candidates, the order
rotated every repetition) with the 1-minute load average recorded before each, so a lead can re-run
it on a quiet machine and compare. Ratios are N-candidate rank time / one-assessment time of the same
repetition (medians over repetitions), for wall time and for the process's CPU time (all its threads;
less sensitive to other jobs on a shared machine than wall time).
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
ERROR_TYPES = ("shift", "missing", "spurious", "erode", "dilate", "simplify", "rotate_scale", "merge")


def damage_config(types, s: float) -> dict:
    """error_sim config for the chosen error types at severity s in [0, 1]."""
    params = {"shift": {"distance": 3.0 * s}, "missing": {"fraction": 0.35 * s},
              "spurious": {"fraction": 0.35 * s}, "erode": {"distance": 1.2 * s}, "dilate": {"distance": 1.2 * s},
              "simplify": {"tolerance": 2.0 * s}, "rotate_scale": {"fraction": 0.8 * s, "max_angle": 15.0 * s},
              "merge": {"distance": 4.0 * s}}
    return {"only": list(types), **{t: {"p": 1.0, **params[t]} for t in types}}


def graded_candidates(buildings, seed: int, n: int):
    """n (severity, error types, inventory) of graded damage, severities spread over [0.1, 1]."""
    from segassess.core.synthetic.error_sim import simulate_inventory

    rng = np.random.default_rng(seed)
    out = []
    for i, s in enumerate(np.linspace(0.1, 1.0, n)):
        k = int(rng.integers(2, 5))
        types = list(rng.choice([t for t in ERROR_TYPES if t != "dilate"], size=k, replace=False))
        if "erode" in types and rng.random() < 0.5:
            types[types.index("erode")] = "dilate"
        inv = simulate_inventory(buildings, seed * 100 + i, damage_config(types, float(s)))
        out.append((float(s), types, inv[["geometry"]]))
    return out


def layer_iou(geoms, truth, image) -> float:
    """IoU of a layer against the truth, both rasterized on the image grid (pixel centres, as the pipeline)."""
    import rasterio
    from rasterio.features import rasterize

    with rasterio.open(image) as ds:
        shape, transform = ds.shape, ds.transform

    def mask(g):
        g = [x for x in g if x is not None and not x.is_empty]
        return rasterize(((x, 1) for x in g), out_shape=shape, transform=transform).astype(bool) if g else \
            np.zeros(shape, bool)

    a, b = mask(geoms), mask(truth)
    union = (a | b).sum()
    return float((a & b).sum() / union) if union else float("nan")


def pairwise_accuracy(true, est) -> tuple:
    """(right, pairs) over pairs with different true values; an estimated tie counts half."""
    right, pairs = 0.0, 0
    for i, j in itertools.combinations(range(len(true)), 2):
        if true[i] == true[j]:
            continue
        pairs += 1
        d = (true[i] - true[j]) * (est[i] - est[j])
        right += 1.0 if d > 0 else (0.5 if est[i] == est[j] else 0.0)
    return right, pairs


def rank_scene(scene_dir: Path, cands, truth, assessor, tile: int, overlap: int, out: Path):
    from segassess.core.assess.job import AnnotationSpec, AssessJob
    from segassess.core.rank.candidates import make_candidates
    from segassess.core.rank.run import RankJob, run_rank

    c = make_candidates(cands)
    job = AssessJob(scene_dir / "image.tif", c[0].spec, out, truth=AnnotationSpec(truth) if truth else None,
                    tile_size=tile, overlap=overlap, batch_size=4, overwrite=True)
    return run_rank(RankJob(job, c), assessor)


def quality(args, tmp: Path) -> dict:
    import geopandas as gpd
    from scipy.stats import spearmanr

    from segassess.core.assess.assessors import ReferenceAssessor
    from segassess.core.synthetic.scene import generate_scene, write_scene
    from segassess.models.engines import make_assessor
    from segassess.models.registry import demo_model_path

    net = make_assessor(demo_model_path(), "torch", 256, "cpu", batch_size=4)
    scenes, all_true, all_est, right, pairs = [], [], [], 0.0, 0
    for k in range(args.scenes):
        seed = 4000 + k
        d = tmp / f"scene{seed}"
        sc = generate_scene(seed, size=args.size)
        buildings = sc.truth[sc.truth["class"] == "building"][["geometry"]]
        write_scene(sc, d)
        truth = d / "buildings.gpkg"
        buildings.to_file(truth)
        cands = []
        for i, (s, types, inv) in enumerate(graded_candidates(buildings, seed, args.candidates)):
            p = d / f"c{i}_s{s:.2f}.gpkg"
            inv.to_file(p)
            cands.append((p, s, types))
        paths = [p for p, _, _ in cands]
        t0 = time.perf_counter()
        exact = rank_scene(d, paths, truth, ReferenceAssessor(), 256, 32, d / "exact")
        t1 = time.perf_counter()
        est = rank_scene(d, paths, None, net, 256, 32, d / "net")
        t2 = time.perf_counter()
        true_iou = {r["key"]: r["est_iou"] for r in exact.rows}
        est_iou = {r["key"]: r["est_iou"] for r in est.rows}
        keys = [p.stem for p in paths]
        tv, ev = [true_iou[k] for k in keys], [est_iou[k] for k in keys]
        r, n = pairwise_accuracy(tv, ev)
        right, pairs = right + r, pairs + n
        all_true += tv
        all_est += ev
        truth_geoms = list(buildings.geometry)
        best_single = max(tv)
        scenes.append({
            "seed": seed, "candidates": len(keys), "spearman": round(float(spearmanr(tv, ev).statistic), 4),
            "pairwise": round(r / n, 4) if n else None, "true_iou_range": [round(min(tv), 3), round(max(tv), 3)],
            "best_single_true_iou": round(best_single, 4),
            "chosen_by_network_true_iou": round(true_iou[est.rows[0]["key"]], 4),
            "best_of_network_iou": round(layer_iou(gpd.read_file(est.best_of).geometry, truth_geoms, d / "image.tif"), 4),
            "best_of_oracle_iou": round(layer_iou(gpd.read_file(exact.best_of).geometry, truth_geoms, d / "image.tif"), 4),
            "exact_run_s": round(t1 - t0, 1), "network_run_s": round(t2 - t1, 1),
            "rows": [{"key": k, "severity": s, "errors": "+".join(types), "true_iou": round(true_iou[k], 4),
                      "est_iou": round(est_iou[k], 4)} for k, (_, s, types) in zip(keys, cands)]})
        print(json.dumps({k: v for k, v in scenes[-1].items() if k != "rows"}), flush=True)
    return {"scenes": scenes, "pooled_spearman": round(float(spearmanr(all_true, all_est).statistic), 4),
            "pooled_pairwise_within_scenes": round(right / pairs, 4), "pairs": pairs, "candidates": len(all_true)}


def network_split(assessor, reps: int = 3) -> dict:
    """Seconds per 512 px tile of the shared part (SegAssess.encode: ViT, HQ features, edge branch) and of
    one candidate's part (SegAssess.decode: prompt encoder, mask decoder, final fusion), medians, in the
    assessor's precision."""
    import torch

    from segassess.models.precision import numerics

    model, device = assessor.model, assessor.device
    x = torch.rand(1, 3, 512, 512, device=device) * 255
    mask = (torch.rand(1, 1, 512, 512, device=device) > 0.5).float()
    enc, dec = [], []
    with torch.inference_mode(), numerics(model, assessor.choice, device):
        model.decode(model.encode(x), mask)  # warm-up
        for _ in range(reps):
            t = time.perf_counter()
            encoding = model.encode(x)
            enc.append(time.perf_counter() - t)
            t = time.perf_counter()
            model.decode(encoding, mask)
            dec.append(time.perf_counter() - t)
    return {"encode_s_per_tile": round(statistics.median(enc), 3),
            "decode_s_per_tile_and_candidate": round(statistics.median(dec), 3)}


def profile_rank(run, top: int) -> None:
    """cProfile of one call of `run` (a rank), the `top` entries by cumulative time, project code first."""
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    run()
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats("segassess|core|models", top)
    print(out.getvalue(), flush=True)


def timing(args, tmp: Path) -> dict:
    import torch

    from segassess.core.assess.job import AssessJob
    from segassess.core.assess.pipeline import run_assessment
    from segassess.core.rank.candidates import make_candidates
    from segassess.core.rank.run import RankJob, run_rank
    from segassess.core.synthetic.scene import generate_scene, write_scene
    from segassess.models.engines import TorchAssessor
    from segassess.models.network import build_model

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    assessor = TorchAssessor(build_model("base", 512), 512, "cpu", batch_size=1, precision=args.precision)
    sc = generate_scene(4100, size=args.timing_size)
    d = tmp / "timing"
    buildings = sc.truth[sc.truth["class"] == "building"][["geometry"]]
    write_scene(sc, d)
    paths = []
    for i, (_, _, inv) in enumerate(graded_candidates(buildings, 4100, 5)):
        paths.append(d / f"t{i}.gpkg")
        inv.to_file(paths[-1])
    cands = make_candidates(paths)

    def job(out):
        return AssessJob(d / "image.tif", cands[0].spec, d / out, tile_size=512, overlap=64, batch_size=1,
                         overwrite=True)

    configs = {"assess": lambda: run_assessment(job("assess"), assessor)}
    for n in (1, 2, 3, 5):
        configs[f"rank N={n}"] = lambda n=n: run_rank(RankJob(job(f"rank{n}"), cands[:n]), assessor)
    configs["assess"]()  # warm-up (first-call allocations)
    split = network_split(assessor)
    print(json.dumps(split), flush=True)
    if args.profile:
        profile_rank(configs["rank N=3"], args.profile)
    names = list(configs)
    walls, cpus, loads = ({k: [] for k in names} for _ in range(3))
    for rep in range(args.reps):
        for k in names[rep % len(names):] + names[:rep % len(names)]:
            loads[k].append(os.getloadavg()[0])
            t, c = time.perf_counter(), time.process_time()
            configs[k]()
            walls[k].append(time.perf_counter() - t)
            cpus[k].append(time.process_time() - c)
            print(json.dumps({"rep": rep, "config": k, "wall_s": round(walls[k][-1], 2),
                              "cpu_s": round(cpus[k][-1], 2), "load_avg_1min": round(loads[k][-1], 2)}), flush=True)
    rows = []
    for k in names:
        ratio = statistics.median(w / a for w, a in zip(walls[k], walls["assess"]))
        cpu_ratio = statistics.median(w / a for w, a in zip(cpus[k], cpus["assess"]))
        rows.append({"config": k, "median_wall_s": round(statistics.median(walls[k]), 2),
                     "best_wall_s": round(min(walls[k]), 2), "wall_ratio_to_assess": round(ratio, 3),
                     "median_cpu_s": round(statistics.median(cpus[k]), 2), "cpu_ratio_to_assess": round(cpu_ratio, 3),
                     "load_avg_1min": [round(v, 2) for v in loads[k]]})
    from segassess.core.assess.tiling import plan_tiles

    return {"image_px": args.timing_size, "tiles": len(plan_tiles(args.timing_size, args.timing_size, 512, 64)),
            "threads": args.threads, "reps": args.reps, "precision": assessor.precision_info, "network": split,
            "rows": rows}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", type=int, default=5)
    ap.add_argument("--candidates", type=int, default=8)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--timing-size", type=int, default=768)
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--precision", default="auto", help="of the timed network: auto, fp32, bf16, fp16")
    ap.add_argument("--profile", type=int, default=0, metavar="TOP",
                    help="also print a cProfile of one rank of 3 candidates (TOP entries)")
    ap.add_argument("--skip-quality", action="store_true")
    ap.add_argument("--skip-timing", action="store_true")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    result = {"env": {"python": platform.python_version(), "torch": torch.__version__, "cpu": platform.processor()
                      or platform.machine(), "cores": os.cpu_count(), "threads": args.threads,
                      "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:])}}
    with tempfile.TemporaryDirectory(prefix="segassess_bench_rank_") as tmp:
        if not args.skip_quality:
            result["quality"] = quality(args, Path(tmp))
            q = result["quality"]
            print(json.dumps({k: v for k, v in q.items() if k != "scenes"}), flush=True)
        if not args.skip_timing:
            result["timing"] = timing(args, Path(tmp))
            print(json.dumps(result["timing"]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
