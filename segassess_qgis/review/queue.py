"""The review queue of one GeoPackage, read through QGIS, decisions written through the core store.

Items are read with QGIS's own OGR provider (no GDAL wheel in the QGIS process) in queue order
(priority); a decision is written by `core.review.store.record_decision` (SQLite, one committed
transaction per decision) and then mirrored in memory, so the queue never re-reads the file
between decisions. Filters (kind, status, sheet) select positions of the queue; navigation moves
within them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from qgis.core import QgsFeatureRequest, QgsGeometry, QgsVectorLayer

from ...core.review.schema import LAYER, UNREVIEWED
from ...core.review.store import now_utc, record_decision, resume_index
from ..i18n import tr

LOCK_WAIT_S = 5.0  # the GUI waits this long for a GeoPackage another writer holds, then says so


@dataclass
class Item:
    item_id: int
    kind: str
    priority: int
    area_m2: float
    mean_confidence: Optional[float]
    feature_id: Optional[int]
    est_iou: Optional[float]
    status: str
    note: str
    reviewer: str
    reviewed_at: str
    sheet_id: Optional[str]
    geometry: QgsGeometry


def _value(feature, name, cast=None, default=None):
    idx = feature.fieldNameIndex(name)
    if idx < 0:
        return default
    v = feature.attribute(idx)
    if v is None or (hasattr(v, "isNull") and v.isNull()):
        return default
    return cast(v) if cast else v


def _item(f) -> Item:
    return Item(item_id=_value(f, "item_id", int), kind=_value(f, "kind", str, ""),
                priority=_value(f, "priority", int, 0), area_m2=_value(f, "area_m2", float, 0.0),
                mean_confidence=_value(f, "mean_confidence", float), feature_id=_value(f, "feature_id", int),
                est_iou=_value(f, "est_iou", float), status=_value(f, "status", str, UNREVIEWED),
                note=_value(f, "note", str, ""), reviewer=_value(f, "reviewer", str, ""),
                reviewed_at=_value(f, "reviewed_at", str, ""), sheet_id=_value(f, "sheet_id", str),
                geometry=QgsGeometry(f.geometry()))


class ReviewQueue:
    """The items of `path`'s review_items layer in priority order, and the decisions on them."""

    def __init__(self, path):
        self.path = Path(path)
        self.layer = QgsVectorLayer(f"{self.path}|layername={LAYER}", LAYER, "ogr")
        if not self.layer.isValid() or self.layer.fields().indexOf("item_id") < 0:
            raise ValueError(tr("{name} has no review items (layer review_items): run the assessment again with "
                                "this version of SegAssess.").format(name=self.path.name))
        request = QgsFeatureRequest().addOrderBy("priority", True)
        self.items: List[Item] = [_item(f) for f in self.layer.getFeatures(request)]
        self.crs = self.layer.crs()
        self.has_sheets = self.layer.fields().indexOf("sheet_id") >= 0

    def __len__(self) -> int:
        return len(self.items)

    def sheets(self) -> List[str]:
        return sorted({i.sheet_id for i in self.items if i.sheet_id is not None})

    def positions(self, kind: Optional[str] = None, status: Optional[str] = None,
                  sheet: Optional[str] = None) -> List[int]:
        """Queue positions of the items passing the filters (None: any)."""
        return [k for k, i in enumerate(self.items)
                if (kind is None or i.kind == kind) and (status is None or i.status == status)
                and (sheet is None or i.sheet_id == sheet)]

    def reviewed(self) -> int:
        return sum(1 for i in self.items if i.status != UNREVIEWED)

    def resume(self) -> int:
        """The queue position where the analyst stopped (after the latest decision)."""
        return resume_index([i.status for i in self.items], [i.reviewed_at for i in self.items]) if self.items else 0

    def decide(self, position: int, status: str, note: str = "", reviewer: str = "") -> Item:
        """Write the decision into the GeoPackage (committed on return), then into the queue."""
        item = self.items[position]
        values = record_decision(self.path, item.item_id, status, note=note or None, reviewer=reviewer or None,
                                 when=now_utc(), timeout_s=LOCK_WAIT_S)
        item.status = values["status"]
        item.note = values["note"] or ""
        item.reviewer = values["reviewer"] or ""
        item.reviewed_at = values["reviewed_at"] or ""
        return item
