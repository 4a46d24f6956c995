"""Command line: `segassess assess|reference|compare|demo|export-onnx ...`.

Same core calls as the QGIS algorithms; bad input exits non-zero with a one-line reason.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import List, Optional

from .core.errors import SegAssessError
from .core.progress import NullProgress
from .models.registry import demo_model_path  # json only, no torch

DEMO_MODEL = demo_model_path()


class TqdmProgress:
    """core Progress over a tqdm bar; Ctrl-C cancels cleanly between batches."""

    def __init__(self, quiet: bool = False):
        from tqdm import tqdm

        self.bar = tqdm(total=100, unit="%", disable=quiet, bar_format="{l_bar}{bar}| {n:.0f}% {postfix}")
        self.warnings: List[str] = []
        self.quiet = quiet

    def set_progress(self, percent: float, text: str = "") -> None:
        self.bar.n = min(100.0, percent)
        self.bar.set_postfix_str(text, refresh=True)

    def info(self, text: str) -> None:
        if not self.quiet:
            self.bar.write(text)

    def warning(self, text: str) -> None:
        self.warnings.append(text)
        self.bar.write(f"warning: {text}", file=sys.stderr)

    def is_canceled(self) -> bool:
        return False

    def close(self):
        self.bar.close()


def _annotation_args(p: argparse.ArgumentParser, truth: bool = False) -> None:
    p.add_argument("--image", required=True, type=Path, help="georeferenced image (GeoTIFF, VRT, JPEG/PNG with world file, ...)")
    p.add_argument("--annotation", required=True, type=Path,
                   help="annotation to assess: a vector file (GeoPackage, Shapefile, GeoJSON) or a raster mask (non-zero = object)")
    p.add_argument("--layer", help="layer name of a multi-layer vector file")
    p.add_argument("--where", help="attribute filter for the annotation, e.g. \"Niveau_2 = 'Building'\"")
    if truth:
        p.add_argument("--truth", required=True, type=Path, help="ground truth: vector file or raster mask")
        p.add_argument("--truth-layer")
        p.add_argument("--truth-where", help="attribute filter for the ground truth")
    p.add_argument("--all-touched", action="store_true", help="rasterize every pixel a polygon touches (default: pixel centres)")
    p.add_argument("--bands", help="comma-separated 1-based bands to use as RGB (one band is repeated), e.g. 3,2,1")
    p.add_argument("--stretch", default="auto", choices=["auto", "none", "percentile"],
                   help="auto: uint8/255, other dtypes 2-98%% percentile per band")
    p.add_argument("--tile-size", type=int, default=512, help="tile side in pixels, multiple of 16 (default 512)")
    p.add_argument("--overlap", type=int, default=64, help="tile overlap in pixels, < tile/2 (default 64)")
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--min-area", type=float, default=0.0, help="drop FP/FN polygons smaller than this (map units²)")
    p.add_argument("--buffer-m", type=float, default=2.0, help="ring around each feature searched for missed parts (metres)")
    p.add_argument("--out-dir", required=True, type=Path)
    p.add_argument("--prefix", default="", help="output file name prefix (default: image name + '_')")
    p.add_argument("--overwrite", action="store_true", help="replace existing outputs")
    p.add_argument("--keep-probabilities", action="store_true", help="also write the 4-band probability raster")
    p.add_argument("--quiet", action="store_true")


def _bands(text: Optional[str]):
    """--bands '3,2,1' -> [3, 2, 1]; None when not given."""
    from .core.errors import InputError

    try:
        return [int(b) for b in text.split(",")] if text else None
    except ValueError:
        raise InputError(f"--bands takes comma-separated band numbers such as 3,2,1 (got {text!r}).") from None


def _job(args, truth: bool = False):
    from .core.job import AnnotationSpec, AssessJob

    bands = _bands(args.bands)
    return AssessJob(
        image=args.image, annotation=AnnotationSpec(args.annotation, args.layer, args.where, args.all_touched),
        truth=AnnotationSpec(args.truth, args.truth_layer, args.truth_where, args.all_touched) if truth else None,
        out_dir=args.out_dir, bands=bands, stretch=args.stretch, tile_size=args.tile_size, overlap=args.overlap,
        batch_size=args.batch_size, min_area=args.min_area, buffer_m=args.buffer_m, overwrite=args.overwrite,
        prefix=args.prefix, keep_probabilities=args.keep_probabilities)


def resolve_model(model: Optional[Path], say=print) -> Path:
    """The given model file, or the built-in demo model (saying so in one line)."""
    if model:
        return model
    if DEMO_MODEL.exists():
        say(f"No model given: using the built-in DEMO model {DEMO_MODEL.name} (trained on generated scenes only; "
            "download a released SegAssess model for real imagery).")
        return DEMO_MODEL
    raise SegAssessError("No model given and the built-in demo model is missing; pass --model FILE "
                         "(released models: https://github.com/Yangbn97/SegAssess).")


def _print_summary(result, out=print) -> None:
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
        out("Worst features (id: estimated IoU): " + ", ".join(f"{w['id']}: {w['est_iou']:.3f}" for w in s["features"]["worst"]))
    out(f"Outputs: {result.quality.parent}  (quality: {result.quality.name}, polygons: {result.polygons.name}, "
        f"summary: {result.summary.name})")


def cmd_assess(args) -> int:
    from .core.pipeline import run_assessment
    from .models.engines import make_assessor

    model = resolve_model(args.model)
    job = _job(args)
    assessor = make_assessor(model, engine=args.engine, tile_size=args.tile_size, device=args.device,
                             batch_size=args.batch_size, consistent=args.consistent)
    progress = TqdmProgress(args.quiet)
    try:
        result = run_assessment(job, assessor, progress)
    finally:
        progress.close()
    _print_summary(result)
    return 0


def cmd_reference(args) -> int:
    from .core.assessors import ReferenceAssessor
    from .core.pipeline import run_assessment

    progress = TqdmProgress(args.quiet)
    try:
        result = run_assessment(_job(args, truth=True), ReferenceAssessor(), progress)
    finally:
        progress.close()
    _print_summary(result)
    return 0


def cmd_compare(args) -> int:
    from .core.metrics import evaluate_rasters, format_table

    res = evaluate_rasters(args.predicted, args.reference)
    print(format_table(res))
    if args.json:
        from .core.outputs import atomic_write

        text = json.dumps(res, indent=2) + "\n"
        atomic_write(args.json, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    return 0


def cmd_demo(args) -> int:
    from .demo import run_demo

    return run_demo(args.out_dir, seed=args.seed, size=args.size, overwrite=args.overwrite, model=args.model)


def cmd_export_onnx(args) -> int:
    from .models.onnx_export import export_onnx

    out = export_onnx(resolve_model(args.checkpoint), args.tile_size, args.out, opset=args.opset)
    print(f"wrote {out}")
    return 0


def jsonl_event(event: dict) -> None:
    """`--progress jsonl`: one JSON object per line on stdout, for the QGIS algorithm and scripts."""
    print(json.dumps(event, default=str), flush=True)


class LineProgress(NullProgress):
    """Campaign messages as lines that do not break the sheet bar; warnings always on stderr."""

    def __init__(self, quiet: bool):
        super().__init__()
        self.quiet = quiet

    def info(self, text: str) -> None:
        from tqdm import tqdm

        if not self.quiet:
            tqdm.write(text)

    def warning(self, text: str) -> None:
        from tqdm import tqdm

        super().warning(text)
        tqdm.write(f"warning: {text}", file=sys.stderr)


class SheetBar:
    """A live campaign bar over tqdm (sheets done / to do), fed by the campaign's events."""

    def __init__(self, quiet: bool):
        self.bar = None
        self.quiet = quiet

    def __call__(self, event: dict) -> None:
        from tqdm import tqdm

        kind = event["event"]
        if kind == "start" and not self.quiet:
            print(f"{event['total']} sheet(s): {event['skipped']} already done, {event['todo']} to assess"
                  + (f"; Dask dashboard: {event['dashboard']}" if event.get("dashboard") else ""), flush=True)
            if event["todo"]:
                self.bar = tqdm(total=event["todo"], unit="sheet")
        elif kind == "sheet" and self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(f"{event['sheet_id']}: {event['state']}")
        elif kind in ("report", "end") and self.bar is not None:
            self.bar.close()
            self.bar = None


def _terminate_as_interrupt(signum, frame):
    raise KeyboardInterrupt


def cmd_batch(args) -> int:
    import signal

    from .campaign import CampaignSettings, run_campaign
    from .core.errors import InputError
    from .core.job import AnnotationSpec
    from .core.sheets import discover_sheets

    bands = _bands(args.bands)
    model = None
    if args.assessor == "network":
        model = resolve_model(args.checkpoint, say=(lambda m: None) if args.progress == "jsonl" else print)
    elif args.checkpoint:
        raise InputError(f"--checkpoint is for the network assessor, not --assessor {args.assessor}.")
    if args.assessor == "reference" and not args.truth:
        raise InputError("--assessor reference needs --truth (the ground-truth layer).")
    annotation = AnnotationSpec(args.annotation, args.layer, args.where, args.all_touched) if args.annotation else None
    truth = AnnotationSpec(args.truth, args.truth_layer, args.truth_where, args.all_touched) if args.truth else None
    sheets = discover_sheets(args.sheets, annotation, truth, mosaic=args.mosaic, id_field=args.id_field,
                             sheets_layer=args.sheets_layer, margin_px=args.margin_px, tile_size=args.tile_size,
                             overlap=args.overlap)
    settings = CampaignSettings(
        out_dir=args.out_dir, assessor=args.assessor, model=model, engine=args.engine, device=args.device,
        consistent=args.consistent, bands=bands, stretch=args.stretch, tile_size=args.tile_size, overlap=args.overlap,
        batch_size=args.batch_size, min_area=args.min_area, buffer_m=args.buffer_m, workers=args.workers,
        torch_threads=args.torch_threads, scheduler=args.scheduler, retries=args.retries, verify=args.verify)
    events = jsonl_event if args.progress == "jsonl" else SheetBar(args.quiet or args.progress == "none")
    progress = NullProgress() if args.progress == "jsonl" else LineProgress(args.quiet or args.progress == "none")
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)  # a terminated campaign stops like Ctrl-C
    result = run_campaign(sheets, settings, progress, events)
    if args.progress != "jsonl":
        print(f"Campaign: {result.done} sheet(s) assessed, {result.failed} failed, {result.skipped} already done "
              f"({result.wall_s:.1f} s).")
        if result.report:
            print(f"Report: {result.report['html']}\nSheets table: {result.report['csv']}\n"
                  f"Merged layers: {result.report['gpkg']}")
    return 1 if any(r["state"] == "failed" for r in result.records) else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="segassess", description="SegAssess: where is a building/water annotation wrong? "
                                 "Pixel-level TP/FP/TN/FN quality maps without ground truth.")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("assess", help="assess an annotation with the SegAssess network (no ground truth needed)")
    _annotation_args(p)
    p.add_argument("--model", type=Path, help="model file (.pth/.pkl/.safetensors); default: built-in demo model")
    p.add_argument("--engine", default="torch", choices=["torch", "onnx"])
    p.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N")
    p.add_argument("--consistent", action="store_true",
                   help="renormalise TP/FP inside the mask and TN/FN outside (off: raw model output, as released)")
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("reference", help="exact quality map of an annotation against a ground truth")
    _annotation_args(p, truth=True)
    p.set_defaults(func=cmd_reference)

    p = sub.add_parser("compare", help="metrics of a predicted quality raster against a reference quality raster")
    p.add_argument("--predicted", required=True, type=Path)
    p.add_argument("--reference", required=True, type=Path)
    p.add_argument("--json", type=Path, help="also write the metrics as JSON")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("demo", help="generate a scene with an imperfect inventory and assess it")
    p.add_argument("--out-dir", type=Path, default=Path("demo_out"))
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--size", type=int, default=768)
    p.add_argument("--model", type=Path, help="model file; default: built-in demo model if present")
    p.add_argument("--overwrite", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("export-onnx", help="export a checkpoint to ONNX (dynamic batch)")
    p.add_argument("--checkpoint", type=Path)
    p.add_argument("--tile-size", type=int, default=512)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--opset", type=int, default=17)
    p.set_defaults(func=cmd_export_onnx)

    p = sub.add_parser("batch", help="assess many map sheets on Dask (resumable), with a campaign report",
                       description="Assess every sheet of a campaign on Dask distributed. Re-running skips sheets "
                       "already done from the same inputs and parameters; failed or changed sheets are redone. "
                       "Exit status: 0 all sheets done, 1 some failed (report still written), 2 bad input.")
    p.add_argument("--sheets", required=True, type=Path,
                   help="a folder of GeoTIFFs, a .csv/.yaml list (column image, optional id, annotation, truth), "
                        "or a sheet-index vector layer (with --mosaic)")
    p.add_argument("--annotation", type=Path,
                   help="the annotation layer for all sheets (read per sheet through its spatial index), or a per-sheet "
                        "pattern such as ann/{sheet}.gpkg; PostGIS: 'PG:dbname=... host=...' with --layer")
    p.add_argument("--layer", help="layer name of a multi-layer annotation source")
    p.add_argument("--where", help="attribute filter for the annotation")
    p.add_argument("--truth", type=Path, help="ground truth (reference assessor); may use {sheet}")
    p.add_argument("--truth-layer")
    p.add_argument("--truth-where")
    p.add_argument("--all-touched", action="store_true")
    p.add_argument("--mosaic", help="sheet-index mode: the mosaic or VRT the index polygons cut")
    p.add_argument("--id-field", help="sheet-index mode: the field holding the sheet id (default: feature number)")
    p.add_argument("--sheets-layer", help="sheet-index mode: layer of the index file")
    p.add_argument("--margin-px", type=int, default=None,
                   help="sheet-index mode: pixels of context read around each sheet; default: windows aligned on the "
                        "mosaic's tile grid, so results equal one run over the whole mosaic (no seams)")
    p.add_argument("--assessor", default="network", choices=["network", "reference", "trivial"])
    p.add_argument("--checkpoint", "--model", dest="checkpoint", type=Path,
                   help="model file (.pkl/.pth/.safetensors/.onnx); default: the built-in demo model")
    p.add_argument("--engine", default="torch", choices=["torch", "onnx"])
    p.add_argument("--device", default="auto")
    p.add_argument("--consistent", action="store_true")
    p.add_argument("--bands")
    p.add_argument("--stretch", default="auto", choices=["auto", "none", "percentile"])
    p.add_argument("--tile-size", type=int, default=512)
    p.add_argument("--overlap", type=int, default=64)
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--min-area", type=float, default=0.0)
    p.add_argument("--buffer-m", type=float, default=2.0)
    p.add_argument("--out-dir", required=True, type=Path)
    p.add_argument("--workers", type=int, default=0, help="local worker processes (0: sized to cores, memory, GPUs)")
    p.add_argument("--torch-threads", type=int, default=0, help="torch threads per worker (0: cores / workers)")
    p.add_argument("--scheduler", help="address of an existing Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--retries", type=int, default=2, help="worker deaths a sheet may cause before it is failed")
    p.add_argument("--verify", action="store_true", help="re-hash finished outputs (sha256) before skipping them")
    p.add_argument("--progress", default="bar", choices=["bar", "jsonl", "none"])
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_batch)

    from .models.training_cli import add_commands as add_training_commands  # train, evaluate (torch imported lazily)

    add_training_commands(sub)
    return ap


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SegAssessError as exc:
        print(f"segassess: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        if args.command == "batch":
            print(f"segassess: campaign interrupted; finished sheets are kept in {args.out_dir / 'campaign.sqlite'}; "
                  "run the same command again to resume", file=sys.stderr)
        else:
            print("segassess: cancelled; no output was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
