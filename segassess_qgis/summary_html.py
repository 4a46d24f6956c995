"""The HTML summary of an assess/reference run: headline numbers, class legend, the core's summary
and the output files, rendered from templates/summary.html (jinja2, autoescaped) and written
atomically."""
from __future__ import annotations

import json
import math
from pathlib import Path

from .i18n import qgis_locale
from .qgis_io import tr
from .styling import quality_labels

TEMPLATE = "summary.html"
LIST_LIMIT = 20  # longer lists are cut in the details table


def as_float(value, default=float("nan")) -> float:
    """`value` as a float; `default` for None or what is not a number."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def headline_numbers(summary: dict, counts: dict) -> dict:
    """Numeric outputs for model chaining: the IoU of the annotation and the FP/FN region counts."""
    return {
        "IOU": as_float((summary.get("estimated") or {}).get("iou")),
        "FP_COUNT": int(counts.get("OUTPUT_FP", 0)),
        "FN_COUNT": int(counts.get("OUTPUT_FN", 0)),
        "MISSED_COUNT": int(counts.get("OUTPUT_MISSED", 0)),
    }


def _number(v) -> str:
    if isinstance(v, float):
        return "n/a" if math.isnan(v) else f"{v:.4g}"
    return str(v)


def _shortlist(v) -> str:
    v = list(v)
    return json.dumps(v[:LIST_LIMIT], default=str) + (" ..." if len(v) > LIST_LIMIT else "")


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["number"] = _number
    env.filters["shortlist"] = _shortlist
    return env


def render(title: str, summary: dict, numbers: dict, outputs: dict, exact: bool, warnings=()) -> str:
    """The page as text. `exact`: figures against a reference (else estimated by a network)."""
    iou = tr("IoU of the annotation (exact, against the reference)") if exact else \
        tr("Estimated IoU of the annotation")
    headline = [(iou, numbers.get("IOU")), (tr("False positive regions"), numbers.get("FP_COUNT")),
                (tr("False negative regions"), numbers.get("FN_COUNT")),
                (tr("Missed objects"), numbers.get("MISSED_COUNT"))]
    from ..core.common.classes import CLASS_COLOURS  # when used: loading the plugin imports no core

    labels = quality_labels()
    classes = [{"rgb": rgb, "label": labels[v]} for v, rgb in CLASS_COLOURS.items()]
    details = {k: v for k, v in summary.items() if k != "crs_wkt"}
    files = [(k, v) for k, v in outputs.items() if isinstance(v, str)]
    text = {"classes": tr("Quality classes"), "details": tr("Details"), "outputs": tr("Output files")}
    return _environment().get_template(TEMPLATE).render(
        title=title, lang=qgis_locale().split("_")[0] or "en", warnings=list(warnings), headline=headline, classes=classes, details=details,
        outputs=files, text=text)


def write(path: str, title: str, summary: dict, numbers: dict, outputs: dict, exact: bool = False,
          warnings=()) -> None:
    """Render the page and write it atomically to `path` (the core's one atomic writer)."""
    from ..core.common.files import atomic_write

    page = render(title, summary, numbers, outputs, exact, warnings)
    atomic_write(path, lambda tmp: Path(tmp).write_text(page, encoding="utf-8"))
