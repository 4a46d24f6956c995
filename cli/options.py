"""Option groups shared by the commands, declared once as argparse parent parsers.

Each command builds its parser from the groups it needs (`parents=[...]`), so an option has one
spelling, one default and one help text everywhere (assess, reference, batch, rank, evaluate ...).
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Optional

from ..core.common.errors import InputError

DEFAULT_TILE_SIZE = 512
DEFAULT_OVERLAP = 64
DEFAULT_BATCH_SIZE = 4


def _parent() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(add_help=False)


def image_options(required: bool = True) -> argparse.ArgumentParser:
    p = _parent()
    if required:
        p.add_argument("--image", required=True, type=Path,
                       help="georeferenced image (GeoTIFF, VRT, JPEG/PNG with world file, ...)")
    p.add_argument("--bands", help="comma-separated 1-based bands to use as RGB (one band is repeated), e.g. 3,2,1")
    p.add_argument("--stretch", default="auto", choices=["auto", "none", "percentile"],
                   help="auto: uint8/255, other dtypes 2-98%% percentile per band")
    return p


def annotation_options(required: bool = True, rasterized: bool = True) -> argparse.ArgumentParser:
    p = _parent()
    p.add_argument("--annotation", required=required, type=Path,
                   help="annotation to assess: a vector file (GeoPackage, Shapefile, GeoJSON), a raster mask "
                        "(non-zero = object) or a PostGIS connection 'PG:dbname=... host=...' with --layer")
    p.add_argument("--layer", help="layer name of a multi-layer vector source (PostGIS: schema.table)")
    p.add_argument("--where", help="attribute filter for the annotation, e.g. \"Niveau_2 = 'Building'\"")
    if rasterized:
        p.add_argument("--all-touched", action="store_true",
                       help="rasterize every pixel a polygon touches (default: pixel centres)")
    return p


def truth_options(required: bool) -> argparse.ArgumentParser:
    p = _parent()
    p.add_argument("--truth", required=required, type=Path, help="ground truth: vector file or raster mask")
    p.add_argument("--truth-layer", help="layer name of a multi-layer ground-truth source")
    p.add_argument("--truth-where", help="attribute filter for the ground truth")
    return p


def candidate_options(required: bool = True, standalone: bool = True) -> argparse.ArgumentParser:
    """Several candidate annotations of the same image (rank, batch --candidate). The layer and the
    filter are given once (shared) or once per candidate, in order. standalone: the command has no
    annotation options (rank), so the filter is also spelled --where and --all-touched is here."""
    p = _parent()
    p.add_argument("--candidate", action="append", required=required, type=Path, default=None,
                   help="a candidate annotation (vector file, raster mask or PostGIS 'PG:...'); repeat it, one per "
                        "candidate")
    p.add_argument("--candidate-layer", action="append", default=None,
                   help="layer of the candidates' vector sources: once for all, or once per --candidate")
    filters = ("--candidate-where", "--where") if standalone else ("--candidate-where",)
    p.add_argument(*filters, dest="candidate_where", action="append", default=None,
                   help="attribute filter of the candidates: once for all, or once per --candidate")
    if standalone:
        p.add_argument("--all-touched", action="store_true",
                       help="rasterize every pixel a polygon touches (default: pixel centres)")
    return p


def tiling_options() -> argparse.ArgumentParser:
    p = _parent()
    p.add_argument("--tile-size", type=int, default=DEFAULT_TILE_SIZE,
                   help=f"tile side in pixels, multiple of 16 (default {DEFAULT_TILE_SIZE})")
    p.add_argument("--overlap", type=int, default=DEFAULT_OVERLAP,
                   help=f"tile overlap in pixels, < tile/2 (default {DEFAULT_OVERLAP})")
    p.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="tiles per model step")
    return p


def result_options() -> argparse.ArgumentParser:
    """What is derived from the quality map: polygon size limit and the per-feature ring."""
    p = _parent()
    p.add_argument("--min-area", type=float, default=0.0,
                   help="drop FP/FN polygons smaller than this ground area in m² (true m² in any CRS, Web Mercator "
                        "included)")
    p.add_argument("--buffer-m", type=float, default=2.0,
                   help="ring around each feature searched for missed parts (ground metres, in any CRS)")
    return p


def overwrite_option() -> argparse.ArgumentParser:
    p = _parent()
    p.add_argument("--overwrite", action="store_true", help="replace existing outputs")
    return p


def output_options() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False, parents=[overwrite_option()])
    p.add_argument("--out-dir", required=True, type=Path)
    p.add_argument("--prefix", default="", help="output file name prefix (default: image name + '_')")
    p.add_argument("--keep-probabilities", action="store_true", help="also write the 4-band probability raster")
    return p


PRECISIONS = ("auto", "fp32", "bf16", "fp16")  # models.precision.PRECISIONS (no torch import here)


def _add_precision(p: argparse.ArgumentParser) -> None:
    p.add_argument("--precision", default="auto", choices=PRECISIONS,
                   help="number format of the network: auto (the fastest setting verified to keep >= 99.5%% "
                        "agreement with fp32 on this device: bf16 on CPUs with AMX/AVX512-BF16, fp16 on CUDA, "
                        "else fp32), fp32 (the official numerics), bf16 (mixed: encoder blocks and edge branch "
                        "in bf16), fp16")


def precision_option() -> argparse.ArgumentParser:
    """--precision alone, for commands that declare their own --model (evaluate)."""
    p = _parent()
    _add_precision(p)
    return p


def model_options(engine: bool = True) -> argparse.ArgumentParser:
    """--model and --checkpoint are one option (the same file, the same meaning) in every command."""
    p = _parent()
    p.add_argument("--model", "--checkpoint", dest="model", type=Path,
                   help="model file (.pkl/.pth/.safetensors, or .onnx); default: the built-in demo model")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N")
    if engine:
        _add_precision(p)
        p.add_argument("--engine", default="torch", choices=["torch", "onnx"])
        p.add_argument("--consistent", action="store_true",
                       help="renormalise TP/FP inside the mask and TN/FN outside (off: raw model output, as released)")
    return p


def rank_options() -> argparse.ArgumentParser:
    """How candidates' features are matched into objects and which versions the best_of layer keeps."""
    from ..core.rank import MIN_OVERLAP, SINGLE_MIN_IOU

    p = _parent()
    p.add_argument("--min-overlap", type=float, default=MIN_OVERLAP,
                   help="features of the candidates are one object when they overlap by at least this fraction of "
                        f"the smaller one's area (default {MIN_OVERLAP})")
    p.add_argument("--single-min-iou", type=float, default=SINGLE_MIN_IOU,
                   help="an object only one candidate has is kept in best_of when its estimated IoU is at least "
                        f"this (default {SINGLE_MIN_IOU}: the network sees more of it right than wrong)")
    return p


def quiet_option() -> argparse.ArgumentParser:
    p = _parent()
    p.add_argument("--quiet", action="store_true")
    return p


def parse_bands(text: Optional[str]):
    """--bands '3,2,1' -> [3, 2, 1]; None when not given."""
    try:
        return [int(b) for b in text.split(",")] if text else None
    except ValueError:
        raise InputError(f"--bands takes comma-separated band numbers such as 3,2,1 (got {text!r}).") from None


def candidates(args):
    """The core candidates of parsed candidate options (cli: `--candidate` ...); [] when none was given."""
    from ..core.rank.candidates import make_candidates

    if not getattr(args, "candidate", None):
        return []
    return make_candidates(args.candidate, args.candidate_layer, args.candidate_where,
                           getattr(args, "all_touched", False))


def annotation_spec(args, truth: bool = False):
    """The annotation (or, with truth=True, the ground truth) of parsed arguments; None if not given."""
    from ..core.assess.job import AnnotationSpec

    if truth:
        if not getattr(args, "truth", None):
            return None
        return AnnotationSpec(args.truth, args.truth_layer, args.truth_where, getattr(args, "all_touched", False))
    if not getattr(args, "annotation", None):
        return None
    return AnnotationSpec(args.annotation, args.layer, args.where, getattr(args, "all_touched", False))
