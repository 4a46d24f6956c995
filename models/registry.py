"""Known SegAssess weight files and how to recognise them.

Users download the official weights by hand, so a file may be renamed, partially
downloaded or a different release: `identify()` says which entry a file is (by
sha256 when known, else by its JSON card or the released folder layout
`.../SegAssess/<Dataset>/best.pkl`) and what is wrong when it does not match.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

from ..core.common.files import file_sha256
from .cards import read_card

REGISTRY_PATH = Path(__file__).resolve().parent / "registry.json"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEMO_NAME = "segassess-tiny-demo"


def load_registry(path=REGISTRY_PATH) -> List[dict]:
    """All entries of registry.json."""
    return list(json.loads(Path(path).read_text(encoding="utf-8"))["models"])


def get_entry(name: str) -> dict:
    for e in load_registry():
        if e["name"] == name:
            return e
    raise KeyError(f"no model named {name!r} in the registry")


def demo_model_path() -> Path:
    """Where the built-in tiny demo model lives (it may not exist yet)."""
    return PACKAGE_ROOT / get_entry(DEMO_NAME)["file"]


@dataclass
class Identification:
    """status: 'verified' (hash matches), 'unverified' (entry found, no known hash),
    'mismatch' (entry found, hash differs), 'unknown' (no entry)."""

    status: str
    sha256: str
    entry: Optional[dict] = None
    message: str = ""
    candidates: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("verified", "unverified")


def _guess_entry(p: Path, entries: List[dict]) -> Optional[dict]:
    """By card name, by the released layout (<Dataset>/best.pkl), or by file path."""
    try:
        card = read_card(p) or {}
    except Exception:  # a broken card is reported by the loader; here it only fails to help
        card = {}
    for e in entries:
        if card.get("registry_name") == e["name"]:
            return e
    for e in entries:
        if p.name == Path(e["file"]).name and p.parent.name.lower() == Path(e["file"]).parent.name.lower():
            return e
    for e in entries:
        if p.stem.lower() in (e["name"].lower(), f"segassess_{e['dataset'].lower()}", e["dataset"].lower()):
            return e
    return None


def identify(path, registry=REGISTRY_PATH) -> Identification:
    """Which registry entry `path` is, with a one-line message for the user."""
    p = Path(path)
    if not p.is_file():
        return Identification("unknown", "", None, f"model file not found: {p}")
    entries = load_registry(registry)
    digest = file_sha256(p, cached=True)  # released files are ~0.5 GB
    for e in entries:
        if e.get("sha256") and e["sha256"].lower() == digest:
            return Identification("verified", digest, e, f"{p.name} is {e['name']} ({e['dataset']}), sha256 verified")
    guess = _guess_entry(p, entries)
    if guess is None:
        return Identification(
            "unknown", digest, None,
            f"{p.name} is not a known SegAssess release (sha256 {digest[:12]}...); it will be used only if its "
            f"tensors fit the architecture (official weights: {entries[0]['source_url']})")
    if guess.get("sha256"):
        return Identification(
            "mismatch", digest, guess,
            f"{p.name} looks like {guess['name']} ({guess['dataset']}) but its sha256 {digest[:12]}... does not match "
            f"the registered {guess['sha256'][:12]}...: the download may be incomplete or a different release; "
            f"download it again from {guess['source_url']}", [guess["name"]])
    return Identification(
        "unverified", digest, guess,
        f"{p.name} looks like {guess['name']} ({guess['dataset']}); no registered sha256 to verify it "
        f"(sha256 {digest[:12]}...)", [guess["name"]])


def recommended_tile_size(path, default: int = 512) -> int:
    """The tile size a file was trained for, when the registry or its card says so."""
    p = Path(path)
    try:
        card = read_card(p) or {}
    except Exception:
        card = {}
    if card.get("tile_size"):
        return int(card["tile_size"])
    e = _guess_entry(p, load_registry())
    return int(e["tile_size"]) if e and e.get("tile_size") else default


CARD_FIELDS = ("registry_name", "config_name", "tile_size", "created", "note", "dtype")


def describe_model(path) -> dict:
    """What a report says about a model file: name, file, sha256 (and whether the registry verifies
    it), demo or not, the dataset it was trained on and the main fields of its card."""
    p = Path(path)
    ident = identify(p)
    try:
        card = read_card(p) or {}
    except Exception:
        card = {}
    entry = ident.entry or {}
    demo = bool(card.get("demo")) or entry.get("name") == DEMO_NAME
    return {"name": entry.get("name") or card.get("registry_name") or p.stem, "file": str(p),
            "sha256": ident.sha256, "status": ident.status, "demo": demo, "dataset": entry.get("dataset"),
            "card": {k: card[k] for k in CARD_FIELDS if card.get(k) is not None}}
