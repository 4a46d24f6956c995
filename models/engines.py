"""Inference engines implementing the core assessor protocol (core/assess/assessors.py).

assess(image float32 (B,3,T,T) in [0,1], mask float32 (B,1,T,T) {0,1})
    -> float32 (B,4,T,T): softmax of the model's `final` logits, channels TP,FP,TN,FN.

Models are cached process-wide by (file, mtime, device, tile size, engine) because
the QGIS plugin and the CLI run many rows/tiles with the same weights; `load_count()`
tells how many real loads happened.
"""
from __future__ import annotations

import logging
import os
import threading
import warnings
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from ..core.common.errors import InputError
from ..core.assess.tiling import check_tile_size
from .checkpoint import load_segassess, resolve_device
from .onnx_runtime import make_onnx_session
from .precision import PLACEMENTS, PrecisionChoice, normalise, numerics
from .precision import choose as choose_precision

log = logging.getLogger(__name__)
ENGINES = ("torch", "onnx")
SPLIT_ENCODING = ("embedding", "hq_features", "edge")  # the split export's encoder outputs (network.ImageEncoding)
FP32 = PrecisionChoice("fp32", "fp32", "any", PLACEMENTS["fp32"], "fallback")

# --------------------------------------------------------------------------- model cache
_cache: Dict[Tuple, object] = {}
_cache_lock = threading.Lock()
_loads = 0


def _file_key(path) -> Tuple[str, int]:
    p = Path(path).resolve()
    try:
        return str(p), p.stat().st_mtime_ns
    except OSError:
        raise InputError(f"model file not found: {path}") from None


def cached(path, device: str, tile_size: int, engine: str, loader: Callable[[], object]):
    """The object `loader()` built for this (file, mtime, device, tile, engine), loading once."""
    global _loads
    key = (*_file_key(path), str(device), int(tile_size), engine)
    with _cache_lock:
        obj = _cache.get(key)
        if obj is None:
            obj = loader()
            _loads += 1
            # a changed file (new mtime) replaces the old entry rather than accumulating
            for k in [k for k in _cache if k[0] == key[0] and k[2:] == key[2:]]:
                del _cache[k]
            _cache[key] = obj
        return obj


def load_count() -> int:
    """How many models were really loaded (cache misses) in this process."""
    return _loads


def clear_cache() -> None:
    """Forget cached models (frees memory; the next make_assessor loads again)."""
    with _cache_lock:
        _cache.clear()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


# --------------------------------------------------------------------------- shared helpers
def _check_inputs(image: np.ndarray, mask: np.ndarray, tile: int) -> Tuple[np.ndarray, np.ndarray]:
    image = np.asarray(image, dtype=np.float32)
    mask = np.asarray(mask, dtype=np.float32)
    if image.ndim != 4 or image.shape[1] != 3:
        raise InputError(f"image batch must be (B,3,T,T), got {tuple(image.shape)}")
    if mask.shape != (image.shape[0], 1) + image.shape[2:]:
        raise InputError(f"mask batch must be (B,1,T,T) matching the image {tuple(image.shape)}, got {tuple(mask.shape)}")
    if image.shape[2:] != (tile, tile):
        raise InputError(f"tiles are {image.shape[2]}x{image.shape[3]} but the model runs {tile}x{tile} tiles")
    return np.ascontiguousarray(image), np.ascontiguousarray(mask)


def softmax_probs(logits: np.ndarray, mask: Optional[np.ndarray] = None, consistent: bool = False) -> np.ndarray:
    """Class probabilities from logits (B,4,H,W). consistent: only TP/FP inside the mask and
    TN/FN outside (the released model does not enforce this; off by default)."""
    if not np.isfinite(logits).all():  # never a map from NaN/inf: argmax would paint it all one class
        raise InputError("the network produced non-finite outputs (NaN or infinity); the model file is broken "
                         "(non-finite or diverged weights): use another model file")
    z = logits.astype(np.float32, copy=True)
    if consistent:
        inside = (mask[:, 0] > 0.5)
        z[:, 2][inside] = -np.inf
        z[:, 3][inside] = -np.inf
        z[:, 0][~inside] = -np.inf
        z[:, 1][~inside] = -np.inf
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def network_memory_bytes(tile: int, batch: int, heads: int = 12) -> int:
    """Working memory of one forward pass (weights excluded), measured on CPU for the base and tiny
    configurations (bench: 231 MB at 512 px, 1.9 GB at 1024 px, base, batch 1): per image about
    250 bytes per pixel plus the global attention matrices, heads x (T/16)^4 float32, up to 3 at once."""
    tokens = (tile // 16) ** 2
    return 80 * 1024 ** 2 + batch * (250 * tile * tile + 3 * heads * tokens * tokens * 4)


# --------------------------------------------------------------------------- torch
class TorchAssessor:
    """SegAssess in PyTorch, in the number formats of `precision` (models/precision.py: auto, fp32,
    bf16, fp16); optional channels_last on CUDA; on CUDA out-of-memory the batch is halved, then the
    model falls back to CPU with a warning."""

    needs_truth = False

    def __init__(self, model, tile_size: Optional[int] = None, device: str = "auto", batch_size: int = 1,
                 consistent: bool = False, precision: str = "auto", channels_last: bool = False,
                 name: str = "segassess"):
        self.model = model
        self.tile_size = int(tile_size or model.tile_size)
        if self.tile_size != model.tile_size:
            raise InputError(f"model was built for {model.tile_size} px tiles, not {self.tile_size}")
        self.device = next(model.parameters()).device if device is None else resolve_device(device)
        if next(model.parameters()).device != self.device:
            model.to(self.device)
        self.batch_size = max(1, int(batch_size))
        self.consistent = bool(consistent)
        self.requested_precision = precision
        self.choice = choose_precision(precision, self.device)
        self.channels_last = bool(channels_last)
        self.name = f"{name}-torch"
        self.fell_back_to_cpu = False
        if self.channels_last and self.device.type == "cuda":
            model.to(memory_format=torch.channels_last)

    @property
    def precision_info(self) -> dict:
        """What runs (for the summary): requested, chosen, placement, reason."""
        return self.choice.as_dict()

    def _run(self, img: np.ndarray, masks: Sequence[np.ndarray]) -> List[np.ndarray]:
        """`final` logits of each mask of `masks` on the images `img`: the image is encoded once
        (`SegAssess.encode`), then decoded once per mask, in the formats of the precision setting."""
        device = next(self.model.parameters()).device  # a shared model may have fallen back to CPU
        if device != self.device:
            self.device = device
            self.choice = choose_precision(self.requested_precision, device)
        x = torch.from_numpy(img).to(self.device, non_blocking=True)
        ms = [torch.from_numpy(m).to(self.device, non_blocking=True) for m in masks]
        if self.channels_last and self.device.type == "cuda":
            x = x.contiguous(memory_format=torch.channels_last)

        def run(choice):
            with numerics(self.model, choice, self.device):
                encoding = self.model.encode(x)
                return [self.model.decode(encoding, m)[3].float() for m in ms]

        with torch.inference_mode():
            if self.choice.name != "fp32":
                logits = run(self.choice)
                if all(bool(torch.isfinite(z).all()) for z in logits):
                    return [z.cpu().numpy() for z in logits]
                # fp16 overflow (inf/NaN): this batch again in fp32 rather than a silently wrong map
                warnings.warn(f"non-finite {self.choice.name} logits: batch recomputed in fp32", RuntimeWarning)
            return [z.cpu().numpy() for z in run(FP32)]

    def logits(self, image: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Raw `final` logits (B,4,T,T), batched, with the OOM policy."""
        return self.candidate_logits(image, [mask])[0]

    def candidate_logits(self, image: np.ndarray, masks: Sequence[np.ndarray]) -> List[np.ndarray]:
        """Raw `final` logits (B,4,T,T) of each mask (B,1,T,T) of `masks` on the same images: each
        batch of images is encoded once for all the masks (encode once, decode N), with the OOM policy."""
        if not masks:
            raise InputError("no mask to assess: give at least one")
        checked = [_check_inputs(image, m, self.tile_size) for m in masks]
        image, masks = checked[0][0], [m for _, m in checked]
        out = [np.empty((image.shape[0], 4) + image.shape[2:], np.float32) for _ in masks]
        i = 0
        while i < image.shape[0]:
            j = min(i + self.batch_size, image.shape[0])
            try:
                for o, z in zip(out, self._run(image[i:j], [m[i:j] for m in masks])):
                    o[i:j] = z
            except torch.OutOfMemoryError:
                if self.device.type != "cuda":
                    raise
                torch.cuda.empty_cache()
                if j - i > 1:  # halve what failed (a short last batch may already be below batch_size)
                    self.batch_size = (j - i) // 2
                    warnings.warn(f"CUDA out of memory: batch size reduced to {self.batch_size}", RuntimeWarning)
                else:
                    warnings.warn("CUDA out of memory even at batch size 1: continuing on CPU (slower)", RuntimeWarning)
                    self.model.to("cpu")
                    self.device = torch.device("cpu")
                    self.fell_back_to_cpu = True
                continue
            except (MemoryError, RuntimeError) as exc:  # the CPU allocator: one line, not its traceback
                if isinstance(exc, RuntimeError) and "can't allocate memory" not in str(exc):
                    raise
                raise InputError(f"out of memory assessing {j - i} tile(s) of {self.tile_size} px on the "
                                 f"{self.device.type.upper()}; use a smaller tile size or batch size") from None
            i = j
        return out

    def memory_bytes(self, batch: int) -> int:
        """Estimated working memory of a batch (core.assess.memory checks it before the run)."""
        heads = getattr(getattr(self.model, "config", None), "num_heads", 12)
        return network_memory_bytes(self.tile_size, min(batch, self.batch_size), heads)

    def assess(self, image: np.ndarray, mask: np.ndarray, **extra) -> np.ndarray:
        logits = self.logits(image, mask)
        return softmax_probs(logits, np.asarray(mask, np.float32), self.consistent)

    def assess_many(self, image: np.ndarray, masks: Sequence[np.ndarray], **extra) -> List[np.ndarray]:
        """`assess` of several masks (candidate annotations) of the same images, the images encoded
        once: the same probabilities as one `assess` per mask, at the cost of one image encoding."""
        return [softmax_probs(z, np.asarray(m, np.float32), self.consistent)
                for z, m in zip(self.candidate_logits(image, masks), masks)]


# --------------------------------------------------------------------------- onnx
class OnnxAssessor:
    """SegAssess exported to ONNX (models/export.py) run by onnxruntime."""

    needs_truth = False

    def __init__(self, onnx_path, tile_size: Optional[int] = None, device: str = "auto", batch_size: int = 1,
                 consistent: bool = False, threads: Optional[int] = None, session=None, name: str = "segassess",
                 precision: str = "auto"):
        requested = normalise(precision)
        if requested not in ("auto", "fp32"):
            raise InputError(f"the onnx engine runs the exported fp32 model; precision {requested} needs the "
                             "torch engine")
        self.path = str(onnx_path)
        self.session = session or make_onnx_session(onnx_path, device, threads)
        shape = self.session.get_inputs()[0].shape
        model_tile = shape[-1] if isinstance(shape[-1], int) else None
        self.tile_size = int(tile_size or model_tile or 512)
        if model_tile and self.tile_size != model_tile:
            raise InputError(f"ONNX model {Path(self.path).name} was exported for {model_tile} px tiles, "
                             f"not {self.tile_size}; export it again with that tile size")
        self.batch_size = max(1, int(batch_size))
        self.consistent = bool(consistent)
        self.name = f"{name}-onnx"
        self.providers = self.session.get_providers()
        self.device, self.threads = device, threads
        self.split = None  # (encoder, decoder) sessions once looked up; False: no split export
        self.precision_info = PrecisionChoice(requested, "fp32", self.providers[0], PLACEMENTS["fp32"],
                                              "the exported model is fp32").as_dict()

    def logits(self, image: np.ndarray, mask: np.ndarray) -> np.ndarray:
        image, mask = _check_inputs(image, mask, self.tile_size)
        outs = [np.empty((0, 4) + image.shape[2:], np.float32)]  # an empty batch gives (0,4,T,T), as in torch
        for i in range(0, image.shape[0], self.batch_size):
            sl = slice(i, i + self.batch_size)
            outs.append(self.session.run(["final"], {"image": image[sl], "mask": mask[sl]})[0])
        return np.concatenate(outs, 0).astype(np.float32, copy=False)

    def memory_bytes(self, batch: int) -> int:
        return network_memory_bytes(self.tile_size, min(batch, self.batch_size))

    def assess(self, image: np.ndarray, mask: np.ndarray, **extra) -> np.ndarray:
        return softmax_probs(self.logits(image, mask), np.asarray(mask, np.float32), self.consistent)

    def assess_many(self, image: np.ndarray, masks: Sequence[np.ndarray], **extra) -> List[np.ndarray]:
        """`assess` of several masks of the same images. With the split export (`X.encoder.onnx` +
        `X.decoder.onnx` beside the model, see models/export.export_onnx_split) each batch of images
        is encoded once; without it (a single-file .onnx) the whole model runs once per mask."""
        if not masks:
            raise InputError("no mask to assess: give at least one")
        parts = self._split_sessions()
        if parts is None:
            return [self.assess(image, m) for m in masks]
        encoder, decoder = parts
        checked = [_check_inputs(image, m, self.tile_size) for m in masks]
        image, masks = checked[0][0], [m for _, m in checked]
        outs = [[np.empty((0, 4) + image.shape[2:], np.float32)] for _ in masks]
        for i in range(0, image.shape[0], self.batch_size):
            sl = slice(i, i + self.batch_size)
            encoding = dict(zip(SPLIT_ENCODING, encoder.run(list(SPLIT_ENCODING), {"image": image[sl]})))
            for out, m in zip(outs, masks):
                out.append(decoder.run(["final"], {**encoding, "mask": m[sl]})[0])
        return [softmax_probs(np.concatenate(o, 0).astype(np.float32, copy=False), m, self.consistent)
                for o, m in zip(outs, masks)]

    def _split_sessions(self):
        """(encoder, decoder) sessions of the split export beside the model file; None without one."""
        if self.split is None:
            from .export import split_onnx_paths

            paths = split_onnx_paths(self.path)
            if all(p.is_file() for p in paths):
                self.split = tuple(cached(p, f"{self.device}:{self.threads}", self.tile_size, "onnx",
                                          lambda p=p: make_onnx_session(p, self.device, self.threads)) for p in paths)
            else:
                log.info("%s has no encoder/decoder split beside it: each candidate runs the whole model",
                         Path(self.path).name)
                self.split = False
        return self.split or None


# --------------------------------------------------------------------------- factory
def _onnx_cache_dir() -> Path:
    base = os.environ.get("SEGASSESS_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "segassess")
    return Path(base) / "onnx"


def make_assessor(model_path, engine: str = "torch", tile_size: int = 512, device: str = "auto",
                  batch_size: int = 1, consistent: bool = False, **options):
    """An assessor for a weights file (.pkl/.pth/.safetensors) or an .onnx file.
    engine "onnx" with a checkpoint exports it once to ~/.cache/segassess/onnx (or $SEGASSESS_CACHE);
    with split=True also as encoder + decoder parts, so several candidate masks share one encoding
    (`assess_many`; the torch engine always does). Models are shared through the process-wide cache."""
    engine = (engine or "torch").lower()
    if engine not in ENGINES:
        raise InputError(f"engine {engine!r} is not supported; use one of: {', '.join(ENGINES)}")
    tile = check_tile_size(tile_size)
    p = Path(model_path)
    if not p.is_file():
        raise InputError(f"model file not found: {p}")
    stem = p.parent.name if p.stem == "best" else p.stem
    if engine == "torch":
        if p.suffix.lower() == ".onnx":
            raise InputError(f"{p.name} is an ONNX model: use engine='onnx'")
        dev = resolve_device(device)
        config = options.get("config")
        # an explicit config is part of the key: the same file under another config is another (or no) model
        key_engine = "torch" if config is None else f"torch:{config if isinstance(config, str) else repr(config)}"
        model = cached(p, str(dev), tile, key_engine, lambda: load_segassess(p, tile, str(dev), config=config))
        return TorchAssessor(model, tile, None, batch_size, consistent, precision=options.get("precision", "auto"),
                             channels_last=options.get("channels_last", False), name=stem)
    threads = options.get("threads")
    if p.suffix.lower() == ".onnx":
        onnx_path = p
    else:
        from .export import export_onnx, export_onnx_split, split_onnx_paths
        from ..core.common.files import file_sha256

        onnx_path = _onnx_cache_dir() / f"{stem}_{file_sha256(p, cached=True)[:16]}_{tile}.onnx"
        if not onnx_path.is_file():
            export_onnx(p, tile, onnx_path, config=options.get("config"))
        if options.get("split") and not all(x.is_file() for x in split_onnx_paths(onnx_path)):
            export_onnx_split(p, tile, onnx_path, config=options.get("config"))
    session = cached(onnx_path, f"{device}:{threads}", tile, "onnx",
                     lambda: make_onnx_session(onnx_path, device, threads))
    return OnnxAssessor(onnx_path, tile, device, batch_size, consistent, threads=threads, session=session, name=stem,
                        precision=options.get("precision", "auto"))
