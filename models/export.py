"""Export SegAssess to ONNX (fixed tile size, dynamic batch) and check it against torch.

ONNX Runtime is faster than eager PyTorch on CPU and gives TensorRT/CUDA on GPUs
without a torch install; the export is a pure function of (weights, tile size).
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Optional

import numpy as np
import torch

from ..core.common import strict_json
from ..core.common.errors import InputError
from ..core.common.files import atomic_write
from .checkpoint import check_tile_size, load_segassess
from .network import FinalLogits, SegAssess


def _as_model(checkpoint, tile_size: int, config=None) -> SegAssess:
    if isinstance(checkpoint, SegAssess):
        if checkpoint.tile_size != tile_size:
            raise InputError(f"model was built for {checkpoint.tile_size} px tiles, not {tile_size}")
        return checkpoint.eval()
    return load_segassess(checkpoint, tile_size, "cpu", config=config)


def export_onnx(checkpoint, tile_size: int, out, opset: int = 17, with_edge: bool = False, config=None) -> Path:
    """Write `out` (.onnx): inputs image (B,3,T,T) float32 in [0,1], mask (B,1,T,T) float32;
    outputs `final` logits (B,4,T,T) [and `edge` (B,1,T,T)]. Batch is dynamic. Atomic."""
    tile = check_tile_size(tile_size)
    model = _as_model(checkpoint, tile, config)
    device = next(model.parameters()).device
    model_cpu = model if device.type == "cpu" else model.to("cpu")
    wrapper = FinalLogits(model_cpu, with_edge).eval()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    names = ["final", "edge"] if with_edge else ["final"]
    axes = {n: {0: "batch"} for n in ["image", "mask"] + names}
    x = torch.rand(1, 3, tile, tile)
    m = (torch.rand(1, 1, tile, tile) > 0.5).float()
    def write(tmp):
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # tracer warnings about python ints from shapes
            torch.onnx.export(wrapper, (x, m), str(tmp), dynamo=False, input_names=["image", "mask"],
                              output_names=names, dynamic_axes=axes, opset_version=opset,
                              do_constant_folding=True)
        import onnx

        proto = onnx.load(str(tmp))
        meta = {"segassess_tile_size": str(tile), "segassess_config": strict_json.dumps(model.config.to_dict()),
                "segassess_classes": "TP,FP,TN,FN",
                "segassess_source": Path(getattr(model, "source_path", "") or "").name}
        for k, v in meta.items():
            entry = proto.metadata_props.add()
            entry.key, entry.value = k, v
        onnx.save(proto, str(tmp))

    try:
        atomic_write(out, write)
    finally:
        if device.type != "cpu":
            model.to(device)
    return out


def check_parity(checkpoint, onnx_path, tile_size: Optional[int] = None, batch: int = 2, seed: int = 0,
                 threads: Optional[int] = None, config=None) -> dict:
    """Run torch (fp32, CPU) and onnxruntime on the same random batch; report the
    max abs difference of `final`, relative to its range, and argmax agreement."""
    from .onnx_runtime import make_onnx_session

    sess = make_onnx_session(onnx_path, "cpu", threads)
    shape = sess.get_inputs()[0].shape
    tile = check_tile_size(tile_size or shape[-1])
    model = _as_model(checkpoint, tile, config)
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(batch, 3, tile, tile, generator=g)
    # blobby masks rather than noise: closer to real annotations
    m = (torch.nn.functional.avg_pool2d(torch.rand(batch, 1, tile, tile, generator=g), 15, 1, 7) > 0.5).float()
    device = next(model.parameters()).device
    try:
        with torch.inference_mode():
            ref = model.to("cpu")(x, m)[0][3].numpy()
    finally:
        if device.type != "cpu":
            model.to(device)  # a caller's model goes back where it was
    got = sess.run(["final"], {"image": x.numpy(), "mask": m.numpy()})[0]
    diff = float(np.abs(got - ref).max())
    rng = float(ref.max() - ref.min())
    return {"max_abs_diff": diff, "range": rng, "rel_diff": diff / max(rng, 1e-12),
            "argmax_agreement": float((got.argmax(1) == ref.argmax(1)).mean()), "batch": batch, "tile_size": tile}
