"""`segassess batch`: a resumable map-sheet campaign on Dask (the runner is cli/campaign.py)."""
from __future__ import annotations

from pathlib import Path

from . import options
from .progress import LineProgress, SheetBar, jsonl_event


def _candidates(args):
    """`--candidate` x N: rank them on every sheet. Their layer and filter default to --layer/--where."""
    from ..core.common.errors import InputError

    if not args.candidate:
        return []
    if args.annotation:
        raise InputError("Give either --annotation (assess one layer) or --candidate several times (rank them), "
                         "not both.")
    if args.candidate_layer is None and args.layer:
        args.candidate_layer = [args.layer]
    if args.candidate_where is None and args.where:
        args.candidate_where = [args.where]
    return options.candidates(args)


def cmd_batch(args) -> int:
    from ..core.campaign.sheets import discover_sheets, with_candidates
    from ..core.common.errors import InputError
    from ..core.common.progress import NullProgress
    from .assess import resolve_model
    from .campaign import CampaignSettings, run_campaign

    model = None
    if args.assessor == "network":
        model = resolve_model(args.model, say=(lambda m: None) if args.progress == "jsonl" else print)
    elif args.model:
        raise InputError(f"--model is for the network assessor, not --assessor {args.assessor}.")
    if args.assessor == "reference" and not args.truth:
        raise InputError("--assessor reference needs --truth (the ground-truth layer).")
    candidates = _candidates(args)
    annotation = candidates[0].spec if candidates else options.annotation_spec(args)
    sheets = discover_sheets(args.sheets, annotation, options.annotation_spec(args, truth=True),
                             mosaic=args.mosaic, id_field=args.id_field, sheets_layer=args.sheets_layer,
                             margin_px=args.margin_px, tile_size=args.tile_size, overlap=args.overlap)
    if candidates:
        sheets = with_candidates(sheets, [c.spec for c in candidates])
    settings = CampaignSettings(
        out_dir=args.out_dir, assessor=args.assessor, model=model, engine=args.engine, device=args.device,
        consistent=args.consistent, precision=args.precision, bands=options.parse_bands(args.bands),
        stretch=args.stretch,
        tile_size=args.tile_size, overlap=args.overlap, batch_size=args.batch_size, min_area=args.min_area,
        buffer_m=args.buffer_m, workers=args.workers, torch_threads=args.torch_threads, scheduler=args.scheduler,
        retries=args.retries, verify=args.verify, candidates=candidates or None, min_overlap=args.min_overlap,
        single_min_iou=args.single_min_iou)
    quiet = args.quiet or args.progress == "none"
    events = jsonl_event if args.progress == "jsonl" else SheetBar(quiet)
    progress = NullProgress() if args.progress == "jsonl" else LineProgress(quiet)
    result = run_campaign(sheets, settings, progress, events)
    if args.progress != "jsonl":
        print(f"Campaign: {result.done} sheet(s) assessed, {result.failed} failed, {result.skipped} already done "
              f"({result.wall_s:.1f} s).")
        if result.report:
            print(f"Report: {result.report['html']}\nSheets table: {result.report['csv']}\n"
                  f"Merged layers: {result.report['gpkg']}")
            if "ranking_csv" in result.report:
                print(f"Ranking per sheet: {result.report['ranking_csv']}")
    return 1 if any(r["state"] == "failed" for r in result.records) else 0


def add_commands(sub) -> None:
    p = sub.add_parser(
        "batch", help="assess many map sheets on Dask (resumable), with a campaign report",
        parents=[options.annotation_options(required=False), options.truth_options(required=False),
                 options.image_options(required=False), options.tiling_options(), options.result_options(),
                 options.model_options(), options.candidate_options(required=False, standalone=False),
                 options.rank_options(), options.quiet_option()],
        description="Assess every sheet of a campaign on Dask distributed. Re-running skips sheets "
                    "already done from the same inputs and parameters; failed or changed sheets are redone. "
                    "Exit status: 0 all sheets done, 1 some failed (report still written), 2 bad input. "
                    "--annotation and --truth may be per-sheet patterns such as ann/{sheet}.gpkg. With --candidate given "
                    "several times (instead of --annotation) each sheet's candidates are ranked as `segassess rank` "
                    "does, and the report says which candidate wins on how many sheets and features.")
    p.add_argument("--sheets", required=True, type=Path,
                   help="a folder of GeoTIFFs, a .csv/.yaml list (column image, optional id, annotation, truth), "
                        "or a sheet-index vector layer (with --mosaic)")
    p.add_argument("--mosaic", help="sheet-index mode: the mosaic or VRT the index polygons cut")
    p.add_argument("--id-field", help="sheet-index mode: the field holding the sheet id (default: feature number)")
    p.add_argument("--sheets-layer", help="sheet-index mode: layer of the index file")
    p.add_argument("--margin-px", type=int, default=None,
                   help="sheet-index mode: pixels of context read around each sheet; default: windows aligned on the "
                        "mosaic's tile grid, so results equal one run over the whole mosaic (no seams)")
    p.add_argument("--assessor", default="network", choices=["network", "reference", "trivial"])
    p.add_argument("--out-dir", required=True, type=Path)
    p.add_argument("--workers", type=int, default=0, help="local worker processes (0: sized to cores, memory, GPUs)")
    p.add_argument("--torch-threads", type=int, default=0, help="torch threads per worker (0: cores / workers)")
    p.add_argument("--scheduler", help="address of an existing Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--retries", type=int, default=2, help="worker deaths a sheet may cause before it is failed")
    p.add_argument("--verify", action="store_true", help="re-hash finished outputs (sha256) before skipping them")
    p.add_argument("--progress", default="bar", choices=["bar", "jsonl", "none"])
    p.set_defaults(func=cmd_batch)
