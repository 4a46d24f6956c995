"""The review layer's vocabulary (standard library only: the QGIS review panel imports it).

Kinds and statuses of review items, the layer names and the fields an analyst's decision sets.
"""
KINDS = ("false_positive", "false_negative", "missed_object", "feature")
STATUSES = ("unreviewed", "confirmed", "false_alarm", "fixed", "skipped")
UNREVIEWED = "unreviewed"
ACCEPTED = ("confirmed", "fixed")  # statuses whose edit `--accept reviewed` applies
LAYER = "review_items"
RETIRED_LAYER = "review_retired"
SHEETS_LAYER = "sheets"  # campaign reports: one row per sheet (footprint, image, counts)
DECISION_FIELDS = ("status", "note", "reviewer", "reviewed_at")
FIELDS = ("item_id", "kind", "priority", "severity", "area_m2", "mean_confidence", "feature_id", "est_iou",
          *DECISION_FIELDS)
ACCEPT_MODES = ("auto", "reviewed")  # segassess edits --accept
DEFAULT_MIN_CONFIDENCE = 0.75       # --accept auto applies items at least this confident
OBJECT_TYPES = ("building", "water")  # how added objects are drawn
