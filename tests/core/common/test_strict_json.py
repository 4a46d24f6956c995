"""The one strict-JSON writer (issue 12, item 9): no NaN/Infinity, NumPy values as plain numbers."""
import json
from pathlib import Path

import numpy as np
import pytest

from segassess.core.common import strict_json


def test_non_finite_numbers_become_null_and_numpy_values_plain():
    doc = {"nan": float("nan"), "inf": np.float32("inf"), "n": np.int64(5), "a": np.array([1.5, np.nan]),
           "nested": [{"x": -float("inf")}], "p": Path("/x/y"), 3: (1, 2)}
    text = strict_json.dumps(doc)
    assert json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in strict JSON")) == {
        "nan": None, "inf": None, "n": 5, "a": [1.5, None], "nested": [{"x": None}], "p": "/x/y", "3": [1, 2]}
