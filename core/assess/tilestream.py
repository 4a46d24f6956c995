"""The tiled part of an assessment as stages: read/prepare tiles -> model -> stitch/write rows.

- `read_batches` (stage 1) reads the image window of each planned tile, skips tiles entirely in
  nodata, reads every candidate annotation (and the ground truth) on the same window, pads and
  stacks them into `TileBatch`es of up to `batch_size` kept tiles, across tile rows.
- `assess_batch` (stage 2) runs the assessor once per batch; a batch carries one mask per
  candidate, and `core.assess.assessors.assess_candidates` lets an engine encode the image once
  for all of them.
- `core.assess.rowwriter.QualityWriter` (stage 3), one per candidate, blends tiles and writes
  finished rows.
`assess_tiles` runs them with `core.assess.stages.run_chain`: stages 1 and 3 in worker threads
with bounded queues while the model computes, or all on the calling thread (`threaded=False`,
same outputs).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence

import numpy as np
from rasterio.windows import Window

from ..common.progress import Progress, check_cancel, msg
from .assessors import assess_candidates
from .stages import ChainStats, StageTimer, run_chain
from .tiling import Tile, pad_tile

QUEUE_DEPTH = 2  # batches waiting between two stages (memory: ~2 batches per queue)


@dataclass
class TileBatch:
    """Up to batch_size tiles that are not entirely nodata, read and ready for the model."""

    tiles: List[Tile]             # in plan order
    rows: List[int]               # the tile-row index of each tile
    image: np.ndarray             # (B,3,T,T) float32 in [0,1]
    masks: List[np.ndarray]       # one (B,1,T,T) float32 {0,1} per candidate annotation
    valid: List[np.ndarray]       # (h,w) bool per tile: False where the image has nodata
    truth: Optional[np.ndarray]   # (B,1,T,T) float32, for assessors that need the ground truth
    planned_done: int             # planned tiles behind us once this batch is through (skipped ones too)
    skipped: int                  # tiles skipped (entirely nodata) since the previous batch

    def __len__(self) -> int:
        return len(self.tiles)


def _window(tile: Tile) -> Window:
    return Window(tile.col, tile.row, tile.width, tile.height)


def _stack(arrays: List[np.ndarray]) -> np.ndarray:
    return np.stack(arrays) if arrays else np.zeros((0, 1, 0, 0), np.float32)


def _batch(kept, tile_size: int, n_candidates: int, with_truth: bool, done: int, skipped: int) -> TileBatch:
    """kept: (row index, tile, rgb, valid) read so far; annotations are read by the caller."""
    return TileBatch(tiles=[k[1] for k in kept], rows=[k[0] for k in kept],
                     image=_stack([pad_tile(k[2], tile_size) for k in kept]),
                     masks=[_stack([k[4][i] for k in kept]) for i in range(n_candidates)],
                     valid=[k[3] for k in kept],
                     truth=_stack([k[5] for k in kept]) if with_truth else None,
                     planned_done=done, skipped=skipped)


def read_batches(image, annotations: Sequence, truth, rows: List[List[Tile]], tile_size: int,
                 batch_size: int, timer: Optional[StageTimer] = None) -> Iterator[TileBatch]:
    """Stage 1: `TileBatch`es in plan order. annotations: one mask reader per candidate (`.read(window)`).
    The last batch may be empty (only skipped tiles since the previous one)."""
    timer = timer or StageTimer()
    t = time.perf_counter()
    kept, done, skipped = [], 0, 0
    for r, row in enumerate(rows):
        for tile in row:
            done += 1
            win = _window(tile)
            rgb, valid = image.read(win)
            if not valid.any():
                skipped += 1
                continue
            masks = [pad_tile(a.read(win)[None].astype(np.float32), tile_size) for a in annotations]
            tr = pad_tile(truth.read(win)[None].astype(np.float32), tile_size) if truth is not None else None
            kept.append((r, tile, rgb, valid, masks, tr))
            if len(kept) == batch_size:
                batch = _batch(kept, tile_size, len(annotations), truth is not None, done, skipped)
                kept, skipped = [], 0
                t = timer.add("read", t)
                yield batch
                t = time.perf_counter()
    if kept or skipped:
        batch = _batch(kept, tile_size, len(annotations), truth is not None, done, skipped)
        timer.add("read", t)
        yield batch


def assess_batch(assessor, batch: TileBatch, tile_size: int) -> List[np.ndarray]:
    """Stage 2: class probabilities (B,4,T,T) float32 per candidate; [] for an empty batch."""
    if len(batch) == 0:
        return []
    extra = {"truth": batch.truth} if batch.truth is not None else {}
    out = assess_candidates(assessor, batch.image, batch.masks, **extra)
    probs = [np.asarray(p, np.float32) for p in out]
    expected = (len(batch), 4, tile_size, tile_size)
    for p in probs:
        if p.shape != expected:
            raise RuntimeError(f"assessor returned {p.shape}, expected {expected}")
    if len(probs) != len(batch.masks):
        raise RuntimeError(f"assessor returned {len(probs)} result(s) for {len(batch.masks)} candidate(s)")
    return probs


@dataclass
class TileRunStats:
    planned: int
    skipped: int
    chain: ChainStats


def assess_tiles(assessor, image, annotations: Sequence, truth, rows: List[List[Tile]], writers: Sequence,
                 tile_size: int, batch_size: int, progress: Progress, timer: StageTimer,
                 threaded: bool = True) -> TileRunStats:
    """Run the three stages over the tile plan `rows`; writers[i] receives candidate i's probabilities."""
    n_planned = sum(len(r) for r in rows)
    state = {"skipped": 0}

    def compute(batch: TileBatch) -> List[np.ndarray]:
        t = time.perf_counter()
        probs = assess_batch(assessor, batch, tile_size)
        timer.add("assess", t)
        state["skipped"] += batch.skipped
        progress.set_progress(75.0 * batch.planned_done / n_planned,
                              msg("Assessed tile {done}/{total}", done=batch.planned_done, total=n_planned))
        return probs

    def consume(batch: TileBatch, probs: List[np.ndarray]) -> None:
        for writer, p in zip(writers, probs):
            writer.add_batch(batch, p)

    chain = run_chain(read_batches(image, annotations, truth, rows, tile_size, batch_size, timer),
                      compute, consume, threaded=threaded, depth=QUEUE_DEPTH,
                      before_compute=lambda: check_cancel(progress))
    return TileRunStats(n_planned, state["skipped"], chain)
