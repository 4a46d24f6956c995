"""onnxruntime sessions for exported SegAssess models: the provider order (TensorRT, CUDA, CPU) and
session options, shared by the ONNX engine and the export's parity check. No torch here."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..core.common.errors import InputError


def onnx_providers(device: str = "auto") -> list:
    """Best available onnxruntime providers: TensorRT, CUDA, then CPU."""
    import onnxruntime as ort

    avail = ort.get_available_providers()
    d = (device or "auto").lower()
    chosen = []
    if d != "cpu":
        for p in ("TensorrtExecutionProvider", "CUDAExecutionProvider"):
            if p in avail:
                chosen.append(p)
        if d.startswith("cuda") and not chosen:
            raise InputError(f"device {device!r} was asked for but onnxruntime has no CUDA/TensorRT provider; use cpu")
    chosen.append("CPUExecutionProvider")
    return chosen


def make_onnx_session(onnx_path, device: str = "auto", threads: Optional[int] = None):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        so.intra_op_num_threads = int(threads)
        so.inter_op_num_threads = 1
    try:
        return ort.InferenceSession(str(onnx_path), sess_options=so, providers=onnx_providers(device))
    except Exception as e:  # onnxruntime raises its own exception types
        msg = " ".join(str(e).split())[:160]
        raise InputError(f"ONNX model {Path(onnx_path).name} could not be loaded ({msg})") from None
