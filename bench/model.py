"""Model benchmark: SegAssess-Base throughput on CPU, PyTorch eager fp32 vs ONNX Runtime.

    .venv/bin/python bench/model.py [--checkpoint best.pkl] [--tiles 512 320] [--batches 1 2 4]
                                    [--threads 2] [--reps 3] [--json out.json]

Without --checkpoint the seeded reference checkpoint (../shared/tools/
make_reference_checkpoint.py) is written to a temp dir: timings do not depend on
the weight values. Each configuration gets one warm-up call, then `reps` timed calls per engine, the
engines alternating call by call (fair on a shared machine); figures: median and best. s/megapixel = seconds per tile / (T*T / 1e6).
Reference: the paper implies ~2.4 s per 512 px tile on 2 CPU threads, fp32.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

REPO = Path(__file__).resolve().parents[1]
MAKE_CKPT = REPO.parent / "shared" / "tools" / "make_reference_checkpoint.py"


def checkpoint_or_reference(given, tmp: Path) -> Path:
    """The weights file given, or the seeded reference checkpoint (released layout) made in `tmp`."""
    if given:
        return Path(given)
    ckpt = tmp / "ck.pth"
    subprocess.run([sys.executable, str(MAKE_CKPT), str(ckpt)], check=True, capture_output=True)
    return ckpt


def _interleaved(fns: dict, reps: int) -> dict:
    """Time several engines call by call in alternation (A B A B ...), so that load from other
    processes on a shared machine hits all of them alike; returns (median wall s, best wall s, median process-CPU s)
    per call; on an idle machine wall ~= CPU / threads."""
    for fn in fns.values():
        fn()  # warm-up
    walls = {k: [] for k in fns}
    cpus = {k: [] for k in fns}
    for _ in range(reps):
        for k, fn in fns.items():
            t, c = time.perf_counter(), time.process_time()
            fn()
            walls[k].append(time.perf_counter() - t)
            cpus[k].append(time.process_time() - c)
    return {k: (statistics.median(walls[k]), min(walls[k]), statistics.median(cpus[k])) for k in fns}


def _inputs(batch: int, tile: int):
    rng = np.random.default_rng(0)
    img = rng.random((batch, 3, tile, tile), dtype=np.float32)
    yy, xx = np.mgrid[:tile, :tile]
    mask = ((yy - tile / 2) ** 2 + (xx - tile / 2) ** 2 < (tile / 3) ** 2).astype(np.float32)
    return img, np.broadcast_to(mask, (batch, 1, tile, tile)).copy()


def _row(engine, tile, batch, timing):
    wall, best, cpu = timing
    per_tile = wall / batch
    return {"engine": engine, "tile": tile, "batch": batch, "s_per_tile": round(per_tile, 3),
            "tiles_per_s": round(1.0 / per_tile, 3), "s_per_megapixel": round(per_tile / (tile * tile / 1e6), 2),
            "best_s_per_tile": round(best / batch, 3), "cpu_s_per_tile": round(cpu / batch, 3),
            "load_avg_1min": round(os.getloadavg()[0], 2)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", help="weights file (default: the seeded reference checkpoint in a temp dir)")
    ap.add_argument("--tiles", type=int, nargs="+", default=[512, 320])
    ap.add_argument("--batches", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--engines", nargs="+", default=["torch", "onnx"])
    ap.add_argument("--json", help="also write the rows as JSON here")
    args = ap.parse_args(argv)

    from segassess.models.checkpoint import load_segassess
    from segassess.models.engines import OnnxAssessor, TorchAssessor
    from segassess.models.export import check_parity, export_onnx

    torch.set_num_threads(args.threads)
    tmp = Path(tempfile.mkdtemp(prefix="segassess_bench_"))
    rows = []
    try:
        ckpt = checkpoint_or_reference(args.checkpoint, tmp)
        for tile in args.tiles:
            model = load_segassess(ckpt, tile, "cpu")
            runners = {}
            if "torch" in args.engines:
                runners["torch-fp32"] = TorchAssessor(model, tile, "cpu")
            extra = {}
            if "onnx" in args.engines:
                t0 = time.perf_counter()
                onnx_path = export_onnx(model, tile, tmp / f"base_{tile}.onnx")
                export_s = time.perf_counter() - t0
                par = check_parity(model, onnx_path, tile, batch=1, threads=args.threads)
                runners["onnxruntime-cpu-fp32"] = OnnxAssessor(onnx_path, tile, "cpu", threads=args.threads)
                extra["onnxruntime-cpu-fp32"] = {"export_s": round(export_s, 1),
                                                 "parity_rel_diff": float(f"{par['rel_diff']:.2e}"),
                                                 "parity_argmax": par["argmax_agreement"]}
            for b in args.batches:
                img, mask = _inputs(b, tile)
                for r in runners.values():
                    r.batch_size = b
                timings = _interleaved({k: (lambda r=r: r.logits(img, mask)) for k, r in runners.items()}, args.reps)
                for name, t in timings.items():
                    rows.append({**_row(name, tile, b, t), **extra.get(name, {})})
                    print(json.dumps(rows[-1]), flush=True)
            del runners, model
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    import onnxruntime

    env = {"python": platform.python_version(), "torch": torch.__version__, "onnxruntime": onnxruntime.__version__,
           "threads": args.threads, "cpu": platform.processor() or platform.machine(),
           "cuda": torch.cuda.is_available()}
    print(json.dumps(env))
    if args.json:
        Path(args.json).write_text(json.dumps({"env": env, "rows": rows}, indent=2))
    return rows


if __name__ == "__main__":
    main()
