"""`segassess <command>`: the console entry point.

Each command family registers its sub-command (cli/assess.py, rank.py, batch.py, demo.py, training.py, edits.py);
options shared between commands are declared once in cli/options.py. Bad input exits with status 2
and a one-line reason; Ctrl-C / SIGTERM with 130.
"""
from __future__ import annotations

import argparse
import signal
import sys
from typing import List, Optional

from ..core.common.errors import SegAssessError
from ..core.common.version import __version__
from . import assess, batch, demo, edits, rank, training


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="segassess", description="SegAssess: where is a building/water annotation wrong? "
                                 "Pixel-level TP/FP/TN/FN quality maps without ground truth.")
    ap.add_argument("--version", action="version", version=f"segassess {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    for family in (assess, rank, demo, batch, training, edits):
        family.add_commands(sub)
    return ap


def _terminate_as_interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    # SIGTERM (kill, a scheduler's time limit) stops like Ctrl-C: staged outputs are removed, campaigns keep
    # their finished sheets
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
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
