"""The candidate annotations of a ranking: which layer and filter each one uses, what it is called.

`--candidate-layer` and `--where` (CLI) or their QGIS equivalents may be given once (shared by every
candidate) or once per candidate, in the candidates' order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

from ..assess.annotation import is_connection
from ..assess.job import AnnotationSpec
from ..common.errors import InputError


@dataclass
class Candidate:
    spec: AnnotationSpec
    label: str   # what the user calls it: the path as given, or the layer's name
    key: str     # short, unique and safe in file names: the prefix of its output files


def per_candidate(values: Optional[Sequence], n: int, option: str) -> list:
    """None or [] -> n times None; one value -> shared by all; n values -> one each; else an InputError."""
    values = list(values or [])
    if not values:
        return [None] * n
    if len(values) == 1:
        return values * n
    if len(values) == n:
        return values
    raise InputError(f"{option} was given {len(values)} times for {n} candidates: give it once (shared by every "
                     f"candidate) or once per candidate, in the order of the candidates.")


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "candidate"


def _unique(names: Sequence[str]) -> List[str]:
    """The names with _2, _3 ... appended to repeats, so each is unique."""
    seen, out = {}, []
    for name in names:
        k = seen.get(name, 0) + 1
        seen[name] = k
        out.append(name if k == 1 else f"{name}_{k}")
    while len(set(out)) < len(out):  # a suffixed name may collide with a given one
        out = _unique(out)
    return out


def _default_label(spec: AnnotationSpec, shared_file: bool) -> str:
    """The path as given; where several candidates read one file, with their layer and filter."""
    label = str(spec.path)
    if shared_file and spec.layer:
        label += f":{spec.layer}"
    if shared_file and spec.where:
        label += f" [{spec.where}]"
    return label


def _key(spec: AnnotationSpec, shared_file: bool) -> str:
    if is_connection(spec.path):
        return _safe(spec.layer or "postgis")
    return _safe(f"{spec.path.stem}_{spec.layer}" if shared_file and spec.layer else spec.path.stem)


def make_candidates(paths: Sequence, layers: Optional[Sequence] = None, wheres: Optional[Sequence] = None,
                    all_touched: bool = False, labels: Optional[Sequence[str]] = None) -> List[Candidate]:
    """Candidates from their sources (vector files, raster masks or PostGIS connections), with the
    per-candidate or shared layers and filters. `labels` (e.g. QGIS layer names) default to the paths."""
    n = len(paths)
    if n < 1:
        raise InputError("No candidate annotation was given: give at least one (two or more to rank them).")
    layers = per_candidate(layers, n, "The candidate layer")
    wheres = per_candidate(wheres, n, "The candidate filter")
    specs = [AnnotationSpec(Path(p), layer, where, all_touched) for p, layer, where in zip(paths, layers, wheres)]
    paths_seen = [str(s.path) for s in specs]
    shared = [paths_seen.count(str(s.path)) > 1 for s in specs]
    if labels is None:
        labels = [_default_label(s, sh) for s, sh in zip(specs, shared)]
        keys = [_key(s, sh) for s, sh in zip(specs, shared)]
    else:
        if len(labels) != n:
            raise InputError(f"{len(labels)} names were given for {n} candidates.")
        keys = [_safe(str(label)) for label in labels]
    return [Candidate(s, str(label), key) for s, label, key in zip(specs, labels, _unique(keys))]
