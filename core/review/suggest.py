"""`segassess edits` / `segassess:suggest_edits`: an assessment's accepted items applied to the
inventory it assessed, written as OUT.gpkg (layers `corrected` and `changes`, see
`core.review.edits`), atomically (nothing that looks complete after a failure).

The inventory is read as it is (its CRS, every field, its feature ids as `source_fid`), filtered
by the same `where` as the assessment. The items are read from the assessment's review_items
layer (a sheet's `<prefix>_assessment.gpkg` or a campaign's `campaign_report.gpkg`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import geopandas as gpd
import numpy as np
import pyogrio

from ..assess.job import AnnotationSpec
from ..campaign.sheets import write_sheet_list
from ..common.files import atomic_write
from ..common.errors import InputError, OutputError
from ..common.progress import NullProgress, Progress
from .decisions import has_layer, read_items
from .edits import accepted_items, apply_edits, filter_values, working_crs
from .schema import DEFAULT_MIN_CONFIDENCE
from .training import training_entries

DEFAULT_PIXEL_M = 0.5  # when the assessment holds no FP/FN region to measure its pixels from
SAMPLE_REGIONS = 500


@dataclass
class EditRequest:
    assessment: Path
    annotation: AnnotationSpec
    out: Path
    accept: str = "auto"
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    object_type: str = "building"
    overwrite: bool = False
    training_sheets: Optional[Path] = None  # also write the reviewed sheets as a training sheet list


def read_inventory(spec: AnnotationSpec) -> gpd.GeoDataFrame:
    """The inventory layer as stored (CRS, fields), filtered, with its feature ids as source_fid."""
    path = Path(spec.path)
    if str(spec.path).upper().startswith("PG:"):
        raise InputError("Edits are written for inventory files; export the PostGIS layer to a GeoPackage first.")
    if not path.is_file():
        raise InputError(f"The inventory {path} does not exist.")
    try:
        gdf = gpd.read_file(path, layer=spec.layer, where=spec.where or None, engine="pyogrio", fid_as_index=True)
    except Exception as exc:
        raise InputError(f"Cannot read the inventory {path.name}: {str(exc).splitlines()[0]}") from None
    if "source_fid" in gdf.columns:
        gdf = gdf.rename(columns={"source_fid": "source_fid_1"})
    gdf = gdf.rename_axis("source_fid").reset_index()
    if gdf.crs is None:
        raise InputError(f"The inventory {path.name} has no coordinate reference system; assign one first.")
    return gdf


def pixel_size(assessment: Path, crs) -> float:
    """The assessed image's pixel side in `crs` units, measured on the FP/FN regions (pixel outlines
    with their pixel counts): the median of sqrt(area / pixels)."""
    sizes = []
    for layer in ("false_positive", "false_negative"):
        if not has_layer(assessment, layer):
            continue
        gdf = pyogrio.read_dataframe(assessment, layer=layer, max_features=SAMPLE_REGIONS)
        if len(gdf) == 0 or "pixels" not in gdf.columns or gdf.crs is None:
            continue
        gdf = gdf[gdf["pixels"] > 0].to_crs(crs)
        sizes.extend(np.sqrt(gdf.geometry.area.to_numpy() / gdf["pixels"].to_numpy(dtype=float)))
    if not sizes:
        return DEFAULT_PIXEL_M
    return float(np.median(sizes))


def _write(out: Path, corrected: gpd.GeoDataFrame, changes: gpd.GeoDataFrame, overwrite: bool) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".gpkg":
        raise InputError(f"The output must be a GeoPackage (.gpkg), not {out.name}.")
    if out.exists() and not overwrite:
        raise OutputError(f"{out} already exists; use --overwrite or choose another output file.")

    def write(tmp):
        corrected.to_file(tmp, layer="corrected", driver="GPKG", engine="pyogrio", promote_to_multi=True)
        changes.to_file(tmp, layer="changes", driver="GPKG", engine="pyogrio", promote_to_multi=True,
                        **({"geometry_type": "MultiPolygon"} if len(changes) == 0 else {}))

    try:
        return atomic_write(out, write)
    except OSError as exc:
        raise OutputError(f"Cannot write {out}: {exc.strerror or exc}.") from None


def suggest_edits(req: EditRequest, progress: Optional[Progress] = None) -> dict:
    """Apply the accepted items of req.assessment to req.annotation and write req.out.
    Returns {"out", "accepted", "edits": {kept, reshaped, removed, added}, "area_added_m2", ...}."""
    progress = progress or NullProgress()
    assessment = Path(req.assessment)
    if req.training_sheets is not None and req.accept != "reviewed":
        raise InputError("Training sheets take the analysts' decisions as truth: use --accept reviewed with "
                         "--training-sheets.")
    items = read_items(assessment)
    inventory = read_inventory(req.annotation)
    chosen = accepted_items(items, req.accept, req.min_confidence)
    progress.info(f"{len(chosen)} of {len(items)} review item(s) accepted ({req.accept}"
                  + (f", confidence >= {req.min_confidence:g}" if req.accept == "auto" else "") + ").")
    work = working_crs(inventory)
    pixel = pixel_size(assessment, work)
    corrected, changes = apply_edits(inventory.to_crs(work), chosen.to_crs(work), pixel, req.object_type,
                                     filter_values(req.annotation.where))
    if corrected.crs != inventory.crs:
        corrected, changes = corrected.to_crs(inventory.crs), changes.to_crs(inventory.crs)
    written = _write(req.out, corrected, changes, req.overwrite)
    counts = {e: int((corrected["edit"] == e).sum()) for e in ("kept", "reshaped", "removed", "added")}
    progress.info("Edits: " + ", ".join(f"{n} {e}" for e, n in counts.items()) + f" -> {written}")
    training = _training(req, assessment, items, written, progress) if req.training_sheets is not None else None
    return {"out": written, "training_sheets": training, "accepted": len(chosen), "items": len(items), "edits": counts,
            "area_added_m2": float(changes["area_added_m2"].sum()) if len(changes) else 0.0,
            "area_removed_m2": float(changes["area_removed_m2"].sum()) if len(changes) else 0.0,
            "corrected": corrected, "chosen": chosen}


def _training(req: EditRequest, assessment: Path, items, written: Path, progress: Progress) -> Optional[Path]:
    """Write the training sheet list of the reviewed sheets; None (and a warning) when there is none."""
    entries = training_entries(assessment, items, req.annotation, written, progress)
    if not entries:
        progress.warning("No sheet is reviewed yet (every item decided, at least one decision): no training sheet "
                         "list was written.")
        return None
    path = write_sheet_list(entries, req.training_sheets)
    progress.info(f"{len(entries)} reviewed sheet(s) written as training sheets: {path}")
    return path
