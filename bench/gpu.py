"""GPU benchmark, ready for one short run on a CUDA machine (self-checks on CPU with --dry-run).

    .venv/bin/python bench/gpu.py [--checkpoint best.pkl] [--json gpu.json]        # CUDA, ~5 min on an H100
    .venv/bin/python bench/gpu.py --dry-run                                       # CPU, tiny sizes, every path once

Sections (each prints JSON lines; a failing section is recorded and the others still run):
1. throughput: tiles/s at 512 px for fp32 / fp16 / bf16 x batch 1, 8, 32 through the engine
   (TorchAssessor: the project's placements), eager, then with CUDA graphs (one captured forward
   per batch shape) and torch.compile (inductor, at batch 32) where they help; peak GPU memory
   per setting; argmax agreement with fp32 on the same tiles.
2. golden: argmax agreement of each precision with the official fp32 outputs on the golden inputs,
   on GPU kernels (the CPU-kernel figures are in tests/models/test_precision.py).
3. oom: with the process limited to 1.5x the batch-8 peak memory, a batch of 32 must be halved
   (CUDA OOM -> the engine halves the batch and retries) and give the same maps.
4. onnx: onnxruntime-gpu's TensorRT (fp16) and CUDA providers, when installed: tiles/s and agreement.
5. e2e: a whole 8192x8192 assessment (bench/pipeline.py's generated input) at the fastest setting;
   model-only / end-to-end of the tiled part must be >= 0.85 (the model is never starved).
Self-checks (exit status 1 when one fails): agreement >= 99.5 % (golden) for every precision, OOM
halving happened and changed nothing, e2e ratio >= 0.85.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

import numpy as np
import torch

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "bench"), str(REPO / "tests")]
from model import checkpoint_or_reference, _inputs  # noqa: E402
from overlap import run_e2e  # noqa: E402
from pipeline import make_inputs  # noqa: E402

PRECISIONS = ("fp32", "fp16", "bf16")
RESULTS: dict = {"checks": {}}


def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _peak_reset(device):
    if device.type == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(device)


def _peak_mb(device):
    return round(torch.cuda.max_memory_allocated(device) / 2**20) if device.type == "cuda" else None


def _forward(assessor):
    """The engine's forward on device tensors (no host copies): logits (B,4,T,T)."""
    from segassess.models.precision import numerics

    def run(x, m):
        with torch.inference_mode(), numerics(assessor.model, assessor.choice, assessor.device):
            return assessor.model(x, m)[0][3]
    return run


def _graphed(fn, x, m):
    """CUDA graph of fn for these static input shapes: replay copies new inputs in place."""
    sx, sm = x.clone(), m.clone()
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(3):
            fn(sx, sm)
    torch.cuda.current_stream().wait_stream(s)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        out = fn(sx, sm)

    def run(x2, m2):
        sx.copy_(x2)
        sm.copy_(m2)
        g.replay()
        return out
    return run


def _time(fn, x, m, device, iters):
    fn(x, m)
    _sync(device)
    times = []
    for _ in range(iters):
        t = time.perf_counter()
        fn(x, m)
        _sync(device)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def throughput(model, device, tile, batches, iters, modes, compile_batches=(32,)) -> list:
    from segassess.models.engines import TorchAssessor

    rows, ref = [], {}
    for b in batches:
        img, msk = _inputs(b, tile)
        x, m = torch.from_numpy(img).to(device), torch.from_numpy(msk).to(device)
        for p in PRECISIONS:
            a = TorchAssessor(model, tile, str(device), batch_size=b, precision=p)
            base = _forward(a)
            for mode in modes:
                if mode == "compile" and b not in compile_batches:
                    continue  # compiling takes a minute or more per shape: only where throughput matters
                row = {"section": "throughput", "precision": p, "batch": b, "mode": mode}
                try:
                    _peak_reset(device)
                    fn = base
                    if mode == "cuda-graph":
                        fn = _graphed(base, x, m)
                    elif mode == "compile":
                        fn = torch.compile(base)
                    s = _time(fn, x, m, device, iters)
                    out = fn(x, m).float().argmax(1)
                    if p == "fp32" and mode == "eager":
                        ref[b] = out
                    row.update(tiles_per_s=round(b / s, 2), s_per_batch=round(s, 4), peak_mb=_peak_mb(device),
                               agreement_vs_fp32=round(100 * float((out == ref[b]).float().mean()), 3))
                except Exception as exc:  # a mode that does not work here is recorded, not fatal
                    row["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"
                rows.append(row)
                print(json.dumps(row), flush=True)
    return rows


def golden(ckpt, device) -> dict:
    from model_fixtures import golden as load_golden, golden_inputs
    from segassess.models.checkpoint import load_segassess
    from segassess.models.engines import TorchAssessor

    out = {}
    for name in ("golden_random128", "golden_aerial256"):
        g = load_golden(name)
        model = load_segassess(ckpt, int(g["tile_size"]), str(device))
        img, msk = (t.numpy() for t in golden_inputs(g))
        for p in PRECISIONS:
            logits = TorchAssessor(model, device=str(device), precision=p).logits(img, msk)[0]
            out[f"{name}:{p}"] = round(100 * float((logits.argmax(0) == g["final_logits"].argmax(0)).mean()), 3)
        del model
    print(json.dumps({"section": "golden", **out}), flush=True)
    RESULTS["checks"]["golden_agreement_ge_99.5"] = all(v >= 99.5 for v in out.values())
    return out


def oom(model, device, tile) -> dict:
    """Limit the process's GPU memory so a batch of 32 does not fit: the engine must halve and retry."""
    from segassess.models.engines import TorchAssessor

    if device.type != "cuda":
        row = {"section": "oom", "skipped": "needs CUDA (the halving logic is tested on CPU in "
                                            "tests/models/test_model_engines.py)"}
        print(json.dumps(row), flush=True)
        return row
    img, msk = _inputs(32, tile)
    a8 = TorchAssessor(model, tile, str(device), batch_size=8, precision="fp16")
    _peak_reset(device)
    ref = a8.logits(img, msk).argmax(1)
    peak8 = torch.cuda.max_memory_allocated(device)
    total = torch.cuda.get_device_properties(device).total_memory
    torch.cuda.set_per_process_memory_fraction(min(1.0, 1.5 * peak8 / total), device)
    try:
        a32 = TorchAssessor(model, tile, str(device), batch_size=32, precision="fp16")
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            got = a32.logits(img, msk).argmax(1)
    finally:
        torch.cuda.set_per_process_memory_fraction(1.0, device)
        torch.cuda.empty_cache()
    msgs = [str(w.message) for w in rec if "out of memory" in str(w.message)]
    row = {"section": "oom", "limit_mb": round(1.5 * peak8 / 2**20), "final_batch": a32.batch_size,
           "warnings": msgs, "same_maps": bool((got == ref).all()), "fell_back_to_cpu": a32.fell_back_to_cpu}
    RESULTS["checks"]["oom_halved"] = bool(msgs) and a32.batch_size < 32 and not a32.fell_back_to_cpu
    RESULTS["checks"]["oom_same_maps"] = row["same_maps"]
    print(json.dumps(row), flush=True)
    return row


def onnx_providers(model, device, tile, tmp: Path, batches) -> list:
    import onnxruntime as ort

    from segassess.models.engines import OnnxAssessor, TorchAssessor
    from segassess.models.export import export_onnx

    avail = ort.get_available_providers()
    wanted = [p for p in ("TensorrtExecutionProvider", "CUDAExecutionProvider") if p in avail]
    if not wanted:
        row = {"section": "onnx", "skipped": f"onnxruntime has no GPU provider here (available: {avail})"}
        print(json.dumps(row), flush=True)
        return [row]
    path = export_onnx(model.cpu(), tile, tmp / f"base_{tile}.onnx")
    model.to(device)
    rows = []
    for prov in wanted:
        opts = {"trt_fp16_enable": True, "trt_engine_cache_enable": True,
                "trt_engine_cache_path": str(tmp)} if prov.startswith("Tensorrt") else {}
        try:
            sess = ort.InferenceSession(str(path), providers=[(prov, opts), "CPUExecutionProvider"])
        except Exception as exc:
            rows.append({"section": "onnx", "provider": prov, "error": str(exc).splitlines()[0][:160]})
            continue
        for b in batches:
            img, msk = _inputs(b, tile)
            ref = TorchAssessor(model, tile, str(device), batch_size=b, precision="fp32").logits(img, msk).argmax(1)
            a = OnnxAssessor(path, tile, "cuda", batch_size=b, session=sess)
            a.logits(img, msk)
            t = time.perf_counter()
            out = a.logits(img, msk)
            s = time.perf_counter() - t
            rows.append({"section": "onnx", "provider": prov, "batch": b, "tiles_per_s": round(b / s, 2),
                         "agreement_vs_torch_fp32": round(100 * float((out.argmax(1) == ref).mean()), 3),
                         "providers_used": sess.get_providers()})
            print(json.dumps(rows[-1]), flush=True)
    return rows


def e2e(ckpt, device, size, tile, batch, precision, tmp: Path) -> dict:
    from segassess.models.engines import make_assessor

    image, vector = make_inputs(size, tmp / "inputs")
    assessor = make_assessor(ckpt, tile_size=tile, device=str(device), batch_size=batch, precision=precision)
    row = {"section": "e2e", "size": size,
           **run_e2e(image, vector, tmp / "e2e", assessor, tile, batch, True, overlap=min(64, tile // 4))}
    row["model_over_tiled"] = round(row["model_s"] / row["tiled_s"], 3)
    if device.type == "cuda":  # on a CPU dry run (64 px tiles) the figure means nothing
        RESULTS["checks"]["e2e_model_over_tiled_ge_0.85"] = row["model_over_tiled"] >= 0.85
    print(json.dumps(row), flush=True)
    return row


def _section(name, fn, *args):
    try:
        RESULTS[name] = fn(*args)
    except Exception:
        RESULTS[name] = {"error": traceback.format_exc(limit=3)}
        RESULTS["checks"][f"{name}_ran"] = False
        print(json.dumps({"section": name, "error": RESULTS[name]["error"]}), flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", help="weights (default: the seeded reference checkpoint in a temp dir)")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--dry-run", action="store_true", help="CPU, 64 px tiles, batches 1 and 2, a 256 px e2e image")
    ap.add_argument("--modes", nargs="+", default=["eager", "cuda-graph", "compile"])
    ap.add_argument("--compile-batches", type=int, nargs="+", default=[32])
    ap.add_argument("--batches", type=int, nargs="+", default=[1, 8, 32])
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--e2e-size", default="8192")
    ap.add_argument("--e2e-batch", type=int, default=32)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    tile, modes = 512, args.modes
    if args.dry_run:
        args.device, tile, args.batches, args.iters, args.e2e_size, args.e2e_batch = "cpu", 64, [1, 2], 1, "256", 2
        modes = ["eager"]
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit("bench/gpu.py: no CUDA device here; use --dry-run to check the script on CPU")
    env = {"torch": torch.__version__, "device": torch.cuda.get_device_name(device) if device.type == "cuda"
           else "cpu (dry run)", "cuda": torch.version.cuda, "tile": tile}
    print(json.dumps(env), flush=True)
    RESULTS["env"] = env
    tmp = Path(tempfile.mkdtemp(prefix="segassess_bench_gpu_"))
    try:
        ckpt = checkpoint_or_reference(args.checkpoint, tmp)
        from segassess.models.checkpoint import load_segassess

        model = load_segassess(ckpt, tile, str(device))
        _section("throughput", throughput, model, device, tile, args.batches, args.iters, modes, args.compile_batches)
        _section("golden", golden, ckpt, device)
        _section("oom", oom, model, device, tile)
        _section("onnx", onnx_providers, model, device, tile, tmp, args.batches)
        del model
        best = _fastest(RESULTS.get("throughput"))
        _section("e2e", e2e, ckpt, device, args.e2e_size, tile, args.e2e_batch, best, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps({"checks": RESULTS["checks"]}), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(RESULTS, indent=2, default=str))
    return 0 if all(RESULTS["checks"].values()) else 1


def _fastest(rows) -> str:
    """The eager precision with the best tiles/s at the largest batch (what `auto` should be on this GPU)."""
    ok = [r for r in rows or [] if r.get("mode") == "eager" and "tiles_per_s" in r]
    if not ok:
        return "auto"
    top = max(r["batch"] for r in ok)
    return max((r for r in ok if r["batch"] == top), key=lambda r: r["tiles_per_s"])["precision"]


if __name__ == "__main__":
    sys.exit(main())
