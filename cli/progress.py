"""Progress on the console: core `Progress` over tqdm bars, campaign lines and JSON-lines events."""
from __future__ import annotations

import sys
from typing import List

from ..core.common import strict_json
from ..core.common.progress import NullProgress


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


def jsonl_event(event: dict) -> None:
    """`--progress jsonl`: one JSON object per line on stdout, for the QGIS algorithm and scripts."""
    print(strict_json.dumps(event), flush=True)


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
