"""Reviewed sheets back into training: the sheet list `segassess train --sheets` reads.

A sheet is *reviewed* when the analyst decided at least one of its items and none is left
`unreviewed` (`skipped` counts as looked at). For each reviewed sheet one triple is written:
the image, the original annotation (the inventory and filter that were assessed) and, as the
truth, the corrected inventory of `segassess edits --accept reviewed` (layer `corrected`, without
the removed rows). Only reviewed decisions may become training truth, so the export needs
`--accept reviewed`.

Where the sheets come from: a campaign report's `sheets` layer (image, bands, stretch per sheet),
or a single assessment's `<prefix>_summary.json` beside its GeoPackage. Sheets read through a
GDAL `vrt://` window of a mosaic are left out (a sheet list names image files), and said so.

Written in the one sheet-list format (`core.campaign.sheets.write_sheet_list`; absolute paths):

    sheets:
      - id: s01
        image: /data/s01.tif
        annotation: {path: /data/inventory.gpkg, layer: null, where: "Niveau_2 = 'Building'"}
        truth: {path: /out/corrected.gpkg, layer: corrected, where: "edit <> 'removed'"}
        split: train
        bands: null
        stretch: auto
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Optional

import pandas as pd
import pyogrio

from ..assess.job import AnnotationSpec
from ..campaign.sheets import Sheet, safe_id
from ..common.errors import InputError
from ..common.progress import NullProgress, Progress
from .decisions import has_layer
from .schema import SHEETS_LAYER, UNREVIEWED

TRUTH_WHERE = "edit <> 'removed'"


def reviewed_sheets(items: pd.DataFrame) -> List[Optional[str]]:
    """Ids of the reviewed sheets (None for the one sheet of a single assessment), in item order."""
    if len(items) == 0:
        return []
    keys = items["sheet_id"].astype(str) if "sheet_id" in items.columns else pd.Series([None] * len(items),
                                                                                       index=items.index)
    status = items["status"].fillna(UNREVIEWED)
    out = []
    for key in dict.fromkeys(keys):
        mine = status[keys == key] if key is not None else status
        if (mine != UNREVIEWED).any() and not (mine == UNREVIEWED).any():
            out.append(key)
    return out


def sheet_sources(assessment: Path) -> Dict[Optional[str], dict]:
    """{sheet id (None for a single assessment): {image, bands, stretch}}."""
    assessment = Path(assessment)
    if has_layer(assessment, SHEETS_LAYER):
        table = pyogrio.read_dataframe(assessment, layer=SHEETS_LAYER, read_geometry=False)
        return {str(r["sheet_id"]): {"image": r.get("image"), "bands": _bands(r.get("bands")),
                                     "stretch": r.get("stretch") or "auto"} for _, r in table.iterrows()}
    name = assessment.name
    if not name.endswith("assessment.gpkg"):
        raise InputError(f"Cannot tell which image {name} assessed: expected <prefix>_assessment.gpkg beside "
                         "its <prefix>_summary.json, or a campaign report.")
    summary = assessment.with_name(name[: -len("assessment.gpkg")] + "summary.json")
    if not summary.is_file():
        raise InputError(f"The summary {summary.name} beside {name} is missing: it names the assessed image.")
    s = json.loads(summary.read_text(encoding="utf-8"))
    params = s.get("parameters") or {}
    return {None: {"image": s.get("image"), "bands": params.get("bands"), "stretch": params.get("stretch", "auto")}}


def _bands(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    return [int(b) for b in str(value).strip("[]").split(",") if b.strip()]


def training_entries(assessment: Path, items: pd.DataFrame, annotation: AnnotationSpec, corrected: Path,
                     progress: Optional[Progress] = None) -> List[Sheet]:
    """One training sheet per reviewed sheet (see the module doc)."""
    progress = progress or NullProgress()
    sources = sheet_sources(assessment)
    entries = []
    for sid in reviewed_sheets(items):
        src = sources.get(sid)
        image = (src or {}).get("image")
        if not image:
            progress.warning(f"Sheet {sid}: its image is not recorded; it is left out of the training sheets.")
            continue
        if "://" in str(image) or not Path(str(image)).is_file():
            progress.warning(f"Sheet {sid}: the image {image} is not an image file (a mosaic window, or moved); "
                             "it is left out of the training sheets.")
            continue
        entries.append(Sheet(
            safe_id(sid or Path(str(image)).stem), str(Path(str(image)).resolve()),
            AnnotationSpec(Path(annotation.path).resolve(), annotation.layer, annotation.where),
            AnnotationSpec(Path(corrected).resolve(), "corrected", TRUTH_WHERE),
            split="train", bands=src.get("bands"), stretch=src.get("stretch") or "auto"))
    return entries
