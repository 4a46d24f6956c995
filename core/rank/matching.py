"""Objects matched across candidate annotations, and the best version of each (the `best_of` layer).

Matching: two features, of any candidates, belong to the same object when they overlap by at least
`min_overlap` of the smaller one's area (default 10 %: a shifted or redrawn outline still overlaps its
object by far more, while neighbours that merely touch or graze each other do not). Clusters are the
connected components of that relation (shapely STRtree for the candidate pairs, scipy for the
components), so one candidate's merged block and another's separate houses form one cluster.

Selection: each candidate's version of a cluster is the set of its features in it; every version is
scored over the same zone (the union of all the cluster's features, buffered by `buffer_m`) from that
candidate's own quality probabilities (`core.assess.scores.expected_counts`): expected TP and FP
inside the version, FN in the rest of the zone. The version with the highest estimated IoU wins; the
runner-up is the next best version of the candidates that have one. A cluster found by a single
candidate is kept only when the network supports it: its estimated IoU is at least `single_min_iou`
(default 0.5, i.e. more of it is predicted right than wrong); otherwise it is most likely a
commission error of that candidate and is left out.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

import geopandas as gpd
import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from . import MIN_OVERLAP, SINGLE_MIN_IOU

BEST_OF_FIELDS = ("cluster", "source", "source_fid", "est_iou", "runner_up", "runner_up_iou", "n_sources", "rule")


@dataclass
class Clusters:
    """Cluster labels of the features of each candidate layer (`labels[c][i]`), 0..n-1."""

    labels: List[np.ndarray]
    count: int

    def members(self, candidate: int, cluster: int) -> np.ndarray:
        return np.flatnonzero(self.labels[candidate] == cluster)

    def presence(self) -> np.ndarray:
        """(clusters, candidates) bool: which candidates have a feature in each cluster."""
        out = np.zeros((self.count, len(self.labels)), bool)
        for c, lab in enumerate(self.labels):
            out[lab, c] = True
        return out


def overlap_clusters(layers: Sequence[gpd.GeoDataFrame], min_overlap: float = MIN_OVERLAP) -> Clusters:
    """Cluster the features of all `layers` (same CRS) by overlap (see the module doc)."""
    geoms = np.concatenate([np.asarray(g.geometry.values, dtype=object) for g in layers]) if layers else \
        np.zeros(0, object)
    sizes = [len(g) for g in layers]
    n = len(geoms)
    if n == 0:
        return Clusters([np.zeros(0, np.int64) for _ in layers], 0)
    valid = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    tree = shapely.STRtree(np.where(valid, geoms, None))
    i, j = tree.query(np.where(valid, geoms, None), predicate="intersects")
    keep = i < j
    i, j = i[keep], j[keep]
    if len(i):
        inter = shapely.area(shapely.intersection(geoms[i], geoms[j]))
        smaller = np.minimum(shapely.area(geoms[i]), shapely.area(geoms[j]))
        linked = (inter > 0) & (inter >= min_overlap * smaller)
        i, j = i[linked], j[linked]
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    return Clusters(list(np.split(labels.astype(np.int64), np.cumsum(sizes)[:-1])), int(count))


def versions(layers: Sequence[gpd.GeoDataFrame], clusters: Clusters) -> List[np.ndarray]:
    """Per candidate, its version of each cluster: the union of its features there (None where it has none)."""
    out = []
    for layer, lab in zip(layers, clusters.labels):
        geoms = np.full(clusters.count, None, dtype=object)
        if len(lab):
            frame = gpd.GeoDataFrame({"cluster": lab}, geometry=layer.geometry.values, crs=layer.crs)
            merged = frame.dissolve(by="cluster")
            geoms[merged.index.values] = merged.geometry.values
        out.append(geoms)
    return out


def cluster_zones(parts: Sequence[np.ndarray], crs, buffer_distance_m: float) -> gpd.GeoSeries:
    """Each cluster's zone: the union of every candidate's version of it (`versions`), buffered by
    `buffer_distance_m` metres."""
    from ..common.crs import buffer_m, to_crs

    count = len(parts[0]) if len(parts) else 0
    union = [shapely.union_all([v[k] for v in parts if v[k] is not None]) for k in range(count)]
    return buffer_m(gpd.GeoSeries(union, crs=crs), buffer_distance_m, to_crs(crs))


@dataclass
class Choice:
    """The chosen version of one cluster."""

    cluster: int
    winner: int                 # candidate index
    est_iou: float
    runner_up: Optional[int]    # candidate index of the next best version, None when no other candidate has one
    runner_up_iou: float
    n_sources: int
    rule: str                   # "best of N" or "single, supported"


def choose(estimates: np.ndarray, presence: np.ndarray, single_min_iou: float = SINGLE_MIN_IOU) -> List[Choice]:
    """The version to keep per cluster. estimates: (clusters, candidates) estimated IoU of each
    candidate's version over the cluster zone (NaN: no estimate); presence: which candidates have one."""
    choices = []
    for k in range(estimates.shape[0]):
        have = np.flatnonzero(presence[k])
        if len(have) == 0:
            continue
        score = np.where(np.isnan(estimates[k, have]), -np.inf, estimates[k, have])
        order = have[np.argsort(-score, kind="stable")]  # ties: the candidate given first
        best = int(order[0])
        est = float(estimates[k, best])
        if len(have) == 1:
            if not (est >= single_min_iou):
                continue
            choices.append(Choice(k, best, est, None, float("nan"), 1, "single, supported"))
            continue
        second = int(order[1])
        choices.append(Choice(k, best, est, second, float(estimates[k, second]), len(have), f"best of {len(have)}"))
    return choices


def best_of_layer(layers: Sequence[gpd.GeoDataFrame], clusters: Clusters, choices: Sequence[Choice],
                  names: Sequence[str], id_columns: Sequence[Optional[str]]) -> gpd.GeoDataFrame:
    """The chosen features (one row per feature of each winning version) with BEST_OF_FIELDS.
    id_columns: the column holding each layer's feature ids (None: row numbers from 1)."""
    rows, geoms = [], []
    for ch in choices:
        layer = layers[ch.winner]
        for i in clusters.members(ch.winner, ch.cluster):
            col = id_columns[ch.winner]
            fid = int(layer[col].iloc[i]) if col else int(i) + 1
            rows.append((ch.cluster, names[ch.winner], fid, ch.est_iou,
                         names[ch.runner_up] if ch.runner_up is not None else None, ch.runner_up_iou, ch.n_sources,
                         ch.rule))
            geoms.append(layer.geometry.values[i])
    crs = layers[0].crs if layers else None
    frame = {f: [r[n] for r in rows] for n, f in enumerate(BEST_OF_FIELDS)}
    out = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=crs), crs=crs)
    return out.astype({"cluster": "int64", "source_fid": "int64", "n_sources": "int64", "est_iou": "float64",
                       "runner_up_iou": "float64"})
