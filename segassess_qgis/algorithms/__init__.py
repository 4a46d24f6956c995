"""The algorithms of the `segassess` Processing provider."""
from .assess import AssessAlgorithm
from .evaluate import EvaluateAlgorithm
from .export_onnx import ExportOnnxAlgorithm
from .reference import ReferenceAlgorithm

ALGORITHMS = (AssessAlgorithm, ReferenceAlgorithm, EvaluateAlgorithm, ExportOnnxAlgorithm)

__all__ = ["ALGORITHMS", "AssessAlgorithm", "ReferenceAlgorithm", "EvaluateAlgorithm", "ExportOnnxAlgorithm"]
