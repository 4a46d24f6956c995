"""Model cards: the JSON card beside a weights file.

Pure Python (no torch): the registry (`models/registry.py`) uses these to recognise a
file, and the QGIS plugin asks the registry for advice (trained tile size) without
paying for a torch import. `models/checkpoint.py` re-exports them.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from ..core.common.errors import InputError


def _one_line(text: object, limit: int = 160) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 3] + "..."


def card_path(path) -> Path:
    """The JSON card that describes a weights file: same name, `.json` suffix."""
    return Path(path).with_suffix(".json")


def read_card(path) -> Optional[dict]:
    """The card beside `path`, or None; a broken card is an error (it would mislead)."""
    cp = card_path(path)
    if not cp.is_file() or cp == Path(path):
        return None
    try:
        card = json.loads(cp.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"model card {cp.name} is not valid JSON ({_one_line(e, 80)}); fix or delete it") from None
    return card if isinstance(card, dict) else None
