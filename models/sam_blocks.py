"""segment-anything's building blocks (`segment_anything.modeling`), without its package `__init__`.

Why: `import segment_anything.modeling.x` first runs `segment_anything/__init__.py`, which imports
the predictor and the automatic mask generator, hence torchvision; torchvision's ops import
torch._dynamo, which imports triton (bundled with the CUDA builds of torch). triton's `libtriton`
carries its own LLVM, which clashes with the LLVM that the QGIS desktop application has already
loaded: QGIS aborts on the first run of an algorithm. The network needs none of that, only the
modules of `segment_anything.modeling` (torch and numpy only), so they are imported under a
package object whose `__init__` has not run yet. It runs on the first access to anything else
of the package (PEP 562 module `__getattr__`): a later `from segment_anything import
sam_model_registry` (tests, notebooks) still gets the real package, with the same modules.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType

PACKAGE = "segment_anything"


def _deferred_package(spec) -> ModuleType:
    """The package module with its `__init__` run only on first access to a name it defines."""
    package = importlib.util.module_from_spec(spec)

    def __getattr__(attr):  # noqa: N807 (PEP 562)
        if attr.startswith("__"):
            raise AttributeError(attr)
        del package.__getattr__
        spec.loader.exec_module(package)  # the real __init__ (torchvision), wanted by the caller now
        return getattr(package, attr)

    package.__getattr__ = __getattr__
    return package


def modeling() -> ModuleType:
    """`segment_anything.modeling` with its submodules, torchvision left unimported."""
    if PACKAGE not in sys.modules:
        spec = importlib.util.find_spec(PACKAGE)
        if spec is None:
            raise ModuleNotFoundError(f"No module named '{PACKAGE}'", name=PACKAGE)
        sys.modules[PACKAGE] = _deferred_package(spec)
    return importlib.import_module(f"{PACKAGE}.modeling")


_modeling = modeling()
LayerNorm2d = _modeling.common.LayerNorm2d
Attention = _modeling.image_encoder.Attention
ImageEncoderViT = _modeling.image_encoder.ImageEncoderViT
get_rel_pos = _modeling.image_encoder.get_rel_pos
MLP = _modeling.mask_decoder.MLP
PromptEncoder = _modeling.prompt_encoder.PromptEncoder
TwoWayTransformer = _modeling.transformer.TwoWayTransformer

__all__ = ["Attention", "ImageEncoderViT", "LayerNorm2d", "MLP", "PromptEncoder", "TwoWayTransformer",
           "get_rel_pos", "modeling"]
