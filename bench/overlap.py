"""Pipeline overlap: end-to-end time over model-only time of a whole assessment, SegAssess-Base.

    .venv/bin/python bench/overlap.py [--size 4096] [--precision auto] [--batch 1] [--threads 2]
                                      [--modes threaded sequential] [--device cpu] [--json out.json]

The input is bench/pipeline.py's generated image (random uint8 RGB, 0.5 m, one 10x8 m building
per 40x40 m cell). Each mode runs the whole `run_assessment` once: `threaded` reads and prepares the
next tiles and stitches/writes finished rows in worker threads while the model computes (the
default), `sequential` does everything on one thread (AssessJob.threaded=False).
model-only = the time the model stage spent computing (summary.pipeline.model_s, measured on its
own thread around each batch). Figures: total / model-only (the whole run: inputs, tiles,
polygons, scores, outputs), tiled / model-only (the tiled part only: read -> model -> write), and
how long the model waited for the reader or the writer.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from model import checkpoint_or_reference  # noqa: E402
from pipeline import make_inputs  # noqa: E402


def run_e2e(image, vector, out_dir: Path, assessor, tile: int, batch: int, threaded: bool, overlap: int = 64) -> dict:
    """One whole assessment; returns its timing figures."""
    from segassess.core.assess.job import AnnotationSpec, AssessJob
    from segassess.core.assess.pipeline import run_assessment

    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    res = run_assessment(AssessJob(image, AnnotationSpec(vector), out_dir, tile_size=tile, overlap=overlap,
                                   batch_size=batch, threaded=threaded, overwrite=True), assessor)
    wall = time.perf_counter() - t0
    s = res.summary_data
    p, timing = s["pipeline"], s["timing_s"]
    model_s = p["model_s"]
    return {"mode": "threaded" if threaded else "sequential", "tiles": s["tiles"]["planned"], "batch": batch,
            "total_s": round(wall, 2), "tiled_s": p["tiles_wall_s"], "model_s": model_s,
            "total_over_model": round(wall / model_s, 3), "tiled_over_model": round(p["tiles_wall_s"] / model_s, 3),
            "model_waited_for_input_s": p["model_waited_for_input_s"],
            "model_waited_for_output_s": p["model_waited_for_output_s"],
            "after_tiles_s": round(sum(timing.get(k, 0) for k in ("polygonize", "scores")), 2),
            "precision": (s.get("precision") or {}).get("name"), "stages_s": timing, "load_avg_1min": [round(load0, 2),
                                                                                   round(os.getloadavg()[0], 2)]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", help="weights (default: the seeded reference checkpoint in a temp dir)")
    ap.add_argument("--size", default="4096")
    ap.add_argument("--tile", type=int, default=512)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--precision", default="auto")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--modes", nargs="+", default=["threaded", "sequential"])
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    from segassess.models.engines import make_assessor

    tmp = Path(tempfile.mkdtemp(prefix="segassess_bench_overlap_"))
    rows = []
    try:
        ckpt = checkpoint_or_reference(args.checkpoint, tmp)
        image, vector = make_inputs(args.size, tmp / "inputs")
        assessor = make_assessor(ckpt, tile_size=args.tile, device=args.device, batch_size=args.batch,
                                 precision=args.precision)
        for mode in args.modes:
            rows.append(run_e2e(image, vector, tmp / mode, assessor, args.tile, args.batch, mode == "threaded"))
            print(json.dumps(rows[-1]), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("| mode | tiles | precision | total s | tiled s | model-only s | total / model | tiled / model | "
          "model waited for reader / writer s | polygons + scores s | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['mode']} | {r['tiles']} | {r['precision']} | {r['total_s']} | {r['tiled_s']} | {r['model_s']} | "
              f"{r['total_over_model']} | {r['tiled_over_model']} | {r['model_waited_for_input_s']} / "
              f"{r['model_waited_for_output_s']} | {r['after_tiles_s']} | {r['load_avg_1min'][0]}-"
              f"{r['load_avg_1min'][1]} |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return rows


if __name__ == "__main__":
    main()
