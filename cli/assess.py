"""`segassess assess | reference | compare | export-onnx`: one sheet, from the console.

Same core calls as the QGIS algorithms: arguments -> core AssessJob -> run_assessment -> summary.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..core.common import strict_json
from ..core.common.errors import SegAssessError
from ..models.registry import demo_model_path  # json only, no torch
from . import options
from .progress import TqdmProgress


def resolve_model(model: Optional[Path], say=print) -> Path:
    """The given model file, or the built-in demo model (saying so in one line)."""
    if model:
        return model
    demo = demo_model_path()
    if demo.exists():
        say(f"No model given: using the built-in DEMO model {demo.name} (trained on generated scenes only; "
            "download a released SegAssess model for real imagery).")
        return demo
    raise SegAssessError("No model given and the built-in demo model is missing; pass --model FILE "
                         "(released models: https://github.com/Yangbn97/SegAssess).")


def job_from_args(args, truth: bool = False, annotation=None):
    """The core AssessJob of assess/reference arguments (`annotation`: instead of --annotation's)."""
    from ..core.assess.job import AssessJob

    return AssessJob(
        image=args.image, annotation=annotation or options.annotation_spec(args),
        truth=options.annotation_spec(args, truth=True) if truth else None,
        out_dir=args.out_dir, bands=options.parse_bands(args.bands), stretch=args.stretch, tile_size=args.tile_size,
        overlap=args.overlap, batch_size=args.batch_size, min_area=args.min_area, buffer_m=args.buffer_m,
        overwrite=args.overwrite, prefix=args.prefix, keep_probabilities=args.keep_probabilities)


def print_summary(result, out=print) -> None:
    """The run's headline figures in a few lines."""
    s = result.summary_data
    est = s["estimated"]
    out(f"Assessor: {s['assessor']} | CRS {s['crs']} | {s['size_px'][0]}x{s['size_px'][1]} px")
    out("Pixels: " + ", ".join(f"{k} {v}" for k, v in s["pixels"].items()))
    out(f"Estimated IoU of the annotation: {est['iou']:.3f} (F1 {est['f1']:.3f}, precision {est['precision']:.3f}, "
        f"recall {est['recall']:.3f})")
    pol = s["polygons"]
    out(f"FP polygons: {pol['false_positive']}, FN polygons: {pol['false_negative']}, "
        f"missed objects: {pol['missed_objects']}")
    if s["features"]["worst"]:
        out("Worst features (id: estimated IoU): " + ", ".join(f"{w['id']}: {w['est_iou']:.3f}"
                                                               for w in s["features"]["worst"]))
    out(f"Outputs: {result.quality.parent}  (quality: {result.quality.name}, polygons: {result.polygons.name}, "
        f"summary: {result.summary.name})")


def run_with_bar(job, assessor, quiet: bool = False):
    """run_assessment with a console bar; prints the summary."""
    from ..core.assess.pipeline import run_assessment

    progress = TqdmProgress(quiet)
    try:
        result = run_assessment(job, assessor, progress)
    finally:
        progress.close()
    print_summary(result)
    return result


def cmd_assess(args) -> int:
    from ..models.engines import make_assessor

    model = resolve_model(args.model)
    assessor = make_assessor(model, engine=args.engine, tile_size=args.tile_size, device=args.device,
                             batch_size=args.batch_size, consistent=args.consistent, precision=args.precision)
    run_with_bar(job_from_args(args), assessor, args.quiet)
    return 0


def cmd_reference(args) -> int:
    from ..core.assess.assessors import ReferenceAssessor

    run_with_bar(job_from_args(args, truth=True), ReferenceAssessor(), args.quiet)
    return 0


def cmd_compare(args) -> int:
    from ..core.assess.metrics import evaluate_rasters, format_table

    res = evaluate_rasters(args.predicted, args.reference)
    print(format_table(res))
    if args.json:
        from ..core.common.files import atomic_write_text

        text = strict_json.dumps(res, indent=2) + "\n"
        atomic_write_text(args.json, text)
    return 0


def cmd_export_onnx(args) -> int:
    from ..models.export import export_onnx, export_onnx_split

    model = resolve_model(args.model)
    out = export_onnx(model, args.tile_size, args.out, opset=args.opset)
    print(f"wrote {out}")
    if args.split:
        for part in export_onnx_split(model, args.tile_size, args.out, opset=args.opset):
            print(f"wrote {part}")
    return 0


def add_commands(sub) -> None:
    one_sheet = [options.image_options(), options.annotation_options(), options.tiling_options(),
                 options.result_options(), options.output_options(), options.quiet_option()]
    p = sub.add_parser("assess", parents=one_sheet + [options.model_options()],
                       help="assess an annotation with the SegAssess network (no ground truth needed)")
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("reference", parents=one_sheet + [options.truth_options(required=True)],
                       help="exact quality map of an annotation against a ground truth")
    p.set_defaults(func=cmd_reference)

    p = sub.add_parser("compare", help="metrics of a predicted quality raster against a reference quality raster")
    p.add_argument("--predicted", required=True, type=Path)
    p.add_argument("--reference", required=True, type=Path)
    p.add_argument("--json", type=Path, help="also write the metrics as JSON")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("export-onnx", parents=[options.model_options(engine=False)],
                       help="export a checkpoint to ONNX (dynamic batch)")
    p.add_argument("--tile-size", type=int, default=options.DEFAULT_TILE_SIZE)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--split", action="store_true",
                   help="also write OUT's encoder and decoder parts beside it (X.encoder.onnx, X.decoder.onnx): "
                        "`segassess rank` then encodes each tile once for all candidates")
    p.set_defaults(func=cmd_export_onnx)
