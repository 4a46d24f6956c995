"""`segassess rank`: several candidate annotations of one image, ranked without ground truth (or
exactly, against one), and the best version of each object kept in one layer.

Same core calls as the QGIS algorithm segassess:rank: arguments -> core RankJob -> run_rank.
"""
from __future__ import annotations

import math

from ..core.common.errors import InputError
from . import options
from .assess import job_from_args, resolve_model
from .progress import TqdmProgress


def rank_job(args):
    """The core RankJob of rank arguments."""
    from ..core.rank.run import RankJob

    candidates = options.candidates(args)
    job = job_from_args(args, truth=bool(args.truth), annotation=candidates[0].spec)
    return RankJob(job, candidates, min_overlap=args.min_overlap, single_min_iou=args.single_min_iou)


def print_ranking(result, out=print) -> None:
    """The ranking table in a few lines, best first."""
    what = "exact, against the ground truth" if result.exact else "estimated by the network, no ground truth"
    out(f"Ranking ({what}):")
    for row in result.rows:
        iou = row["est_iou"]
        out(f"  {row['rank']}. {row['candidate']}: IoU {iou:.3f}" if not math.isnan(iou) else
            f"  {row['rank']}. {row['candidate']}: no estimate")
        out(f"     F1 {row['est_f1']:.3f}, precision {row['est_precision']:.3f}, recall {row['est_recall']:.3f}; "
            f"FP {row['fp_area_m2']:.1f} m², FN {row['fn_area_m2']:.1f} m²; {row['best_of_features']} of its "
            f"{row['features']} feature(s) in best_of")
    out(f"Best of: {result.best_of_count} feature(s) from {result.clusters} object cluster(s) -> {result.best_of}")
    out(f"Ranking: {result.ranking_csv}")


def cmd_rank(args) -> int:
    from ..core.rank.run import run_rank

    if args.truth and args.model:
        raise InputError("--truth ranks exactly with the reference assessor; --model is not used with it.")
    job = rank_job(args)
    if args.truth:
        from ..core.assess.assessors import ReferenceAssessor

        assessor = ReferenceAssessor()
    else:
        from ..models.engines import make_assessor

        assessor = make_assessor(resolve_model(args.model), engine=args.engine, tile_size=args.tile_size,
                                 device=args.device, batch_size=args.batch_size, consistent=args.consistent,
                                 split=True, precision=args.precision)
    progress = TqdmProgress(args.quiet)
    try:
        result = run_rank(job, assessor, progress)
    finally:
        progress.close()
    print_ranking(result)
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser(
        "rank", help="rank candidate annotations of one image without ground truth, and keep the best of each object",
        parents=[options.image_options(), options.candidate_options(), options.truth_options(required=False),
                 options.tiling_options(), options.result_options(), options.output_options(),
                 options.model_options(), options.rank_options(), options.quiet_option()],
        description="Assess every --candidate on the image in one pass (each tile is read and encoded once for all "
                    "of them), rank them by estimated IoU, and write OUT/<prefix>ranking.csv (+ .json), each "
                    "candidate's quality map and assessment, and OUT/<prefix>best.gpkg (layer best_of: for each "
                    "object the candidates agree on, the version with the best estimate). With --truth the exact "
                    "reference assessor is used and the ranking is exact.")
    p.set_defaults(func=cmd_rank)
