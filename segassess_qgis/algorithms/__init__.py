"""The algorithms of the `segassess` Processing provider."""
from .assess import AssessAlgorithm
from .batch import BatchCampaignAlgorithm
from .evaluate import EvaluateAlgorithm
from .export_onnx import ExportOnnxAlgorithm
from .rank import RankAlgorithm
from .reference import ReferenceAlgorithm
from .suggest_edits import SuggestEditsAlgorithm

ALGORITHMS = (AssessAlgorithm, ReferenceAlgorithm, RankAlgorithm, EvaluateAlgorithm, ExportOnnxAlgorithm,
              BatchCampaignAlgorithm, SuggestEditsAlgorithm)

__all__ = ["ALGORITHMS", "AssessAlgorithm", "BatchCampaignAlgorithm", "RankAlgorithm", "ReferenceAlgorithm",
           "EvaluateAlgorithm", "ExportOnnxAlgorithm", "SuggestEditsAlgorithm"]
