"""Strict JSON for every file and stream SegAssess writes (summary.json, reports, --progress jsonl,
the campaign manifest, model cards): never `NaN`/`Infinity`, which standard JSON parsers reject.

An undefined figure (the estimated IoU of an all-nodata image, a metric of an absent class) is
written as `null`. NumPy scalars and arrays become plain numbers and lists, paths become text.
"""
from __future__ import annotations

import json
import math
from pathlib import PurePath


def jsonable(obj):
    """A copy of `obj` made of JSON types only, with non-finite numbers as None."""
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, PurePath):
        return str(obj)
    if hasattr(obj, "tolist"):  # NumPy scalars and arrays
        return jsonable(obj.tolist())
    return str(obj)


def dumps(obj, **kwargs) -> str:
    """json.dumps of `jsonable(obj)`; refuses (ValueError) anything that would still not be strict JSON."""
    return json.dumps(jsonable(obj), allow_nan=False, **kwargs)
