"""What one assessment run needs and what it produces: plain dataclasses shared by the
CLI, the QGIS algorithms and the tests (the "params dataclass -> processor" chain)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence, Tuple


@dataclass
class AnnotationSpec:
    """A vector layer or a raster mask, in any CRS; aligned onto the image grid by `core.assess.annotation`.

    `path` is a vector file (GeoPackage, Shapefile, GeoJSON, ...) or a raster mask
    (non-zero = object); which one is detected by opening it. `layer` picks a layer of a
    multi-layer file, `where` is an OGR SQL attribute filter such as `"Niveau_2" = 'Building'`.
    """

    path: Path
    layer: Optional[str] = None
    where: Optional[str] = None
    all_touched: bool = False
    # read only the features whose bounding box meets the image's, through the layer's spatial index
    # (one big inventory layer shared by many map sheets); off: every feature is read and scored,
    # those outside the image with empty scores
    near_image_only: bool = False
    # what messages call it (QGIS: the layer's name, not the file it was exported to); None: the file name
    name: Optional[str] = None


@dataclass
class AssessJob:
    image: Path
    annotation: AnnotationSpec
    out_dir: Path
    truth: Optional[AnnotationSpec] = None  # only for the reference assessor
    bands: Optional[Sequence[int]] = None   # 1-based; default: 1,2,3 (or 1 repeated for 1-band)
    stretch: str = "auto"                   # "auto" | "none" | "percentile" (2-98 per band)
    tile_size: int = 512
    overlap: int = 64
    batch_size: int = 4
    min_area: float = 0.0                   # minimum FP/FN polygon area, ground m² (any CRS)
    buffer_m: float = 2.0                   # buffer around each feature for per-feature FN, ground metres
    overwrite: bool = False
    prefix: str = ""                        # output file name prefix (e.g. the sheet name)
    keep_probabilities: bool = False        # keep the 4-band probability raster
    # the probability raster is for the caller to read and delete (rank's best_of scoring), not for
    # the user: a plain GeoTIFF moved into place, no COG (its compression cost ~0.3 s per Mpx)
    internal_probabilities: bool = False
    # (col, row, width, height) of the image that the outputs cover; the pixels around it are
    # context the network sees but nobody is told about (map sheets read with a margin, so
    # results are seamless across sheet boundaries). None: the whole image.
    core_window: Optional[Tuple[int, int, int, int]] = None
    # percentile-stretch limits (lo, hi) per RGB channel computed elsewhere (over the whole mosaic
    # of a sheet-index campaign, so every sheet is stretched alike); None: from this image
    stretch_limits: Optional[Tuple[Sequence[float], Sequence[float]]] = None
    # read the next tiles and write finished rows in worker threads while the model computes
    # (False: everything on the calling thread; the outputs are the same)
    threaded: bool = True
    # an earlier assessment GeoPackage whose review decisions this run keeps (matched items); None: the
    # assessment GeoPackage this run overwrites (QGIS runs write elsewhere first, then deliver)
    previous_review: Optional[Path] = None


@dataclass
class AssessResult:
    quality: Path                # uint8 GeoTIFF 1=TP 2=FP 3=TN 4=FN 0=nodata (+ .qml)
    confidence: Path             # float32 GeoTIFF, max class probability
    polygons: Path               # GeoPackage: layers false_positive, false_negative, scored_features, missed_objects
    summary: Path                # JSON
    summary_data: dict = field(default_factory=dict)
    probabilities: Optional[Path] = None
