"""`segassess train` and `segassess evaluate` (registered into cli/main.py by add_commands).

Nothing heavy is imported here at import time (torch, rasterio, ...): the CLI's start-up
and `--help` stay fast, and the commands import what they need when they run.

evaluate runs the assessor through the same pipeline users run (core.assess.pipeline.run_assessment
on each sheet's full image, tiles stitched), then compares the quality raster with the exact
quality map from the sheet's ground truth, pixel by pixel (nodata excluded). Scores are
pooled over all pixels of all sheets, as the paper reports them, plus one row per sheet.
`--checkpoint reference` uses the reference assessor (the truth itself): 100 everywhere,
a check of the evaluation chain. `--checkpoint trivial` trusts the annotation (baseline).
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Dict, Sequence

import numpy as np

from ..core.common import strict_json
from ..core.common.classes import CLASS_NAMES


def reference_quality(sheet):
    """(exact quality 0..3 (H,W), valid (H,W)) of a sheet's annotation against its truth."""
    from rasterio.windows import Window

    from ..core.assess.annotation import open_annotation
    from ..core.assess.assessors import quality_from_truth
    from ..core.assess.inputs import ImageSource

    image = ImageSource(sheet.image, sheet.bands, sheet.stretch)
    try:
        full = Window(0, 0, image.width, image.height)
        ann, _ = open_annotation(sheet.annotation, image, None, "annotation")
        truth, _ = open_annotation(sheet.truth, image, None, "ground truth")
        _, valid = image.read(full)
        return quality_from_truth(ann.read(full), truth.read(full)), valid
    finally:
        image.close()


def evaluate_sheets(sheets: Sequence, assessor, tile_size: int = 512, overlap: int = 64, batch_size: int = 4,
                    work_dir=None, progress=None) -> Dict:
    """Run `assessor` on each sheet through run_assessment; pooled and per-sheet scores
    (core.assess.metrics.scores_from_confusion dicts) against the exact quality map."""
    import rasterio

    from ..core.assess.job import AssessJob
    from ..core.assess.metrics import confusion, scores_from_confusion
    from ..core.assess.pipeline import run_assessment

    pooled = np.zeros((4, 4), np.int64)
    rows = []
    with tempfile.TemporaryDirectory(prefix="segassess_eval_", dir=work_dir) as tmp:
        for i, s in enumerate(sheets):
            job = AssessJob(image=s.image, annotation=s.annotation, out_dir=Path(tmp) / f"sheet{i}",
                            truth=s.truth if getattr(assessor, "needs_truth", False) else None,
                            bands=s.bands, stretch=s.stretch, tile_size=tile_size, overlap=overlap,
                            batch_size=batch_size, overwrite=True, prefix="eval_")
            t0 = time.time()
            res = run_assessment(job, assessor, progress)
            with rasterio.open(res.quality) as ds:
                pred = ds.read(1).astype(np.int64)
            ref, valid = reference_quality(s)
            keep = valid & (pred > 0)
            cm = confusion(pred - 1, ref, keep)
            pooled += cm
            rows.append({"sheet": s.sheet_id, "seconds": time.time() - t0, **scores_from_confusion(cm)})
    return {"pooled": scores_from_confusion(pooled), "sheets": rows}


def format_evaluation(result: Dict, title: str = "") -> str:
    """Per-class table of the pooled scores, then one line per sheet (percent)."""
    from ..core.assess.metrics import format_table

    lines = [title] if title else []
    lines.append("Pooled over all pixels of all sheets:")
    lines.append(format_table(result["pooled"]))
    lines.append("")
    lines.append(f"{'sheet':<24}{'mF1':>8}{'mIoU':>8}{'F1 TP':>8}{'F1 FP':>8}{'F1 TN':>8}{'F1 FN':>8}{'pixels':>10}")
    for r in result["sheets"]:
        f1 = [100 * r["classes"][c]["f1"] for c in CLASS_NAMES]
        lines.append(f"{r['sheet'][:23]:<24}{100 * r['mF1']:>8.2f}{100 * r['mIoU']:>8.2f}"
                     + "".join(f"{v:>8.2f}" for v in f1) + f"{r['pixels']:>10d}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- commands
def cmd_train(args) -> int:
    from ..models.training.data import TileConfig, read_training_sheets
    from ..models.training.loop import TrainConfig, config_from_init, train

    sheets = read_training_sheets(args.sheets)
    config = args.config or config_from_init(args.init) or "base"
    cfg = TrainConfig(config=config, tile_size=args.tile_size, batch_size=args.batch_size, copies=args.copies,
                      epochs=args.epochs, lr=args.lr, patience=args.patience, seed=args.seed,
                      max_steps_per_epoch=args.max_steps_per_epoch, device=args.device,
                      save_dtype="float16" if args.fp16 else "float32")
    tile_cfg = TileConfig(tile_size=args.tile_size, stride=args.stride, min_valid=args.min_valid,
                          n_simulated=args.simulated, sim_seed=args.seed, perfect_source=args.perfect_source)
    res = train(sheets, args.out, cfg, tile_cfg, init=args.init, resume=args.resume, progress=not args.quiet)
    m = res["metrics"] or {}
    print(f"best epoch {res['best_epoch']} of {res['epochs']}: "
          + (f"val mF1 {100 * m['mF1']:.2f}, mIoU {100 * m['mIoU']:.2f}, FP/FN mIoU {100 * m['err_mIoU']:.2f}"
             if "mF1" in m else "no validation sheets (best = lowest training loss)"))
    print(f"weights: {res['best']} (best), {res['last']} (last); log: {Path(args.out) / 'metrics.csv'}")
    return 0


def make_eval_assessor(checkpoint: str, tile_size: int, device: str = "auto", batch_size: int = 4,
                       precision: str = "auto"):
    """'reference' / 'trivial' / a weights file -> an assessor."""
    from ..core.assess.assessors import ReferenceAssessor, TrivialAssessor

    if str(checkpoint).lower() == "reference":
        return ReferenceAssessor()
    if str(checkpoint).lower() == "trivial":
        return TrivialAssessor()
    from ..models.engines import make_assessor

    return make_assessor(Path(checkpoint), tile_size=tile_size, device=device, batch_size=batch_size,
                         precision=precision)


def cmd_evaluate(args) -> int:
    from ..models.training.data import read_training_sheets

    sheets = read_training_sheets(args.sheets)
    if args.split != "all":
        sheets = [s for s in sheets if s.split == args.split]
        if not sheets:
            from ..core.common.errors import InputError

            raise InputError(f"no sheets with split {args.split!r} in {args.sheets}")
    assessor = make_eval_assessor(args.model, args.tile_size, args.device, args.batch_size, args.precision)
    res = evaluate_sheets(sheets, assessor, args.tile_size, args.overlap, args.batch_size)
    prec = getattr(assessor, "precision_info", None)
    print(format_evaluation(res, f"Assessor: {getattr(assessor, 'name', args.model)} | {len(sheets)} sheet(s) | "
                                 + (f"precision {prec['name']} | " if prec else "")
                                 + f"tile {args.tile_size}, overlap {args.overlap}"))
    if args.json:
        from ..core.common.files import atomic_write_text

        text = strict_json.dumps(res, indent=2) + "\n"
        atomic_write_text(args.json, text)
    return 0


def add_commands(subparsers) -> None:
    """Register `train` and `evaluate` on the main parser's subparsers."""
    p = subparsers.add_parser("train", help="train or fine-tune SegAssess on sheets (image, annotation, ground truth)")
    p.add_argument("--sheets", required=True, type=Path, help="YAML or CSV sheet list (format: core/campaign/sheets.py)")
    p.add_argument("--init", default="none",
                   help="starting weights: a released/own SegAssess checkpoint (fine-tuning), an official SAM "
                        "ViT-B file such as sam_vit_b_01ec64.pth (encoder only), or none (random)")
    p.add_argument("--config", choices=["base", "tiny"], default=None,
                   help="network size (default: the --init checkpoint's, else base = the released architecture)")
    p.add_argument("--out", required=True, type=Path, help="run folder (checkpoints, metrics.csv, metrics.png)")
    p.add_argument("--epochs", type=int, default=50)
    p.add_argument("--tile-size", type=int, default=512, help="training tile side, multiple of 16")
    p.add_argument("--stride", type=int, default=None, help="tile stride when cutting sheets (default: tile size)")
    p.add_argument("--batch-size", type=int, default=1, help="samples per step (each gives --copies AMS copies)")
    p.add_argument("--copies", type=int, default=4, help="AMS copies per sample (released: 4)")
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--patience", type=int, default=5, help="early stopping patience in epochs")
    p.add_argument("--max-steps-per-epoch", type=int, default=None)
    p.add_argument("--simulated", type=int, default=4, help="simulated inventories per sheet as extra mask sources")
    p.add_argument("--perfect-source", action="store_true", help="also use the truth itself as a mask source")
    p.add_argument("--min-valid", type=float, default=0.75, help="skip tiles with less valid (non-nodata) pixels")
    p.add_argument("--seed", type=int, default=20)
    p.add_argument("--device", default="auto")
    p.add_argument("--fp16", action="store_true", help="save weights in float16")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run in --out")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_train)

    from . import options

    p = subparsers.add_parser("evaluate", parents=[options.tiling_options(), options.precision_option()],
                              help="per-class F1/IoU, mF1, mIoU of an assessor on sheets with ground truth")
    p.add_argument("--model", "--checkpoint", dest="model", required=True,
                   help="weights file, or 'reference' (the truth: 100 by construction) or 'trivial' (trusts the annotation)")
    p.add_argument("--sheets", required=True, type=Path)
    p.add_argument("--split", choices=["all", "train", "val"], default="all")
    p.add_argument("--device", default="auto")
    p.add_argument("--json", type=Path, help="also write the scores as JSON")
    p.set_defaults(func=cmd_evaluate)

