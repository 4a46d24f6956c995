"""The assessment run: image + annotation -> tiles -> assessor -> blended probabilities
-> quality raster, confidence raster, FP/FN polygons, per-feature scores, summary.

Memory stays flat in the raster's size for the tiled part: tiles are read window by
window and finished rows are written as soon as no later tile touches them (see
`core.assess.stitching.StripAccumulator`). Polygonizing reads the finished quality raster
(1 byte per pixel) and its region labels. Every output is staged and renamed into
place only when the whole run succeeded (`core.assess.outputs.StagedOutputs`).
"""
from __future__ import annotations

import json
import math
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Dict, Optional

import geopandas as gpd
import numpy as np
import rasterio
from rasterio.windows import Window

from ..common.classes import CLASS_NAMES
from .annotation import open_annotation
from .assessors import Assessor
from ..common.crs import describe
from ..common.errors import InputError
from .inputs import ImageSource
from .job import AssessJob, AssessResult
from .outputs import (StagedOutputs, class_counts, finish_quality_raster, quality_qml, raster_profile, to_cog,
    write_layers, write_text)
from .polygons import add_region_stats, missed_objects, polygonize
from ..common.progress import NullProgress, Progress, check_cancel
from .scores import score_features
from .stitching import StripAccumulator, tile_weights
from .tiling import pad_tile, plan_tiles, tile_rows, validate_tiling

__version__ = "0.1.0"
WRITE_CHUNK_COLS = 2048
GDAL_CACHE_BYTES = 128 * 1024 * 1024  # rasterio passes an int to GDALSetCacheMax64: bytes


def output_names(prefix: str, keep_probabilities: bool) -> Dict[str, str]:
    names = {"quality": f"{prefix}quality.tif", "quality_style": f"{prefix}quality.qml",
             "confidence": f"{prefix}confidence.tif", "polygons": f"{prefix}assessment.gpkg",
             "summary": f"{prefix}summary.json"}
    if keep_probabilities:
        names["probabilities"] = f"{prefix}probabilities.tif"
    return names


class _Timer:
    def __init__(self):
        self.t = defaultdict(float)

    def add(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.t[stage] += now - since
        return now


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


def run_assessment(job: AssessJob, assessor: Assessor, progress: Optional[Progress] = None) -> AssessResult:
    """Run one sheet. Raises InputError/OutputError/Cancelled with a user-facing sentence."""
    progress = progress or NullProgress()
    timer = _Timer()
    t0 = t = time.perf_counter()
    validate_tiling(job.tile_size, job.overlap)
    if job.batch_size < 1:
        raise InputError(f"Batch size must be at least 1 (got {job.batch_size}).")
    if not (math.isfinite(job.buffer_m) and job.buffer_m >= 0):
        raise InputError(f"The buffer around features must be a distance of 0 m or more (got {job.buffer_m}).")
    if not (math.isfinite(job.min_area) and job.min_area >= 0):
        raise InputError(f"The minimum polygon area must be 0 or more (got {job.min_area}).")
    opened = []  # closed whatever happens: GDAL handles would otherwise keep the inputs locked (Windows)
    try:
        image = ImageSource(job.image, job.bands, job.stretch, job.stretch_limits)
        opened.append(image)
        ann, features = open_annotation(job.annotation, image, progress, "annotation")
        opened.append(ann)
        truth = None
        if getattr(assessor, "needs_truth", False):
            if job.truth is None:
                raise InputError("The reference assessor needs a ground-truth layer (truth).")
            truth, _ = open_annotation(job.truth, image, progress, "ground truth")
            opened.append(truth)
        if features is None:
            features = _features_from_mask(ann, image)
        core = _core_window(job, image)
        if job.core_window is not None:
            features = _features_in(features, image.ds.window_bounds(core))
        t = timer.add("inputs", t)

        prefix = job.prefix if job.prefix else f"{Path(job.image).stem}_"
        names = output_names(prefix, job.keep_probabilities)
        staged = StagedOutputs(job.out_dir, list(names.values()), job.overwrite)
        # A bounded GDAL block cache: by default it may take 5% of RAM and would grow with the raster.
        with staged, rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_BYTES):
            summary = _run_tiles_and_write(job, assessor, progress, image, ann, truth, features, staged, names,
                                           timer, t, core)
            summary["timing_s"] = {k: round(v, 3) for k, v in timer.t.items()}
            summary["timing_s"]["total"] = round(time.perf_counter() - t0, 3)
            write_text(staged.path(names["summary"]), json.dumps(summary, indent=2, default=str))
            order = [n for k, n in names.items() if k != "summary"] + [names["summary"]]
            check_cancel(progress)
            done = staged.commit(order)
    finally:
        for reader in reversed(opened):
            reader.close()
    progress.set_progress(100, "Done")
    return AssessResult(quality=done[names["quality"]], confidence=done[names["confidence"]],
                        polygons=done[names["polygons"]], summary=done[names["summary"]],
                        summary_data=summary, probabilities=done.get(names.get("probabilities", "")))


def _run_tiles_and_write(job, assessor, progress, image, ann, truth, features, staged, names, timer, t, core):
    T, O = job.tile_size, job.overlap
    tiles = plan_tiles(image.height, image.width, T, O)
    rows = list(tile_rows(tiles))
    strip = StripAccumulator(image.width, min(T, image.height))
    q_tmp = staged.path("quality.tmp.tif")
    c_tmp = staged.path("confidence.tmp.tif")
    p_tmp = staged.path("probabilities.tmp.tif")
    e_tmp = staged.path("errors.tmp.tif")  # 1 where FP or FN: the polygonizer's mask
    counts = np.zeros(5, np.int64)
    prob_sums = np.zeros(4, np.float64)
    n_done, n_skipped = 0, 0
    progress.info(f"{len(tiles)} tile(s) of {T}x{T} px (overlap {O}) over {image.width}x{image.height} px, "
                  f"assessor: {assessor.name}")
    # quality, confidence and the error mask cover the core window; probabilities the whole image,
    # so features near a sheet edge are scored with the context beyond it
    core_r0, core_r1 = int(core.row_off), int(core.row_off + core.height)
    core_c0, core_c1 = int(core.col_off), int(core.col_off + core.width)
    core_transform = image.ds.window_transform(core)
    with rasterio.open(q_tmp, "w", **raster_profile(image.ds, 1, "uint8", 0, core)) as q_ds, \
            rasterio.open(c_tmp, "w", **raster_profile(image.ds, 1, "float32", 0, core)) as c_ds, \
            rasterio.open(p_tmp, "w", **{**raster_profile(image.ds, 4, "uint8", None), "interleave": "pixel"}) as p_ds, \
            rasterio.open(e_tmp, "w", **raster_profile(image.ds, 1, "uint8", None, core)) as e_ds:
        for r, row in enumerate(rows):
            for start in range(0, len(row), job.batch_size):
                check_cancel(progress)
                batch = row[start:start + job.batch_size]
                imgs, masks, truths, valids, kept = [], [], [], [], []
                for tile in batch:
                    win = Window(tile.col, tile.row, tile.width, tile.height)
                    rgb, valid = image.read(win)
                    if not valid.any():
                        n_skipped += 1
                        continue
                    kept.append(tile)
                    valids.append(valid)
                    imgs.append(pad_tile(rgb, T))
                    masks.append(pad_tile(ann.read(win)[None].astype(np.float32), T))
                    if truth is not None:
                        truths.append(pad_tile(truth.read(win)[None].astype(np.float32), T))
                t = timer.add("read", t)
                if kept:
                    extra = {"truth": np.stack(truths)} if truth is not None else {}
                    probs = np.asarray(assessor.assess(np.stack(imgs), np.stack(masks), **extra), np.float32)
                    if probs.shape != (len(kept), 4, T, T):
                        raise RuntimeError(f"assessor returned {probs.shape}, expected {(len(kept), 4, T, T)}")
                    t = timer.add("assess", t)
                    for tile, p, valid in zip(kept, probs, valids):
                        strip.add(tile, p[:, :tile.height, :tile.width], tile_weights(tile, O), valid)
                    t = timer.add("stitch", t)
                n_done += len(batch)
                progress.set_progress(75.0 * n_done / len(tiles),
                                      f"Assessed tile {n_done}/{len(tiles)} (row {r + 1}/{len(rows)})")
            next_row = rows[r + 1][0].row if r + 1 < len(rows) else image.height
            top, probs, covered = strip.flush(next_row)
            # column chunks keep the per-pixel temporaries (argmax, rounding) small on wide rasters
            for c0 in range(0, image.width, WRITE_CHUNK_COLS):
                c1 = min(image.width, c0 + WRITE_CHUNK_COLS)
                p, cov = probs[:, :, c0:c1], covered[:, c0:c1]
                p_ds.write(np.round(p * 255).astype(np.uint8), window=Window(c0, top, c1 - c0, next_row - top))
                # the part of this chunk inside the core window, in chunk and in core coordinates
                r_a, r_b = max(top, core_r0), min(next_row, core_r1)
                k_a, k_b = max(c0, core_c0), min(c1, core_c1)
                if r_a >= r_b or k_a >= k_b:
                    continue
                p = p[:, r_a - top:r_b - top, k_a - c0:k_b - c0]
                cov = cov[r_a - top:r_b - top, k_a - c0:k_b - c0]
                quality = np.where(cov, p.argmax(axis=0) + 1, 0).astype(np.uint8)
                win = Window(k_a - core_c0, r_a - core_r0, k_b - k_a, r_b - r_a)
                q_ds.write(quality, 1, window=win)
                c_ds.write(np.where(cov, p.max(axis=0), 0).astype(np.float32), 1, window=win)
                e_ds.write(((quality == 2) | (quality == 4)).astype(np.uint8), 1, window=win)
                counts += class_counts(quality)
                prob_sums += p.sum(axis=(1, 2))
            del probs, covered
            t = timer.add("write", t)
    if n_skipped:
        progress.info(f"Skipped {n_skipped} tile(s) entirely in nodata.")

    # polygons from the finished rasters
    progress.set_progress(77, "Polygonizing false positives and false negatives")
    with rasterio.open(q_tmp) as q_ds, rasterio.open(c_tmp) as c_ds, rasterio.open(e_tmp) as e_ds:
        # streamed from disk: the quality band is the source, the FP/FN mask band selects regions
        regions = polygonize(rasterio.band(q_ds, 1), rasterio.band(e_ds, 1), core_transform, image.crs)

        def conf_rows(r0, r1):
            return c_ds.read(1, window=Window(0, r0, c_ds.width, r1 - r0))

        regions = add_region_stats(regions, conf_rows, c_ds.height, c_ds.width, core_transform, image.crs,
                                   job.min_area)
    fp = regions[regions["value"] == 2].drop(columns="value").reset_index(drop=True)
    fn = regions[regions["value"] == 4].drop(columns="value").reset_index(drop=True)
    del regions
    missed = missed_objects(fn, features)
    t = timer.add("polygonize", t)

    progress.set_progress(85, f"Scoring {len(features)} annotated feature(s)")
    with rasterio.open(p_tmp) as p_ds:
        scored = score_features(features, p_ds, ann, image.crs, job.buffer_m, progress)
    t = timer.add("scores", t)

    progress.set_progress(92, "Writing outputs")
    write_layers(staged.path(names["polygons"]), {
        "false_positive": fp, "false_negative": fn, "scored_features": scored, "missed_objects": missed})
    finish_quality_raster(q_tmp, staged.path(names["quality"]))
    write_text(staged.path(names["quality_style"]), quality_qml())
    to_cog(c_tmp, staged.path(names["confidence"]), "average")
    if "probabilities" in names:
        whole = core_c0 == 0 and core_r0 == 0 and core.width == image.width and core.height == image.height
        source = p_tmp if whole else f"vrt://{p_tmp}?srcwin={core_c0},{core_r0},{int(core.width)},{int(core.height)}"
        to_cog(source, staged.path(names["probabilities"]), "average")
    for tmp in (q_tmp, c_tmp, p_tmp, e_tmp):
        tmp.unlink(missing_ok=True)
    t = timer.add("write", t)

    worst = scored.dropna(subset=["est_iou"]).sort_values("est_iou").head(5)
    id_col = "source_fid" if "source_fid" in scored.columns else ("object_id" if "object_id" in scored.columns else None)
    summary = {
        "image": str(job.image), "annotation": str(job.annotation.path), "filter": job.annotation.where,
        "truth": str(job.truth.path) if job.truth else None, "assessor": assessor.name,
        "crs": describe(image.crs), "crs_wkt": image.crs.to_wkt(),
        "size_px": [int(core.width), int(core.height)],
        "window_px": [core_c0, core_r0, int(core.width), int(core.height)] if job.core_window else None,
        "parameters": {"tile_size": job.tile_size, "overlap": job.overlap, "batch_size": job.batch_size,
                       "bands": list(image.bands), "stretch": image.stretch, "min_area": job.min_area,
                       "buffer_m": job.buffer_m, "all_touched": job.annotation.all_touched},
        "tiles": {"planned": len(tiles), "skipped_nodata": n_skipped},
        "pixels": {"nodata": int(counts[0]), **{n: int(c) for n, c in zip(CLASS_NAMES, counts[1:])}},
        "estimated": _estimates(prob_sums),
        "from_labels": _estimates(counts[1:].astype(float)),
        "polygons": {"false_positive": len(fp), "false_negative": len(fn), "missed_objects": len(missed)},
        "areas_m2": {"false_positive": round(float(fp["area_m2"].sum()), 3) if len(fp) else 0.0,
                     "false_negative": round(float(fn["area_m2"].sum()), 3) if len(fn) else 0.0},
        "features": {"count": len(scored),
                     "worst": [{"id": (int(row[id_col]) if id_col else int(i)), "est_iou": round(float(row.est_iou), 4)}
                               for i, row in worst.iterrows()]},
        "versions": _versions(),
        "warnings": list(getattr(progress, "warnings", [])),
    }
    return summary
