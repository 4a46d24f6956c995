"""Per-feature quality scores, so analysts can fix the worst objects first.

For each annotated feature, expected pixel counts are summed from the class
probabilities: TP and FP inside the feature, FN inside it and in a ring around it
(buffer in metres, minus pixels of any annotated feature), which is where the parts
of an object that the outline misses lie. From these: estimated IoU, Dice, precision,
recall, and FP/FN areas in m². Reads only each feature's window of the probability raster.
"""
from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
from rasterio.features import rasterize
from rasterio.windows import Window, from_bounds
from rasterio.windows import transform as window_transform

from ..common.crs import buffer_m, pixel_areas_m2
from ..common.progress import Progress, check_cancel

CHUNK_PIXELS = 4 * 1024 * 1024  # pixels of a feature's window read at once
SCORE_FIELDS = ("est_iou", "est_dice", "est_precision", "est_recall", "fp_area_m2", "fn_area_m2")


def _window_for(bounds, transform, height, width):
    w = from_bounds(*bounds, transform=transform)
    r0, c0 = max(0, math.floor(w.row_off)), max(0, math.floor(w.col_off))
    r1 = min(height, math.ceil(w.row_off + w.height))
    c1 = min(width, math.ceil(w.col_off + w.width))
    if r1 <= r0 or c1 <= c0:
        return None
    return Window(c0, r0, c1 - c0, r1 - r0)


def expected_counts(geoms, zones, prob_ds, mask_reader, progress: Progress) -> np.ndarray:
    """Expected TP, FP, FN pixel counts (n, 3) of each geometry: TP and FP summed inside it, FN inside
    it and in the rest of its zone that no annotated feature covers (`mask_reader`: the annotation
    rasterized on the image grid). prob_ds is the 4-band uint8 (p*255) probability raster; an empty
    geometry counts only the FN of its zone. NaN where the zone misses the raster."""
    counts = np.full((len(geoms), 3), np.nan)
    transform = prob_ds.transform
    for i, (geom, zone) in enumerate(zip(geoms, zones)):
        if i % 200 == 0:
            check_cancel(progress)
        win = None if zone is None or zone.is_empty else _window_for(zone.bounds, transform, prob_ds.height,
                                                                      prob_ds.width)
        if win is None:
            continue
        tp = fp = fn = 0.0
        # row chunks of a bounded pixel count: a feature as large as the raster (a lake, a
        # forest) must not need its whole window of probabilities in memory at once
        rows = max(1, CHUNK_PIXELS // int(win.width))
        for r0 in range(int(win.row_off), int(win.row_off + win.height), rows):
            sub = Window(win.col_off, r0, win.width, min(rows, int(win.row_off + win.height) - r0))
            wt = window_transform(sub, transform)
            shape = (int(sub.height), int(sub.width))
            probs = prob_ds.read(window=sub).astype(np.float32) / 255.0
            inside = (np.zeros(shape, bool) if geom is None or geom.is_empty else
                      rasterize([(geom, 1)], out_shape=shape, transform=wt, dtype="uint8").astype(bool))
            zone_px = rasterize([(zone, 1)], out_shape=shape, transform=wt, dtype="uint8").astype(bool)
            ring = zone_px & ~(mask_reader.read(sub) > 0) & ~inside
            tp += float(probs[0][inside].sum(dtype=np.float64))
            fp += float(probs[1][inside].sum(dtype=np.float64))
            fn += float(probs[3][inside | ring].sum(dtype=np.float64))
        counts[i] = (tp, fp, fn)
    return counts


def ratios(tp, fp, fn) -> dict:
    """IoU, Dice, precision and recall from (arrays of) expected TP/FP/FN counts; NaN where undefined."""
    tp, fp, fn = (np.asarray(v, dtype=float) for v in (tp, fp, fn))

    def div(a, b):
        return np.divide(a, b, out=np.full(np.broadcast(a, b).shape, np.nan), where=b > 0)

    return {"iou": div(tp, tp + fp + fn), "dice": div(2 * tp, 2 * tp + fp + fn), "precision": div(tp, tp + fp),
            "recall": div(tp, tp + fn)}


def score_features(features: gpd.GeoDataFrame, prob_ds, mask_reader, crs, buffer_distance_m: float,
                   progress: Progress) -> gpd.GeoDataFrame:
    """Copy of `features` with SCORE_FIELDS added; prob_ds is the 4-band uint8 (p*255) raster."""
    out = features.copy()
    values = {k: np.full(len(features), np.nan) for k in SCORE_FIELDS}
    if len(features):
        zones = buffer_m(features.geometry, buffer_distance_m, crs)
        anchors = features.geometry.representative_point()
        pixel_m2 = pixel_areas_m2(prob_ds.transform, crs, anchors.x.values, anchors.y.values)
        tp, fp, fn = expected_counts(features.geometry.values, zones.values, prob_ds, mask_reader, progress).T
        r = ratios(tp, fp, fn)
        values.update(est_iou=r["iou"], est_dice=r["dice"], est_precision=r["precision"], est_recall=r["recall"],
                      fp_area_m2=fp * pixel_m2, fn_area_m2=fn * pixel_m2)
    for k, v in values.items():
        out[k] = v
    return out
