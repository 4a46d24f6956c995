"""Metrics as the SegAssess paper defines them.

For each class c of (TP, FP, TN, FN): one-vs-rest counts over pixels, precision,
recall, F1 = 2PR/(P+R) and IoU = tp/(tp+fp+fn); mF1 and mIoU average the four classes.
Pixels are pooled (one confusion matrix over all sheets). A class absent from both maps
has undefined scores (NaN) and is left out of the means; the output says so.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, Optional

import numpy as np

from ..common.classes import CLASS_NAMES
from ..common.errors import InputError


def confusion(pred: np.ndarray, true: np.ndarray, valid: Optional[np.ndarray] = None) -> np.ndarray:
    """4x4 confusion matrix, rows = true class, columns = predicted; classes 0..3."""
    p = np.asarray(pred).ravel().astype(np.int64)
    t = np.asarray(true).ravel().astype(np.int64)
    if valid is not None:
        keep = np.asarray(valid).ravel().astype(bool)
        p, t = p[keep], t[keep]
    return np.bincount(t * 4 + p, minlength=16).reshape(4, 4)


def scores_from_confusion(cm: np.ndarray) -> Dict:
    cm = np.asarray(cm, dtype=np.float64)
    out: Dict = {"classes": {}}
    f1s, ious = [], []
    for c, name in enumerate(CLASS_NAMES):
        tp = cm[c, c]
        fp = cm[:, c].sum() - tp
        fn = cm[c, :].sum() - tp
        prec = tp / (tp + fp) if tp + fp else float("nan")
        rec = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
        iou = tp / (tp + fp + fn) if tp + fp + fn else float("nan")
        out["classes"][name] = {"precision": prec, "recall": rec, "f1": f1, "iou": iou,
                                "support": int(cm[c, :].sum())}
        f1s.append(f1)
        ious.append(iou)
    def nanmean(values):
        values = [v for v in values if not np.isnan(v)]
        return float(np.mean(values)) if values else float("nan")

    # mean precision / recall skip undefined values (0/0): a class absent from both maps,
    # or recall of a class only predicted, precision of a class never predicted
    out["mPrecision"] = nanmean([c["precision"] for c in out["classes"].values()])
    out["mRecall"] = nanmean([c["recall"] for c in out["classes"].values()])
    out["mF1"] = float(np.nanmean(f1s)) if not np.all(np.isnan(f1s)) else float("nan")
    out["mIoU"] = float(np.nanmean(ious)) if not np.all(np.isnan(ious)) else float("nan")
    out["absent_classes"] = [n for n, f in zip(CLASS_NAMES, f1s) if np.isnan(f)]
    out["pixels"] = int(cm.sum())
    out["confusion"] = cm.astype(np.int64).tolist()
    return out


def metrics(pred: np.ndarray, true: np.ndarray, valid: Optional[np.ndarray] = None) -> Dict:
    """Per-class precision/recall/F1/IoU and mF1/mIoU of class maps with values 0..3."""
    return scores_from_confusion(confusion(pred, true, valid))


def evaluate_rasters(pred_path, ref_path) -> Dict:
    """Metrics of a predicted quality raster against a reference one (values 1..4, 0=nodata),
    read block by block. Both must be on the same grid."""
    import rasterio

    from .inputs import open_raster, reading

    with rasterio.Env(), open_raster(pred_path, "predicted quality map") as p, \
            open_raster(ref_path, "reference quality map") as r:
        if p.shape != r.shape or not p.transform.almost_equals(r.transform) or p.crs != r.crs:
            raise InputError(f"{Path(pred_path).name} and {Path(ref_path).name} are not on the same grid "
                             f"({p.shape} vs {r.shape} pixels); produce both from the same image.")
        cm = np.zeros((4, 4), np.int64)
        for _, window in p.block_windows(1):
            with reading(pred_path, "predicted quality map"):
                a = p.read(1, window=window).astype(np.int64)
            with reading(ref_path, "reference quality map"):
                b = r.read(1, window=window).astype(np.int64)
            valid = (a > 0) & (b > 0) & (a <= 4) & (b <= 4)
            cm += confusion(a - 1, b - 1, valid)
    return scores_from_confusion(cm)


def format_table(result: Dict) -> str:
    """Plain-text table of per-class scores in percent."""
    lines = [f"{'class':<6}{'precision':>10}{'recall':>10}{'F1':>10}{'IoU':>10}{'pixels':>12}"]
    for name, s in result["classes"].items():
        lines.append(f"{name:<6}{100 * s['precision']:>10.2f}{100 * s['recall']:>10.2f}"
                     f"{100 * s['f1']:>10.2f}{100 * s['iou']:>10.2f}{s['support']:>12d}")
    lines.append(f"mF1 {100 * result['mF1']:.2f}  mIoU {100 * result['mIoU']:.2f}"
                 + (f"  (absent, excluded: {', '.join(result['absent_classes'])})" if result["absent_classes"] else ""))
    return "\n".join(lines)
