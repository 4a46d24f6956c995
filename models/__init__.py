"""The SegAssess network and its engines (pure torch; no Qt/QGIS).

Attributes are imported lazily so that `import segassess.models` stays cheap (QGIS start-up):
torch, segment-anything and onnxruntime load on first use of these names.
"""
from importlib import import_module

_PUBLIC = {
    "SegAssess": "network", "SegAssessConfig": "network", "CONFIGS": "network", "build_model": "network",
    "load_segassess": "checkpoint", "load_state": "checkpoint", "save_checkpoint": "checkpoint",
    "init_encoder_from_sam": "checkpoint", "read_state_dict": "checkpoint",
    "make_assessor": "engines", "TorchAssessor": "engines", "OnnxAssessor": "engines",
    "load_count": "engines", "clear_cache": "engines",
    "export_onnx": "export", "check_parity": "export",
    "identify": "registry", "load_registry": "registry", "demo_model_path": "registry",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name in _PUBLIC:
        value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
