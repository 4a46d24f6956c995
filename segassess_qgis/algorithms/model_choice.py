"""Which model a run uses, honestly: an empty MODEL is the built-in demo model, always (never the model
of an earlier run); the tile size defaults to the chosen model's own (its card or the registry); a run
with the demo model says so, since it was trained on generated scenes only.
"""
from __future__ import annotations

from pathlib import Path

from qgis.core import (QgsProcessingException, QgsProcessingParameterDefinition, QgsProcessingParameterEnum,
                       QgsProcessingParameterFile)

from ..qgis_io import RELEASES_URL, tr

MODEL_FILTER = "SegAssess models (*.safetensors *.pkl *.pth *.pt *.onnx);;All files (*.*)"
FALLBACK_TILE_SIZE = 512  # a model that names no tile size (the released models' own)


def _registry():
    """models/registry.py (json only, no torch), imported when needed so that loading the
    plugin imports no package module beyond the provider (QGIS's reload bookkeeping)."""
    from ...models import registry

    return registry


def demo_model() -> Path:
    return _registry().demo_model_path()


def registry_models() -> list:
    """Known model files (models/registry.json)."""
    try:
        return _registry().load_registry()
    except (OSError, ValueError, KeyError):
        return []


PRECISIONS = ("auto", "fp32", "bf16", "fp16")  # models/precision.py; --precision on the command line


def precision_parameter() -> QgsProcessingParameterEnum:
    """PRECISION (advanced): the network's number format; auto = the fastest verified for the device."""
    p = QgsProcessingParameterEnum(
        "PRECISION", tr("Numeric precision of the network"),
        [tr("auto (fastest setting verified for the device)"), tr("fp32 (official numerics)"),
         tr("bf16 (mixed: encoder and edge branch in bf16)"), tr("fp16")], defaultValue=0)
    p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
    return p


def precision_value(alg, parameters, context) -> str:
    return PRECISIONS[alg.parameterAsEnum(parameters, "PRECISION", context)]


def model_parameter() -> QgsProcessingParameterFile:
    return QgsProcessingParameterFile("MODEL", tr("Model file (empty: built-in demo model)"),
                                      QgsProcessingParameterFile.File, optional=True, fileFilter=MODEL_FILTER)


def resolve_model(text: str) -> tuple[Path, bool]:
    """(model file, whether it is the demo model) for the MODEL parameter's text."""
    demo = demo_model()
    if not text:
        if not demo.is_file():
            raise QgsProcessingException(
                tr("No model file was given and the built-in demo model is not installed; download a released "
                   "SegAssess model from {url} and choose it as 'Model file'.").format(url=RELEASES_URL))
        return demo, True
    path = Path(text)
    if not path.is_file():
        raise QgsProcessingException(tr("The model file {path} does not exist; choose a SegAssess model file "
                                        "(released at {url}).").format(path=path, url=RELEASES_URL))
    return path, path.resolve() == demo.resolve()


def model_tile_size(path: Path) -> int:
    """The tile size the model was trained for (card or registry), else FALLBACK_TILE_SIZE."""
    try:
        return int(_registry().recommended_tile_size(path, default=FALLBACK_TILE_SIZE))
    except Exception:  # noqa: BLE001 (a broken card is reported when the model loads)
        return FALLBACK_TILE_SIZE


def demo_warning() -> str:
    """What a run with the demo model says, in the log (orange), the group name's note and the summary."""
    return tr("This run uses the built-in demo model, a tiny network trained on generated scenes only: its quality "
              "map of real imagery is not meaningful. Download a released SegAssess model ({url}) and choose it as "
              "'Model file'.").format(url=RELEASES_URL)
