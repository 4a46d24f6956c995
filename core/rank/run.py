"""`rank`: several candidate annotations of one image assessed in one pass, ranked, and the best
version of each object kept.

    candidates -> core.assess.pipeline.run_assessments (each tile read once and, with a network,
    encoded once for all candidates; one quality map and assessment per candidate)
    -> ranking table (core.rank.table) -> overlap clusters and the best version of each
    (core.rank.matching, scored from each candidate's probabilities) -> best_of layer.

Everything is staged and renamed into the output folder only when the whole ranking succeeded;
the ranking JSON is written last (it marks completion).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import geopandas as gpd
import numpy as np
import rasterio

from ..assess.annotation import open_annotation
from ..assess.inputs import ImageSource
from ..assess.job import AssessJob, AssessResult
from ..assess.outputs import StagedOutputs, write_layers
from ..assess.pipeline import output_names as assessment_names, run_assessments
from ..assess.scores import expected_counts, ratios
from ..common.errors import InputError
from ..common.progress import NullProgress, Progress, ScaledProgress, check_cancel, msg
from . import MIN_OVERLAP, SINGLE_MIN_IOU
from .candidates import Candidate
from .matching import best_of_layer, choose, cluster_zones, overlap_clusters, versions
from .table import ranking_rows, write_ranking


@dataclass
class RankJob:
    job: AssessJob                 # image, tiling, outputs, truth ...; its annotation is replaced by each candidate's
    candidates: List[Candidate]
    min_overlap: float = MIN_OVERLAP
    single_min_iou: float = SINGLE_MIN_IOU


@dataclass
class RankResult:
    rows: List[dict]               # the ranking table, best first (core.rank.table.RANKING_FIELDS)
    ranking_csv: Path
    ranking_json: Path
    best_of: Path                  # GeoPackage, layer best_of
    best_of_count: int
    clusters: int
    exact: bool                    # True with the reference assessor (a ground truth)
    assessments: Dict[str, AssessResult] = field(default_factory=dict)  # by candidate key
    timing_s: Dict[str, float] = field(default_factory=dict)


def output_names(prefix: str) -> Dict[str, str]:
    return {"ranking_csv": f"{prefix}ranking.csv", "best_of": f"{prefix}best.gpkg",
            "ranking_json": f"{prefix}ranking.json"}


def _check(rank: RankJob) -> None:
    if not rank.candidates:
        raise InputError("No candidate annotation was given: give at least one (two or more to rank them).")
    if not (0 < rank.min_overlap <= 1):
        raise InputError(f"The minimum overlap must be a fraction in (0, 1] (got {rank.min_overlap}).")
    if not (0 <= rank.single_min_iou <= 1):
        raise InputError(f"The minimum IoU of single-candidate objects must be in [0, 1] (got {rank.single_min_iou}).")
    keys = [c.key for c in rank.candidates]
    if len(set(keys)) != len(keys):
        raise InputError(f"Candidate names must be unique (got {keys}).")


class _Shifted:
    """A mask reader read on another grid's windows: the probability rasters of a run with a core
    window start at the core's corner, the annotation's reader at the image's."""

    def __init__(self, reader, col_off: int, row_off: int):
        self.reader, self.col_off, self.row_off = reader, col_off, row_off

    def read(self, window):
        from rasterio.windows import Window

        return self.reader.read(Window(window.col_off + self.col_off, window.row_off + self.row_off, window.width,
                                       window.height))


def _version_estimates(rank: RankJob, results: Sequence[AssessResult], parts, zones, progress: Progress) -> np.ndarray:
    """(clusters, candidates) estimated IoU of each candidate's version over each cluster's zone."""
    job = rank.job
    est = np.full((len(zones), len(results)), np.nan)
    image = ImageSource(job.image, job.bands, job.stretch, job.stretch_limits)
    try:
        col_off, row_off = (int(v) for v in job.core_window[:2]) if job.core_window else (0, 0)
        for c, (cand, res) in enumerate(zip(rank.candidates, results)):
            check_cancel(progress)
            reader, _ = open_annotation(cand.spec, image, NullProgress(), "candidate")
            try:
                with rasterio.open(res.probabilities) as p_ds:
                    counts = expected_counts(parts[c], zones.values, p_ds, _Shifted(reader, col_off, row_off),
                                             progress)
            finally:
                reader.close()
            est[:, c] = ratios(*counts.T)["iou"]
    finally:
        image.close()
    return est


def best_of(rank: RankJob, results: Sequence[AssessResult], progress: Progress):
    """(best_of layer, number of clusters, chosen features per candidate) from the candidates' assessments."""
    layers = [gpd.read_file(r.polygons, layer="scored_features") for r in results]
    crs = layers[0].crs
    id_columns = [next((c for c in ("source_fid", "object_id") if c in layer.columns), None) for layer in layers]
    clusters = overlap_clusters(layers, rank.min_overlap)
    parts = versions(layers, clusters)
    zones = cluster_zones(parts, crs, rank.job.buffer_m)
    est = _version_estimates(rank, results, parts, zones, progress)
    choices = choose(est, clusters.presence(), rank.single_min_iou)
    names = [c.label for c in rank.candidates]
    layer = best_of_layer(layers, clusters, choices, names, id_columns)
    chosen = [int((layer["source"] == n).sum()) for n in names]
    return layer, clusters.count, chosen


def run_rank(rank: RankJob, assessor, progress: Optional[Progress] = None) -> RankResult:
    """Assess every candidate in one pass, rank them, keep the best version of each object."""
    progress = progress or NullProgress()
    _check(rank)
    t0 = time.perf_counter()
    job = rank.job
    prefix = job.prefix if job.prefix else f"{Path(job.image).stem}_"
    names = output_names(prefix)
    per_candidate = {c.key: assessment_names(f"{prefix}{c.key}_", job.keep_probabilities) for c in rank.candidates}
    finals = [n for d in per_candidate.values() for n in d.values()] + list(names.values())
    with StagedOutputs(job.out_dir, finals, job.overwrite) as staged:
        jobs = [replace(job, annotation=c.spec, prefix=f"{prefix}{c.key}_", out_dir=staged.staging, overwrite=True,
                        keep_probabilities=True, internal_probabilities=not job.keep_probabilities)
                for c in rank.candidates]
        results = run_assessments(jobs, assessor, ScaledProgress(progress, 0.0, 85.0))
        t_assess = time.perf_counter()
        progress.set_progress(86, msg("Matching the candidates' objects and choosing the best of each"))
        layer, n_clusters, chosen = best_of(rank, results, progress)
        write_layers(staged.path(names["best_of"]), {"best_of": layer})
        exact = bool(getattr(assessor, "needs_truth", False))
        rows = ranking_rows([c.label for c in rank.candidates], [c.key for c in rank.candidates],
                            [r.summary_data for r in results], [r.quality.name for r in results], chosen, exact)
        timing = {"assess": round(t_assess - t0, 3), "best_of": round(time.perf_counter() - t_assess, 3)}
        meta = {"image": str(job.image), "assessor": getattr(assessor, "name", type(assessor).__name__),
                "exact": exact, "truth": str(job.truth.path) if job.truth else None,
                "candidates": [{"candidate": c.label, "key": c.key, "path": str(c.spec.path), "layer": c.spec.layer,
                                "where": c.spec.where} for c in rank.candidates],
                "parameters": {"min_overlap": rank.min_overlap, "single_min_iou": rank.single_min_iou,
                               "buffer_m": job.buffer_m, "tile_size": job.tile_size, "overlap": job.overlap},
                "best_of": {"features": len(layer), "clusters": n_clusters}, "timing_s": timing}
        write_ranking(rows, staged.path(names["ranking_csv"]), staged.path(names["ranking_json"]), meta,
                      staged.path(names["best_of"]))
        if not job.keep_probabilities:
            for r in results:
                r.probabilities.unlink(missing_ok=True)
        check_cancel(progress)
        done = staged.commit(finals)
    progress.set_progress(100, msg("Done"))
    assessments = {c.key: _moved(r, done) for c, r in zip(rank.candidates, results)}
    return RankResult(rows, done[names["ranking_csv"]], done[names["ranking_json"]], done[names["best_of"]],
                      len(layer), n_clusters, exact, assessments, timing)


def _moved(result: AssessResult, done: Dict[str, Path]) -> AssessResult:
    """The assessment's paths after the staged files were renamed into the output folder."""
    def where(path: Optional[Path]) -> Optional[Path]:
        return done.get(path.name) if path is not None else None

    return replace(result, quality=where(result.quality), confidence=where(result.confidence),
                   polygons=where(result.polygons), summary=where(result.summary),
                   probabilities=where(result.probabilities))
