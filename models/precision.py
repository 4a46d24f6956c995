"""Number formats of the torch engine: what each `--precision` setting computes in which format,
and what `auto` chooses per device.

Settings (argmax agreement with the official fp32 outputs asserted on the golden inputs by
tests/models/test_precision.py; figures and speeds in bench/RESULTS.md, `bench/precision.py`):

- fp32: everything in float32: the official numerics.
- bf16: a mixed placement. The image encoder's twelve transformer blocks and the edge branch's
  convolutions (TCCA: side outputs and TFA) run under bf16 autocast, with bf16 copies of their
  weights made once; patch embedding, neck, prompt encoder, mask decoder and the final fusion stay
  float32 (the decoder alone in bf16 costs 0.3 % of agreement, the edge branch nothing). Inside the
  blocks autocast keeps layer norms and the residual stream in float32, and the attention folds its
  relative-position terms into the product (network.RelPosSDPAAttention) instead of building a mask.
- fp16: float16 autocast over the whole network (what GPUs run fastest). CPUs without AMX-FP16
  run it slower than fp32; it is offered there for checking only.

`auto`: CUDA -> fp16; a CPU with fast bf16 products (AMX or AVX512-BF16) -> bf16; any other CPU
-> fp32. Only settings verified on the golden inputs (>= 99.5 % agreement) and on the demo
model's generated scene (>= 99.8 %) are chosen.

oneDNN's implicit bf16 math mode (fp32 tensors, bf16 products) was measured too: slightly more
agreement but much less speed (weights and inputs converted on every call; bench/RESULTS.md).
"""
from __future__ import annotations

import contextlib
import logging
import threading
import weakref
from dataclasses import asdict, dataclass
from typing import Iterator, List

import torch
import torch.nn as nn

from ..core.common.errors import InputError

log = logging.getLogger(__name__)
PRECISIONS = ("auto", "fp32", "bf16", "fp16")
ALIASES = {"float32": "fp32", "off": "fp32", "none": "fp32", "bfloat16": "bf16", "float16": "fp16",
           "half": "fp16"}
BF16_PLACEMENT = "bf16 autocast in the encoder blocks and the edge branch (bf16 weight copies); fp32 elsewhere"
PLACEMENTS = {"fp32": "fp32 everywhere", "bf16": BF16_PLACEMENT, "fp16": "fp16 autocast everywhere"}

_local = threading.local()
_locks: "weakref.WeakKeyDictionary[nn.Module, threading.RLock]" = weakref.WeakKeyDictionary()
_locks_guard = threading.Lock()


@dataclass(frozen=True)
class PrecisionChoice:
    requested: str   # what was asked (auto, fp32, bf16, fp16)
    name: str        # what runs: fp32, bf16 or fp16
    device: str      # cpu or cuda
    placement: str   # which parts run in which format
    reason: str      # why (for auto: the device's capabilities)

    def as_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        how = f"{self.name} ({self.placement})"
        return f"precision {how}" + (f", chosen by auto: {self.reason}" if self.requested == "auto" else "")


def normalise(precision) -> str:
    """A user's spelling -> one of PRECISIONS."""
    p = str(precision or "auto").strip().lower()
    p = ALIASES.get(p, p)
    if p not in PRECISIONS:
        raise InputError(f"unknown precision {precision!r}: use one of {', '.join(PRECISIONS)}")
    return p


def cpu_has_fast_bf16() -> bool:
    """AMX tiles or AVX512-BF16: bf16 products faster than fp32 ones on this CPU."""
    cpu = getattr(torch, "cpu", None)
    checks = [getattr(cpu, n, None) for n in ("_is_amx_tile_supported", "_is_avx512_bf16_supported")]
    try:
        return any(bool(c()) for c in checks if c is not None)
    except RuntimeError:
        return False


def choose(precision, device: torch.device) -> PrecisionChoice:
    """The setting that will run on `device` for the requested precision."""
    requested = normalise(precision)
    kind = "cuda" if device.type == "cuda" else "cpu"
    if requested != "auto":
        return PrecisionChoice(requested, requested, kind, PLACEMENTS[requested], "asked for")
    if kind == "cuda":
        name, reason = "fp16", "CUDA device: fp16 autocast (99.8 % golden agreement on CPU kernels)"
    elif cpu_has_fast_bf16():
        name, reason = "bf16", "this CPU has bf16 matrix units (AMX or AVX512-BF16)"
    else:
        name, reason = "fp32", "this CPU has no fast bf16 products (no AMX, no AVX512-BF16)"
    choice = PrecisionChoice("auto", name, kind, PLACEMENTS[name], reason)
    log.info("SegAssess %s", choice.describe())
    return choice


def bf16_modules(model: nn.Module) -> List[nn.Module]:
    """The parts that run in bf16 under the `bf16` setting."""
    t = model.TCCA
    return list(model.sam.image_encoder.blocks) + [t.TFA, t.side1, t.side2, t.side3, t.side4, t.side4_w]


_PRODUCT_LAYERS = (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)


def _as_float(out):
    if isinstance(out, torch.Tensor) and out.dtype != torch.float32 and out.is_floating_point():
        return out.float()
    if isinstance(out, (tuple, list)):
        return type(out)(_as_float(o) for o in out)
    return out


def _weight_key(w: torch.Tensor) -> tuple:
    """What identifies a weight's current values: the tensor, its storage, and its version counter
    (bumped by every in-place change). Tensors made under torch.inference_mode() have no version
    counter: a weight loaded that way can only change in place inside inference mode, so its values
    are compared through a checksum instead (one pass over the weight, cheap next to a forward)."""
    if w.is_inference():
        return id(w), w.data_ptr(), float(w.detach().double().sum())
    return id(w), w.data_ptr(), w._version


class _Bf16Part:
    """Forward hooks of one part: autocast bf16 inside it, its product layers' weights swapped for
    bf16 copies made once (no per-call cast of ~110 M weights), float32 out."""

    def __init__(self, part: nn.Module):
        self.layers = [m for m in part.modules() if isinstance(m, _PRODUCT_LAYERS)]
        self.copies = [None] * len(self.layers)
        self.sources = [None] * len(self.layers)  # (weight object, its version) each copy was made from
        self.ctx = None

    def _refresh(self) -> None:
        """(Re)make the bf16 copy of every weight that is new or was changed in place since."""
        for i, m in enumerate(self.layers):
            w = m._parameters["weight"]
            key = _weight_key(w)
            if self.sources[i] != key:
                self.copies[i] = nn.Parameter(w.detach().to(torch.bfloat16), requires_grad=False)
                self.sources[i] = key

    def enter(self, module, args) -> None:
        state = getattr(_local, "state", None)
        if state is None or state["name"] != "bf16":
            return
        self._refresh()
        for m, w in zip(self.layers, self.copies):
            m._parameters["weight"], w.fp32 = w, m._parameters["weight"]
        state["entered"].append(self)
        self.ctx = torch.autocast(state["device"], dtype=torch.bfloat16)
        self.ctx.__enter__()

    def leave(self, module, args, output):
        state = getattr(_local, "state", None)
        if state is None or not state["entered"] or state["entered"][-1] is not self:
            return None
        self.restore()
        state["entered"].pop()
        return _as_float(output)

    def restore(self) -> None:
        if self.ctx is not None:
            self.ctx.__exit__(None, None, None)
            self.ctx = None
        for m, w in zip(self.layers, self.copies):
            if w is not None and m._parameters["weight"] is w:
                m._parameters["weight"] = w.fp32


def install(model: nn.Module) -> None:
    """Hooks that switch the bf16 parts' format during a `numerics` scope (once per model; inert
    outside a scope, so fp32 runs, ONNX export and training see the plain network). A deep copy of
    the model carries its own hooks (they refer to the copy's layers)."""
    if getattr(model, "_segassess_precision_hooks", False):
        return
    for m in bf16_modules(model):
        part = _Bf16Part(m)
        m.register_forward_pre_hook(part.enter)
        m.register_forward_hook(part.leave)
    model._segassess_precision_hooks = True


def _lock(model: nn.Module) -> threading.RLock:
    with _locks_guard:
        return _locks.setdefault(model, threading.RLock())


@contextlib.contextmanager
def numerics(model: nn.Module, choice: PrecisionChoice, device: torch.device) -> Iterator[None]:
    """Run the model's forwards inside this scope in `choice`'s formats. The bf16 parts' weights are
    swapped while they run, so forwards of one model run one at a time (a lock per model)."""
    install(model)
    with _lock(model):
        _local.state = {"name": choice.name, "device": device.type, "entered": []}
        try:
            if choice.name == "fp16":
                with torch.autocast(device.type, dtype=torch.float16):
                    yield
            else:
                yield
        finally:
            for part in reversed(_local.state["entered"]):  # a forward that failed halfway
                part.restore()
            _local.state = None
