"""`segassess edits`: an assessment's accepted review items applied to the inventory.

    segassess edits --assessment A.gpkg --annotation INV [--layer L] [--where W] --accept {auto,reviewed}
                    [--min-confidence C] --out OUT.gpkg [--training-sheets sheets.yaml]

Writes OUT.gpkg (layers `corrected` and `changes`, see core/review/edits.py) and, with
--training-sheets, the reviewed sheets as a sheet list for `segassess train`.
"""
from __future__ import annotations

from pathlib import Path

from . import options
from .progress import LineProgress


def cmd_edits(args) -> int:
    from ..core.review.suggest import EditRequest, suggest_edits

    progress = LineProgress(args.quiet)
    req = EditRequest(assessment=args.assessment, annotation=options.annotation_spec(args), out=args.out,
                      accept=args.accept, min_confidence=args.min_confidence, object_type=args.object_type,
                      overwrite=args.overwrite, training_sheets=args.training_sheets)
    res = suggest_edits(req, progress)
    if not args.quiet:
        e = res["edits"]
        print(f"Accepted {res['accepted']} of {res['items']} review item(s): {e['reshaped']} feature(s) reshaped, "
              f"{e['removed']} removed, {e['added']} added, {e['kept']} kept "
              f"(+{res['area_added_m2']:.1f} m², -{res['area_removed_m2']:.1f} m²).")
        print(f"Corrected inventory: {res['out']} (layers corrected, changes)")
        if res["training_sheets"]:
            print(f"Training sheets: {res['training_sheets']}")
    return 0


def add_commands(sub) -> None:
    from ..core.review.schema import ACCEPT_MODES, DEFAULT_MIN_CONFIDENCE, OBJECT_TYPES

    p = sub.add_parser(
        "edits", help="apply an assessment's accepted review items to the inventory (corrected layer + changes)",
        parents=[options.annotation_options(required=True, rasterized=False), options.overwrite_option(),
                 options.quiet_option()],
        description="Turn review items into a corrected inventory: FP parts removed, FN parts joined, missed "
                    "objects added (regularised), every feature's attributes kept, with an 'edit' column "
                    "(kept, reshaped, removed, added) and 'source_fid'. A false_alarm item is never applied.")
    p.add_argument("--assessment", required=True, type=Path,
                   help="<prefix>_assessment.gpkg of assess/reference, or a campaign_report.gpkg")
    p.add_argument("--accept", required=True, choices=ACCEPT_MODES,
                   help="auto: items at or above --min-confidence (and confirmed ones); reviewed: only items "
                        "marked confirmed or fixed")
    p.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE,
                   help=f"--accept auto: smallest mean confidence of an applied item (default {DEFAULT_MIN_CONFIDENCE})")
    p.add_argument("--object-type", default="building", choices=OBJECT_TYPES,
                   help="how added objects are drawn: building (squared or simplified) or water (smooth)")
    p.add_argument("--out", required=True, type=Path, help="output GeoPackage (layers corrected, changes)")
    p.add_argument("--training-sheets", type=Path,
                   help="also write the reviewed sheets as a sheet list for `segassess train` (needs --accept reviewed)")
    p.set_defaults(func=cmd_edits)
