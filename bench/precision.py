"""Precision benchmark: seconds per tile and argmax agreement of each `--precision` setting, and of
the alternatives explored for it (oneDNN implicit bf16, whole-network autocast, int8, channels-last,
ONNX Runtime fp32/int8, torch.compile), SegAssess-Base on CPU.

    .venv/bin/python bench/precision.py [--tiles 512 256] [--batches 1 4] [--threads 2] [--reps 5]
                                        [--explore] [--compile] [--no-agreement] [--json out.json]

Speed: every setting of one (tile, batch) runs in the same process, one warm-up call each, then the
settings alternate call by call (A B C A B C ...), `reps` rounds; median and best seconds per tile;
the speed-up is fp32's median over the setting's median (same run). The 1-minute load average before
and after is printed: on a shared machine, compare ratios of one run, not figures of different runs.
Agreement: argmax agreement of `final` with the official fp32 outputs on the golden inputs
(../shared/reference, seeded reference checkpoint) and, for the offered settings, with fp32 on the
demo model's generated scene (`segassess demo`: seed 7, 768 px, tile 256).
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "bench"), str(REPO / "tests")]
from model import checkpoint_or_reference, _inputs, _interleaved  # noqa: E402  (bench/model.py)

PRODUCT = ("fp32", "bf16", "fp16", "auto")
EXPLORED = ("bf16-onednn-implicit", "bf16-autocast-all", "bf16-encoder-only", "int8-dynamic-encoder",
            "fp32-channels-last", "onnx-fp32", "onnx-int8")


@contextlib.contextmanager
def _onednn_bf16():
    """oneDNN's implicit bf16 math for fp32 matmuls and convolutions (fpmath mode), process-wide."""
    old = torch.backends.mkldnn.matmul.fp32_precision, torch.backends.mkldnn.conv.fp32_precision
    torch.backends.mkldnn.matmul.fp32_precision = torch.backends.mkldnn.conv.fp32_precision = "bf16"
    try:
        yield
    finally:
        torch.backends.mkldnn.matmul.fp32_precision, torch.backends.mkldnn.conv.fp32_precision = old


def _in_context(assessor, ctx):
    def run(img, mask):
        with ctx():
            return assessor.logits(img, mask)
    return run


def _bf16_parts_copy(model, parts):
    """A copy of the model whose `parts` (callable: model -> modules) run under the bf16 hooks."""
    from segassess.models import precision

    m = copy.deepcopy(model)
    for part_module in parts(m):
        part = precision._Bf16Part(part_module)
        part_module.register_forward_pre_hook(part.enter)
        part_module.register_forward_hook(part.leave)
    m._segassess_precision_hooks = True  # these parts only (install() adds no others)
    return m


def _compiled_bf16(model, tile):
    """torch.compile (inductor) of a copy with the bf16 parts' weights in bf16 under autocast."""
    from segassess.models.precision import bf16_modules

    m = copy.deepcopy(model)
    for part in bf16_modules(m):
        for sub in part.modules():
            if isinstance(sub, (torch.nn.Linear, torch.nn.Conv2d, torch.nn.ConvTranspose2d)):
                sub.to(torch.bfloat16)
        forward = part.forward

        def run(*a, _f=forward, **k):
            with torch.autocast("cpu", dtype=torch.bfloat16):
                out = _f(*a, **k)
            return out.float() if isinstance(out, torch.Tensor) else out
        part.forward = run
    compiled = torch.compile(m)
    x, mask = _inputs(1, tile)
    t = time.perf_counter()
    with torch.inference_mode():
        compiled(torch.from_numpy(x), torch.from_numpy(mask))
    print(json.dumps({"compile_s": round(time.perf_counter() - t, 1), "tile": tile}), flush=True)

    def logits(img, msk):
        with torch.inference_mode():
            out = [compiled(torch.from_numpy(img[i:i + 1]), torch.from_numpy(msk[i:i + 1]))[0][3]
                   for i in range(len(img))]
        return torch.cat(out).float().numpy()
    return logits


def _onnx_runner(setting, model, tile, tmp: Path, threads: int):
    from segassess.models.engines import OnnxAssessor
    from segassess.models.export import export_onnx

    path = tmp / f"base_{tile}.onnx"
    if not path.is_file():
        export_onnx(model, tile, path)
    if setting == "onnx-int8":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        q = tmp / f"base_{tile}_int8.onnx"
        if not q.is_file():
            quantize_dynamic(str(path), str(q), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gemm"])
        path = q
    return OnnxAssessor(path, tile, "cpu", threads=threads).logits


def make_runner(setting, model, tile, tmp: Path, threads: int):
    """setting -> logits(img, mask) (B,4,T,T) for the CPU."""
    from segassess.models.engines import TorchAssessor

    if setting in PRODUCT:
        return TorchAssessor(model, tile, "cpu", precision=setting).logits
    if setting == "bf16-onednn-implicit":
        return _in_context(TorchAssessor(model, tile, "cpu", precision="fp32"), _onednn_bf16)
    if setting == "bf16-autocast-all":
        return _in_context(TorchAssessor(model, tile, "cpu", precision="fp32"),
                           lambda: torch.autocast("cpu", dtype=torch.bfloat16))
    if setting == "bf16-encoder-only":
        m = _bf16_parts_copy(model, lambda mm: list(mm.sam.image_encoder.blocks))
        return TorchAssessor(m, tile, "cpu", precision="bf16").logits
    if setting == "int8-dynamic-encoder":
        from torch.ao.quantization import quantize_dynamic

        m = copy.deepcopy(model)
        blocks = m.sam.image_encoder.blocks
        for i in range(len(blocks)):
            blocks[i] = quantize_dynamic(blocks[i], {torch.nn.Linear}, dtype=torch.qint8)
        return TorchAssessor(m, tile, "cpu", precision="fp32").logits
    if setting == "fp32-channels-last":
        m = copy.deepcopy(model).to(memory_format=torch.channels_last)

        def run(img, mask):
            with torch.inference_mode():
                x = torch.from_numpy(img).contiguous(memory_format=torch.channels_last)
                return m(x, torch.from_numpy(mask))[0][3].float().numpy()
        return run
    if setting in ("onnx-fp32", "onnx-int8"):
        return _onnx_runner(setting, model, tile, tmp, threads)
    if setting == "bf16+compile":
        return _compiled_bf16(model, tile)
    raise ValueError(setting)


def golden_agreement(settings, ckpt, tmp: Path, threads: int) -> dict:
    from model_fixtures import golden, golden_inputs
    from segassess.models.checkpoint import load_segassess

    out = {s: {} for s in settings}
    for name in ("golden_random128", "golden_aerial256"):
        g = golden(name)
        tile = int(g["tile_size"])
        model = load_segassess(ckpt, tile, "cpu")
        img, msk = (t.numpy() for t in golden_inputs(g))
        for s in settings:
            logits = make_runner(s, model, tile, tmp, threads)(img, msk)[0]
            out[s][name] = round(100 * float((logits.argmax(0) == g["final_logits"].argmax(0)).mean()), 3)
        del model
    return out


def demo_agreement(settings, tmp: Path) -> dict:
    """Quality-map agreement with fp32 on the `segassess demo` scene, through the whole pipeline."""
    import rasterio
    from dataclasses import replace

    from segassess.core.assess.job import AnnotationSpec, AssessJob
    from segassess.core.assess.pipeline import run_assessment
    from segassess.core.synthetic.error_sim import simulate_inventory
    from segassess.core.synthetic.scene import generate_scene, write_scene
    from segassess.models.engines import make_assessor
    from segassess.models.registry import demo_model_path

    scene = generate_scene(7, size=768)
    buildings = scene.truth[scene.truth["class"] == "building"].reset_index(drop=True)
    paths = write_scene(replace(scene, truth=buildings), tmp / "demo_scene", simulate_inventory(buildings, 7))
    maps = {}
    for s in ("fp32",) + tuple(s for s in settings if s != "fp32"):
        a = make_assessor(demo_model_path(), tile_size=256, batch_size=4, precision=s)
        res = run_assessment(AssessJob(paths["image"], AnnotationSpec(paths["inventory"]), tmp / f"demo_{s}",
                                       tile_size=256, overlap=32), a)
        with rasterio.open(res.quality) as ds:
            maps[s] = ds.read(1)
    return {s: round(100 * float((maps[s] == maps["fp32"]).mean()), 3) for s in settings}


def _cpu_name() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def speed_rows(settings, ckpt, tiles, batches, reps, tmp: Path, threads: int) -> list:
    from segassess.models.checkpoint import load_segassess

    rows = []
    for tile in tiles:
        model = load_segassess(ckpt, tile, "cpu")
        runners = {s: make_runner(s, model, tile, tmp, threads) for s in settings}
        for b in batches:
            img, mask = _inputs(b, tile)
            load0 = os.getloadavg()[0]
            timing = _interleaved({s: (lambda r=r: r(img, mask)) for s, r in runners.items()}, reps)
            load1 = os.getloadavg()[0]
            base = timing["fp32"][0] if "fp32" in timing else None
            for s, (median, best, cpu) in timing.items():
                rows.append({"setting": s, "tile": tile, "batch": b, "s_per_tile": round(median / b, 3),
                             "best_s_per_tile": round(best / b, 3), "cpu_s_per_tile": round(cpu / b, 3),
                             "speedup_vs_fp32": round(base / median, 2) if base else None,
                             "load_avg_1min": [round(load0, 2), round(load1, 2)]})
                print(json.dumps(rows[-1]), flush=True)
        del runners, model
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", help="weights file (default: the seeded reference checkpoint in a temp dir)")
    ap.add_argument("--tiles", type=int, nargs="+", default=[512])
    ap.add_argument("--batches", type=int, nargs="+", default=[1])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--settings", nargs="+", default=list(PRODUCT), help=f"of {PRODUCT + EXPLORED}")
    ap.add_argument("--explore", action="store_true", help="also time and check the explored alternatives")
    ap.add_argument("--compile", action="store_true", help="also bf16 + torch.compile (minutes of compiling)")
    ap.add_argument("--no-agreement", action="store_true")
    ap.add_argument("--json", help="also write the results as JSON here")
    args = ap.parse_args(argv)
    settings = list(args.settings) + (list(EXPLORED) if args.explore else []) + (["bf16+compile"] if args.compile else [])
    torch.set_num_threads(args.threads)
    from segassess.models.precision import choose, cpu_has_fast_bf16

    env = {"cpu": _cpu_name(), "fast_bf16": cpu_has_fast_bf16(), "auto_on_cpu": choose("auto", torch.device("cpu")).name,
           "threads": args.threads, "torch": torch.__version__, "python": platform.python_version(),
           "load_avg_start": os.getloadavg()}
    print(json.dumps(env), flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="segassess_bench_precision_"))
    try:
        ckpt = checkpoint_or_reference(args.checkpoint, tmp)
        rows = speed_rows(settings, ckpt, args.tiles, args.batches, args.reps, tmp, args.threads)
        checked = [s for s in settings if s != "bf16+compile"]  # compiling at two more tile sizes: minutes
        agreement = {} if args.no_agreement else golden_agreement(checked, ckpt, tmp, args.threads)
        demo = {} if args.no_agreement else demo_agreement([s for s in settings if s in PRODUCT], tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    env["load_avg_end"] = os.getloadavg()
    print("| setting | tile | batch | s/tile (median) | s/tile (best) | speed-up vs fp32 | golden 128 / 256 agreement % "
          "| demo scene agreement % | load avg |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        g = agreement.get(r["setting"], {})
        print(f"| {r['setting']} | {r['tile']} | {r['batch']} | {r['s_per_tile']} | {r['best_s_per_tile']} | "
              f"{r['speedup_vs_fp32']}x | {g.get('golden_random128', '-')} / {g.get('golden_aerial256', '-')} | "
              f"{demo.get(r['setting'], '-')} | {r['load_avg_1min'][0]}-{r['load_avg_1min'][1]} |")
    print(json.dumps(env))
    if args.json:
        Path(args.json).write_text(json.dumps({"env": env, "rows": rows, "golden": agreement, "demo": demo}, indent=2))


if __name__ == "__main__":
    main()
