"""The assessment run: image + annotation -> tiles -> assessor -> blended probabilities
-> quality raster, confidence raster, FP/FN polygons, per-feature scores, summary.

Stages: open the inputs -> the tiled run (`core.assess.tilestream`: read/prepare tiles, model,
stitch/write rows; reading and writing in worker threads while the model computes) -> polygons
and per-feature scores from the finished rasters -> output layers and rasters -> summary.

Memory stays flat in the raster's size for the tiled part: tiles are read window by
window and finished rows are written as soon as no later tile touches them (see
`core.assess.stitching.StripAccumulator`). Polygonizing reads the finished quality raster
(1 byte per pixel) and its region labels. Every output is staged and renamed into
place only when the whole run succeeded (`core.assess.outputs.StagedOutputs`).
"""
from __future__ import annotations

import math
import platform
import shutil
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import geopandas as gpd
import numpy as np
import rasterio
import rasterio.shutil
from rasterio.windows import Window

from ..common import strict_json
from ..common.classes import CLASS_NAMES
from .annotation import open_annotation
from .assessors import Assessor
from ..common.crs import describe
from ..common.errors import InputError
from .inputs import ImageSource
from .job import AssessJob, AssessResult
from .memory import check_memory
from .outputs import (StagedOutputs, finish_quality_raster, quality_qml, to_cog, write_errors, write_layers,
    write_text)
from .polygons import add_region_stats, missed_objects, polygonize
from ..review.decisions import review_layers
from ..common.progress import NullProgress, Progress, ScaledProgress, check_cancel, msg
from ..common.version import __version__
from .rowwriter import QualityWriter, TempRasters
from .scores import score_features
from .stages import StageTimer
from .tilestream import TileRunStats, assess_tiles
from .tiling import plan_tiles, tile_rows, validate_tiling

GDAL_CACHE_BYTES = 128 * 1024 * 1024  # rasterio passes an int to GDALSetCacheMax64: bytes


def output_names(prefix: str, keep_probabilities: bool) -> Dict[str, str]:
    names = {"quality": f"{prefix}quality.tif", "quality_style": f"{prefix}quality.qml",
             "confidence": f"{prefix}confidence.tif", "polygons": f"{prefix}assessment.gpkg",
             "summary": f"{prefix}summary.json"}
    if keep_probabilities:
        names["probabilities"] = f"{prefix}probabilities.tif"
    return names


def _versions() -> Dict[str, str]:
    v = {"segassess": __version__, "python": platform.python_version(), "numpy": np.__version__,
         "rasterio": rasterio.__version__, "gdal": rasterio.__gdal_version__, "geopandas": gpd.__version__}
    if "torch" in sys.modules:
        v["torch"] = sys.modules["torch"].__version__
    return v


def _features_from_mask(reader, image) -> gpd.GeoDataFrame:
    """Objects of a raster annotation (4-connected non-zero regions, streamed from the aligned
    raster), so they can be scored like vector features."""
    band = rasterio.band(reader.reader, 1)
    polys = polygonize(band, band, image.transform, image.crs)
    return polys[["geometry"]].assign(object_id=np.arange(1, len(polys) + 1))


def _estimates(sums: np.ndarray) -> Dict[str, float]:
    """IoU/F1/precision/recall of the annotation from expected TP/FP/FN pixel counts."""
    tp, fp, _, fn = (float(x) for x in sums)
    def ratio(a, b):
        return a / b if b > 0 else float("nan")
    return {"iou": ratio(tp, tp + fp + fn), "f1": ratio(2 * tp, 2 * tp + fp + fn),
            "precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn)}


def _core_window(job: AssessJob, image) -> Window:
    """The window the outputs cover: job.core_window (checked to lie inside the image) or everything."""
    if job.core_window is None:
        return Window(0, 0, image.width, image.height)
    c, r, w, h = (int(v) for v in job.core_window)
    if w < 1 or h < 1 or c < 0 or r < 0 or c + w > image.width or r + h > image.height:
        raise InputError(f"The output window {job.core_window} (col, row, width, height) does not lie inside the "
                         f"{image.width}x{image.height} px image.")
    return Window(c, r, w, h)


def _features_in(features: gpd.GeoDataFrame, bounds) -> gpd.GeoDataFrame:
    """Features whose representative point lies in `bounds` (half-open on the right and bottom
    edges), so that adjacent sheets score each feature exactly once, even one that straddles them."""
    if len(features) == 0:
        return features
    pts = features.geometry.representative_point()
    x0, y0, x1, y1 = bounds
    inside = (pts.x >= x0) & (pts.x < x1) & (pts.y > y0) & (pts.y <= y1)
    return features[inside.values].reset_index(drop=True)


@dataclass
class _Inputs:
    """The opened inputs of a run (closed by run_assessment whatever happens)."""

    image: ImageSource
    ann: object               # mask reader of the annotation (`.read(window)`)
    truth: Optional[object]   # mask reader of the ground truth, for the reference assessor
    features: gpd.GeoDataFrame
    core: Window              # the window the outputs cover


@dataclass
class _Layers:
    """What the finished rasters give: FP/FN regions, scored features, missed objects."""

    fp: gpd.GeoDataFrame
    fn: gpd.GeoDataFrame
    scored: gpd.GeoDataFrame
    missed: gpd.GeoDataFrame

    def as_dict(self) -> Dict[str, gpd.GeoDataFrame]:
        return {"false_positive": self.fp, "false_negative": self.fn, "scored_features": self.scored,
                "missed_objects": self.missed}


def _check_job(job: AssessJob) -> None:
    validate_tiling(job.tile_size, job.overlap)
    if job.batch_size < 1:
        raise InputError(f"Batch size must be at least 1 (got {job.batch_size}).")
    if not (math.isfinite(job.buffer_m) and job.buffer_m >= 0):
        raise InputError(f"The buffer around features must be a distance of 0 m or more (got {job.buffer_m}).")
    if not (math.isfinite(job.min_area) and job.min_area >= 0):
        raise InputError(f"The minimum polygon area must be 0 or more (got {job.min_area}).")


def _open_inputs(jobs: Sequence[AssessJob], assessor: Assessor, progress: Progress, opened: list) -> List[_Inputs]:
    """Open the image and (for the reference assessor) the truth once, and each job's annotation;
    every reader is appended to `opened`. One _Inputs per job, sharing the image and the truth."""
    job = jobs[0]
    image = ImageSource(job.image, job.bands, job.stretch, job.stretch_limits)
    opened.append(image)
    truth = None
    if getattr(assessor, "needs_truth", False):
        if job.truth is None:
            raise InputError("The reference assessor needs a ground-truth layer (truth).")
        truth, _ = open_annotation(job.truth, image, progress, "ground truth")
        opened.append(truth)
    core = _core_window(job, image)
    out = []
    for j in jobs:
        ann, features = open_annotation(j.annotation, image, progress, "annotation")
        opened.append(ann)
        if features is None:
            features = _features_from_mask(ann, image)
        if job.core_window is not None:
            features = _features_in(features, image.ds.window_bounds(core))
        out.append(_Inputs(image, ann, truth, features, core))
    return out


def _check_one_sheet(jobs: Sequence[AssessJob]) -> None:
    """Jobs run together must differ only in their annotation, output prefix and earlier review (same
    image, same settings, same folder): they share every tile read and the model's work on the image."""
    if not jobs:
        raise InputError("Nothing to assess: no annotation was given.")
    for j in jobs:
        _check_job(j)
    own = ("annotation", "prefix", "previous_review")  # what each annotation has for itself
    first = {k: v for k, v in vars(jobs[0]).items() if k not in own}
    for j in jobs[1:]:
        differs = [k for k, v in vars(j).items() if k not in own and first[k] != v]
        if differs:
            raise InputError(f"Annotations assessed together must share the image and every setting; "
                             f"these differ: {', '.join(differs)}.")
    prefixes = [_prefix(j) for j in jobs]
    if len(set(prefixes)) != len(prefixes):
        raise InputError("Annotations assessed together need different output prefixes.")


def _prefix(job: AssessJob) -> str:
    return job.prefix if job.prefix else f"{Path(job.image).stem}_"


def run_assessment(job: AssessJob, assessor: Assessor, progress: Optional[Progress] = None) -> AssessResult:
    """Run one sheet. Raises InputError/OutputError/Cancelled with a user-facing sentence."""
    return run_assessments([job], assessor, progress)[0]


def run_assessments(jobs: Sequence[AssessJob], assessor: Assessor,
                    progress: Optional[Progress] = None) -> List[AssessResult]:
    """Several annotations (candidates) of one image in one run: jobs that differ only in their
    annotation and output prefix. Each tile is read once and assessed for all of them
    (`assessors.assess_candidates`: a network encodes the image once); each gets the outputs of its
    own `run_assessment`. All outputs are committed together, the summaries last."""
    progress = progress or NullProgress()
    timer = StageTimer()
    t0 = time.perf_counter()
    _check_one_sheet(jobs)
    job = jobs[0]
    opened = []  # closed whatever happens: GDAL handles would otherwise keep the inputs locked (Windows)
    try:
        inputs = _open_inputs(jobs, assessor, progress, opened)
        check_memory(job.tile_size, job.batch_size, inputs[0].image.width, inputs[0].image.height, assessor)
        timer.add("inputs", t0)
        names = [output_names(_prefix(j), j.keep_probabilities) for j in jobs]
        order = [n for d in names for k, n in d.items() if k != "summary"] + [d["summary"] for d in names]
        family = [n for j in jobs for n in output_names(_prefix(j), True).values()]
        staged = StagedOutputs(job.out_dir, order, job.overwrite, family=family)
        # A bounded GDAL block cache: by default it may take 5% of RAM and would grow with the raster.
        with staged, write_errors(staged.out_dir), rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_BYTES):
            tmps = [TempRasters.in_folder(staged.staging, f"{i}_" if len(jobs) > 1 else "") for i in range(len(jobs))]
            writers, stats = _tiled_run(job, assessor, inputs, tmps, progress, timer)
            summaries = []
            for i, (j, inp, tmp, writer, nm) in enumerate(zip(jobs, inputs, tmps, writers, names)):
                part = ScaledProgress(progress, 75 + 25 * i / len(jobs), 75 + 25 * (i + 1) / len(jobs), 75, 100)
                layers = _polygons_and_scores(j, inp, tmp, part, timer)
                _write_outputs(j, inp, tmp, layers, staged, nm, part, timer)
                summaries.append(_summary(j, assessor, inp, writer, stats, layers, progress))
            for summary, nm in zip(summaries, names):
                summary["timing_s"] = {k: round(v, 3) for k, v in timer.t.items()}
                summary["timing_s"]["total"] = round(time.perf_counter() - t0, 3)
                if len(jobs) > 1:
                    summary["shared_run"] = {"annotations": len(jobs), "timing": "of the whole run"}
                write_text(staged.path(nm["summary"]), strict_json.dumps(summary, indent=2))
            check_cancel(progress)
            done = staged.commit(order)
    finally:
        for reader in reversed(opened):
            reader.close()
    progress.set_progress(100, msg("Done"))
    return [AssessResult(quality=done[nm["quality"]], confidence=done[nm["confidence"]],
                         polygons=done[nm["polygons"]], summary=done[nm["summary"]], summary_data=summary,
                         probabilities=done.get(nm.get("probabilities", "")))
            for nm, summary in zip(names, summaries)]


def _tiled_run(job: AssessJob, assessor, inputs: Sequence[_Inputs], tmps: Sequence[TempRasters],
               progress: Progress, timer: StageTimer):
    """Tiles -> model -> blended rows in each candidate's staged rasters. Returns (one writer per
    candidate, run statistics)."""
    image = inputs[0].image
    tiles = plan_tiles(image.height, image.width, job.tile_size, job.overlap)
    rows = list(tile_rows(tiles))
    progress.info(f"{len(tiles)} tile(s) of {job.tile_size}x{job.tile_size} px (overlap {job.overlap}) over "
                  f"{image.width}x{image.height} px, assessor: {assessor.name}"
                  + (f", {len(inputs)} annotations" if len(inputs) > 1 else ""))
    precision = getattr(assessor, "precision_info", None)
    if precision:
        progress.info(f"Network precision: {precision['name']} ({precision['placement']})"
                      + (f"; chosen by auto: {precision['reason']}" if precision["requested"] == "auto" else ""))
    with ExitStack() as stack:
        writers = [stack.enter_context(QualityWriter(image.ds, inp.core, rows, job.tile_size, job.overlap, tmp, timer))
                   for inp, tmp in zip(inputs, tmps)]
        stats = assess_tiles(assessor, image, [inp.ann for inp in inputs], inputs[0].truth, rows, writers,
                             job.tile_size, job.batch_size, progress, timer, threaded=job.threaded)
        for writer in writers:
            writer.finish()
    if stats.skipped:
        progress.info(f"Skipped {stats.skipped} tile(s) entirely in nodata.")
    return writers, stats


def _polygons_and_scores(job: AssessJob, inputs: _Inputs, tmp: TempRasters, progress: Progress,
                         timer: StageTimer) -> _Layers:
    """FP/FN polygons (streamed from the finished rasters), missed objects, per-feature scores."""
    t = time.perf_counter()
    progress.set_progress(77, msg("Polygonizing false positives and false negatives"))
    image = inputs.image
    core_transform = image.ds.window_transform(inputs.core)
    with rasterio.open(tmp.quality) as q_ds, rasterio.open(tmp.confidence) as c_ds, \
            rasterio.open(tmp.errors) as e_ds:
        # streamed from disk: the quality band is the source, the FP/FN mask band selects regions
        regions = polygonize(rasterio.band(q_ds, 1), rasterio.band(e_ds, 1), core_transform, image.crs)

        def conf_rows(r0, r1):
            return c_ds.read(1, window=Window(0, r0, c_ds.width, r1 - r0))

        regions = add_region_stats(regions, conf_rows, c_ds.height, c_ds.width, core_transform, image.crs,
                                   job.min_area)
    fp = regions[regions["value"] == 2].drop(columns="value").reset_index(drop=True)
    fn = regions[regions["value"] == 4].drop(columns="value").reset_index(drop=True)
    del regions
    missed = missed_objects(fn, inputs.features)
    t = timer.add("polygonize", t)

    progress.set_progress(85, msg("Scoring {n} annotated feature(s)", n=len(inputs.features)))
    with rasterio.open(tmp.probabilities) as p_ds:
        scored = score_features(inputs.features, p_ds, inputs.ann, image.crs, job.buffer_m, progress)
    timer.add("scores", t)
    return _Layers(fp, fn, scored, missed)


def _write_outputs(job: AssessJob, inputs: _Inputs, tmp: TempRasters, layers: _Layers, staged: StagedOutputs,
                   names: Dict[str, str], progress: Progress, timer: StageTimer) -> None:
    """The GeoPackage layers, the quality raster (+ style), confidence and probabilities as COGs."""
    t = time.perf_counter()
    progress.set_progress(92, msg("Writing outputs"))
    previous = job.previous_review or staged.final(names["polygons"])  # review decisions are carried over
    pixel = abs(inputs.image.ds.window_transform(inputs.core).a)
    write_layers(staged.path(names["polygons"]), {
        **layers.as_dict(),
        **review_layers(layers.fp, layers.fn, layers.scored, inputs.image.crs, pixel, previous, progress)})
    finish_quality_raster(tmp.quality, staged.path(names["quality"]))
    write_text(staged.path(names["quality_style"]), quality_qml())
    to_cog(tmp.confidence, staged.path(names["confidence"]), "average")
    if "probabilities" in names:
        image, core = inputs.image, inputs.core
        c0, r0, w, h = int(core.col_off), int(core.row_off), int(core.width), int(core.height)
        whole = (c0, r0, w, h) == (0, 0, image.width, image.height)
        source = tmp.probabilities if whole else f"vrt://{tmp.probabilities}?srcwin={c0},{r0},{w},{h}"
        if job.internal_probabilities and whole:
            shutil.move(tmp.probabilities, staged.path(names["probabilities"]))  # same folder: a rename
        elif job.internal_probabilities:
            rasterio.shutil.copy(source, staged.path(names["probabilities"]), driver="GTiff", tiled=True)
        else:
            to_cog(source, staged.path(names["probabilities"]), "average")
    for path in tmp.all():
        path.unlink(missing_ok=True)
    timer.add("write", t)


def _worst_features(scored: gpd.GeoDataFrame, n: int = 5) -> list:
    worst = scored.dropna(subset=["est_iou"]).sort_values("est_iou").head(n)
    id_col = "source_fid" if "source_fid" in scored.columns else ("object_id" if "object_id" in scored.columns else None)
    return [{"id": (int(row[id_col]) if id_col else int(i)), "est_iou": round(float(row.est_iou), 4)}
            for i, row in worst.iterrows()]


def _summary(job: AssessJob, assessor, inputs: _Inputs, writer: QualityWriter, stats: TileRunStats,
             layers: _Layers, progress: Progress) -> dict:
    image, core, counts = inputs.image, inputs.core, writer.counts
    fp, fn = layers.fp, layers.fn
    chain = stats.chain
    return {
        "image": str(job.image), "annotation": str(job.annotation.path), "filter": job.annotation.where,
        "truth": str(job.truth.path) if job.truth else None, "assessor": assessor.name,
        "precision": getattr(assessor, "precision_info", None),
        "crs": describe(image.crs), "crs_wkt": image.crs.to_wkt(),
        "size_px": [int(core.width), int(core.height)],
        "window_px": [int(core.col_off), int(core.row_off), int(core.width), int(core.height)]
        if job.core_window else None,
        "parameters": {"tile_size": job.tile_size, "overlap": job.overlap, "batch_size": job.batch_size,
                       "bands": list(image.bands), "stretch": image.stretch, "min_area": job.min_area,
                       "buffer_m": job.buffer_m, "all_touched": job.annotation.all_touched},
        "tiles": {"planned": stats.planned, "skipped_nodata": stats.skipped},
        "pixels": {"nodata": int(counts[0]), **{n: int(c) for n, c in zip(CLASS_NAMES, counts[1:])}},
        "estimated": _estimates(writer.prob_sums),
        "from_labels": _estimates(counts[1:].astype(float)),
        "polygons": {"false_positive": len(fp), "false_negative": len(fn), "missed_objects": len(layers.missed)},
        "areas_m2": {"false_positive": round(float(fp["area_m2"].sum()), 3) if len(fp) else 0.0,
                     "false_negative": round(float(fn["area_m2"].sum()), 3) if len(fn) else 0.0},
        "features": {"count": len(layers.scored), "worst": _worst_features(layers.scored)},
        "pipeline": {"threaded": job.threaded, "model_s": round(chain.compute_s, 3),
                     "tiles_wall_s": round(chain.wall_s, 3),
                     "model_waited_for_input_s": round(chain.waited_for_input_s, 3),
                     "model_waited_for_output_s": round(chain.waited_for_output_s, 3)},
        "versions": _versions(),
        "warnings": list(getattr(progress, "warnings", [])),
    }
