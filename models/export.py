"""Export SegAssess to ONNX (fixed tile size, dynamic batch) and check it against torch.

ONNX Runtime is faster than eager PyTorch on CPU and gives TensorRT/CUDA on GPUs
without a torch install; the export is a pure function of (weights, tile size).
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Optional, Tuple

import numpy as np
import torch

from ..core.common import strict_json
from ..core.common.classes import CLASS_NAMES
from ..core.common.errors import InputError
from ..core.common.files import atomic_write
from ..core.assess.tiling import check_tile_size
from .checkpoint import load_segassess
from .network import FinalLogits, ImageEncoding, SegAssess


def _as_model(checkpoint, tile_size: int, config=None) -> SegAssess:
    if isinstance(checkpoint, SegAssess):
        if checkpoint.tile_size != tile_size:
            raise InputError(f"model was built for {checkpoint.tile_size} px tiles, not {tile_size}")
        return checkpoint.eval()
    return load_segassess(checkpoint, tile_size, "cpu", config=config)


def _write_onnx(wrapper: torch.nn.Module, inputs: tuple, input_names, output_names, out, opset: int,
                meta: dict) -> Path:
    """Trace `wrapper` on `inputs` into `out` (batch dimension dynamic), metadata added. Atomic."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    axes = {n: {0: "batch"} for n in list(input_names) + list(output_names)}

    def write(tmp):
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # tracer warnings about python ints from shapes
            torch.onnx.export(wrapper, inputs, str(tmp), dynamo=False, input_names=list(input_names),
                              output_names=list(output_names), dynamic_axes=axes, opset_version=opset,
                              do_constant_folding=True)
        import onnx

        proto = onnx.load(str(tmp))
        for k, v in meta.items():
            entry = proto.metadata_props.add()
            entry.key, entry.value = k, v
        onnx.save(proto, str(tmp))

    return atomic_write(out, write)


def _metadata(model: SegAssess, tile: int, part: str) -> dict:
    return {"segassess_tile_size": str(tile), "segassess_config": strict_json.dumps(model.config.to_dict()),
            "segassess_classes": ",".join(CLASS_NAMES), "segassess_part": part,
            "segassess_source": Path(getattr(model, "source_path", "") or "").name}


def _example(tile: int):
    return torch.rand(1, 3, tile, tile), (torch.rand(1, 1, tile, tile) > 0.5).float()


def export_onnx(checkpoint, tile_size: int, out, opset: int = 17, with_edge: bool = False, config=None) -> Path:
    """Write `out` (.onnx): inputs image (B,3,T,T) float32 in [0,1], mask (B,1,T,T) float32;
    outputs `final` logits (B,4,T,T) [and `edge` (B,1,T,T)]. Batch is dynamic. Atomic."""
    tile = check_tile_size(tile_size)
    model = _as_model(checkpoint, tile, config)
    device = next(model.parameters()).device
    try:
        wrapper = FinalLogits(model.to("cpu"), with_edge).eval()
        names = ["final", "edge"] if with_edge else ["final"]
        return _write_onnx(wrapper, _example(tile), ["image", "mask"], names, out, opset,
                           _metadata(model, tile, "full"))
    finally:
        model.to(device)


class _EncoderPart(torch.nn.Module):
    def __init__(self, model: SegAssess):
        super().__init__()
        self.model = model

    def forward(self, image):
        return tuple(self.model.encode(image))


class _DecoderPart(torch.nn.Module):
    def __init__(self, model: SegAssess):
        super().__init__()
        self.model = model

    def forward(self, embedding, hq_features, edge, mask):
        return self.model.decode(ImageEncoding(embedding, hq_features, edge), mask)[3]


def split_onnx_paths(out) -> Tuple[Path, Path]:
    """Where the encoder and decoder parts of the model exported to `out` live (beside it)."""
    out = Path(out)
    stem = out.name[:-len(".onnx")] if out.name.lower().endswith(".onnx") else out.name
    return out.with_name(f"{stem}.encoder.onnx"), out.with_name(f"{stem}.decoder.onnx")


def export_onnx_split(checkpoint, tile_size: int, out, opset: int = 17, config=None) -> Tuple[Path, Path]:
    """The model as two ONNX files beside `out` (split_onnx_paths), for encode once / decode N:
    `X.encoder.onnx`: image -> embedding, hq_features, edge (what depends on the image only);
    `X.decoder.onnx`: embedding, hq_features, edge, mask -> final. Chained, they equal export_onnx."""
    tile = check_tile_size(tile_size)
    model = _as_model(checkpoint, tile, config)
    device = next(model.parameters()).device
    enc_path, dec_path = split_onnx_paths(out)
    try:
        model.to("cpu")
        image, mask = _example(tile)
        with torch.no_grad():
            encoding = tuple(model.encode(image))
        _write_onnx(_EncoderPart(model).eval(), (image,), ["image"], list(ImageEncoding._fields), enc_path, opset,
                    _metadata(model, tile, "encoder"))
        _write_onnx(_DecoderPart(model).eval(), encoding + (mask,), list(ImageEncoding._fields) + ["mask"],
                    ["final"], dec_path, opset, _metadata(model, tile, "decoder"))
    finally:
        model.to(device)
    return enc_path, dec_path


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
