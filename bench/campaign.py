"""Campaign benchmark: sheets per minute with 1 and 2 Dask workers for a fixed sheet size,
and the scheduling overhead per sheet.

    .venv/bin/python bench/campaign.py [--sheets 12] [--size 512] [--workers 1 2]
                                       [--assessor network|reference] [--out bench/out/campaign]

Sheets are generated (core.synthetic.scene.write_sheet_grid: one GeoTIFF per sheet, one inventory
layer over all). Each configuration runs a fresh campaign into its own folder, through
`campaign.run_campaign` as `segassess batch` does, with a LocalCluster sized by --workers
(torch threads per worker = cores / workers). Figures:

- sheets/min = sheets / campaign wall time (cluster start, fingerprints and report included);
- compute = sum of the per-sheet run times measured inside the workers (run_assessment);
- overhead per sheet = (wall x workers - compute) / sheets: worker time not spent assessing
  a sheet (cluster start-up, model load, scheduling, manifest, report), spread over the
  sheets; with 1 worker this is exactly (wall - compute) / sheets;
- startup = time to the campaign's first event (fingerprints + LocalCluster start),
  report = time from the last sheet to the end (cluster shutdown + report writing);
- dispatch overhead per sheet = ((wall - startup - report) x workers - compute) / sheets:
  what Dask scheduling, result transfer, the manifest and a worker's first model load cost
  per sheet once the cluster is up.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(config: dict, sheets, out: Path) -> dict:
    from segassess.cli.campaign import CampaignSettings, run_campaign
    from segassess.models.registry import demo_model_path

    shutil.rmtree(out, ignore_errors=True)
    stamps = []
    network = config["assessor"] == "network"
    settings = CampaignSettings(out_dir=out, assessor=config["assessor"], model=demo_model_path() if network else None,
                                tile_size=256, overlap=64, workers=config["workers"])
    t0 = time.perf_counter()
    result = run_campaign(sheets, settings, on_event=lambda e: stamps.append((time.perf_counter() - t0, e)))
    wall = time.perf_counter() - t0
    compute = sum(r["runtime_s"] for r in result.records)
    sheet_times = [t for t, e in stamps if e["event"] == "sheet"]
    n = len(result.records)
    return {**config, "sheets": n, "done": result.done, "wall_s": round(wall, 2),
            "sheets_per_min": round(60 * n / wall, 1), "compute_s": round(compute, 2),
            "compute_per_sheet_s": round(compute / n, 3),
            "overhead_per_sheet_s": round((wall * config["workers"] - compute) / n, 3),
            "startup_s": round(stamps[0][0], 2), "report_s": round(wall - sheet_times[-1], 2),
            "dispatch_overhead_per_sheet_s": round(((sheet_times[-1] - stamps[0][0]) * config["workers"] - compute) / n,
                                                   3)}


def worker_memory(batch: int = 4, tile: int = 512) -> dict:
    """Peak RSS of a process holding the base model and assessing one batch on CPU: the basis of
    campaign.WORKER_MEMORY_GB (plus the pipeline's own 0.3-0.5 GB, see the pipeline benchmark)."""
    import resource

    import numpy as np
    import torch

    from segassess.models.engines import TorchAssessor
    from segassess.models.network import build_model

    torch.set_num_threads(1)
    assessor = TorchAssessor(build_model("base", tile_size=tile), tile, "cpu", batch_size=batch)
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    assessor.assess(rng.random((batch, 3, tile, tile), np.float32),
                    (rng.random((batch, 1, tile, tile)) > 0.5).astype(np.float32))
    return {"model": "base", "batch": batch, "tile": tile, "seconds": round(time.perf_counter() - t0, 2),
            "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2, 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sheets", type=int, default=12)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--assessor", nargs="+", default=["network", "reference"])
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "campaign")
    ap.add_argument("--worker-memory", action="store_true",
                    help="only measure the peak RSS of a base-model worker (batch 4 x 512 px, CPU)")
    args = ap.parse_args(argv)
    if args.worker_memory:
        print(json.dumps(worker_memory()))
        return 0

    from segassess.core.assess.job import AnnotationSpec
    from segassess.core.synthetic.scene import write_sheet_grid
    from segassess.core.campaign.sheets import discover_sheets

    data = args.out / f"sheets_{args.sheets}x{args.size}"
    if not (data / "inventory.gpkg").exists():
        write_sheet_grid(data, n=args.sheets, size=args.size, cols=4)
    sheets = discover_sheets(data / "sheets", AnnotationSpec(data / "inventory.gpkg"), AnnotationSpec(data / "truth.gpkg"))
    rows = []
    for assessor in args.assessor:
        for workers in args.workers:
            row = run({"assessor": assessor, "workers": workers}, sheets, args.out / f"run_{assessor}_{workers}")
            rows.append(row)
            print(json.dumps(row), flush=True)
    info = {"cores": len(os.sched_getaffinity(0)), "python": sys.version.split()[0], "size_px": args.size}
    (args.out / "results.json").write_text(json.dumps({"machine": info, "runs": rows}, indent=2))
    print("| assessor | workers | sheets | wall s | sheets/min | compute s/sheet | overhead s/sheet | startup s | report s "
          "| dispatch overhead s/sheet |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['assessor']} | {r['workers']} | {r['sheets']} | {r['wall_s']} | {r['sheets_per_min']} | "
              f"{r['compute_per_sheet_s']} | {r['overhead_per_sheet_s']} | {r['startup_s']} | {r['report_s']} | "
              f"{r['dispatch_overhead_per_sheet_s']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
