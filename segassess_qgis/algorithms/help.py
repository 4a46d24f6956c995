"""Help text shared by the assess and reference algorithms (inputs, outputs, class colours)."""
from __future__ import annotations

from ..qgis_io import tr

COMMON_HELP = (
    "<p><b>{inputs}</b>: {inputs_text}</p>"
    "<p><b>{outputs}</b>: {outputs_text}</p>"
    "<p><b>{colours}</b>: 1 TP <span style='color:#ff0000'>■</span> red, 2 FP "
    "<span style='color:#00ff00'>■</span> green, 3 TN <span style='color:#0000ff'>■</span> blue, 4 FN "
    "<span style='color:#00ffff'>■</span> cyan; 0 = no data.</p>"
)


def common_help(extra_inputs: str = "") -> str:
    return COMMON_HELP.format(
        inputs=tr("Inputs"),
        inputs_text=tr("a georeferenced image (any CRS GDAL reads; 8-bit RGB as trained, other types are "
                       "stretched 2-98 %), and the annotation to assess: EITHER a polygon layer (any CRS, "
                       "reprojected on the fly; 'selected features only' and the filter expression are honoured) "
                       "OR a raster mask (non-zero = object).") + extra_inputs,
        outputs=tr("Outputs"),
        outputs_text=tr("quality map (GeoTIFF, values 1-4), confidence (0-1), FP and FN polygons with area "
                        "(m²) and mean confidence, the annotated features with per-feature scores, missed objects, "
                        "an HTML summary, and numbers for models: estimated IoU and FP/FN counts."),
        colours=tr("Quality classes"),
    )
