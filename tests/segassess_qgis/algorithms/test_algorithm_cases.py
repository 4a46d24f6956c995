"""The data-driven cases of algorithm_tests.yaml (format described at its top), in real headless QGIS.

Parameters are given the way the dialogs give them: an output left blank in the batch dialog is an
empty QgsProcessingOutputLayerDefinition (layers) or "" (files).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from qgis_support import DATA, output_layer, quality_counts, run, start_qgis, tiny_model

CASES = yaml.safe_load((Path(__file__).with_name("algorithm_tests.yaml")).read_text(encoding="utf-8"))
LAYER_OUTPUTS = ("OUTPUT_QUALITY", "OUTPUT_CONFIDENCE", "OUTPUT_FP", "OUTPUT_FN", "OUTPUT_SCORED", "OUTPUT_MISSED")


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return {"tiny": tiny_model(tmp_path_factory.mktemp("tiny_model"), 64)}


def _value(name, spec, out: Path, models: dict):
    from qgis.core import QgsProcessingOutputLayerDefinition

    if spec == "blank":
        return QgsProcessingOutputLayerDefinition("") if name in LAYER_OUTPUTS else ""
    if isinstance(spec, dict) and "data" in spec:
        path = DATA / spec["data"]
        if not path.exists():
            pytest.skip(f"sample data {path} is absent")
        return str(path)
    if isinstance(spec, dict) and "model" in spec:
        return str(models[spec["model"]])
    if isinstance(spec, dict) and "out" in spec:
        return str(out / spec["out"])
    return spec


class Recorder:
    """A QgsProcessingFeedback keeping the warnings."""

    def __new__(cls):
        from qgis.core import QgsProcessingFeedback

        class _Recorder(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.warnings = []

            def pushWarning(self, text):  # noqa: N802
                self.warnings.append(text)
                super().pushWarning(text)

        return _Recorder()


def _number(value, want):
    if isinstance(want, dict) and "range" in want:
        lo, hi = want["range"]
        assert lo <= value <= hi
    elif isinstance(want, dict) and "approx" in want:
        assert value == pytest.approx(want["approx"], abs=want.get("abs", 1e-9))
    else:
        assert value == pytest.approx(want)


def _check_raster(value, want):
    layer = output_layer(value)
    if "crs" in want:
        assert layer.crs().authid() == want["crs"]
    counts = quality_counts(layer.source()) if ("classes" in want or "nodata" in want) else {}
    for name, n in want.get("classes", {}).items():
        assert counts[name] == n, (name, counts)
    if "nodata" in want:
        assert counts["nodata"] == want["nodata"]


def _check_vector(value, want, results):
    layer = output_layer(value)
    n = want.get("features")
    if n is not None:
        assert layer.featureCount() == (results[n] if isinstance(n, str) else n)
    assert set(want.get("fields", ())) <= set(layer.fields().names())
    if "crs" in want:
        assert layer.crs().authid() == want["crs"]


def _check(case, results, feedback, out: Path):
    want = case["expected"]
    files_left = sorted(p.name for p in out.iterdir())
    if "only_files" in want:
        assert files_left == sorted(want["only_files"])
    for name in want.get("absent", ()):
        assert not results.get(name), name
    for name, value in want.get("numbers", {}).items():
        _number(results[name], value)
    for name, spec in want.get("rasters", {}).items():
        _check_raster(results[name], spec)
    for name, spec in want.get("vectors", {}).items():
        _check_vector(results[name], spec, results)
    for name, spec in want.get("files", {}).items():
        text = Path(results[name]).read_text(encoding="utf-8")
        assert all(s in text for s in spec.get("contains", ())), spec
        assert not any(s in text for s in spec.get("lacks", ())), spec
    for s in want.get("warnings", ()):
        assert any(s in w for w in feedback.warnings), (s, feedback.warnings)
    for s in want.get("no_warnings", ()):
        assert not any(s in w for w in feedback.warnings), (s, feedback.warnings)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_algorithm_case(case, models, tmp_path):
    from qgis.core import QgsProcessingException

    start_qgis()
    out = tmp_path / "out"
    out.mkdir()
    params = {k: _value(k, v, out, models) for k, v in case["params"].items()}
    feedback = Recorder()
    error = case["expected"].get("error")
    if error:
        with pytest.raises(QgsProcessingException) as err:
            run(case["algorithm"], params, feedback=feedback)
        assert error in str(err.value)
        assert list(out.iterdir()) == []
        return
    _check(case, run(case["algorithm"], params, feedback=feedback), feedback, out)
