"""Stage 3 of the tiled run, one per candidate annotation: blend the tiles' probabilities and
write each band of rows as soon as no later tile touches it.

The staged rasters: the quality classes, the confidence and the FP/FN mask cover the core window;
the probabilities (uint8, p*255) cover the whole image, so features near a sheet edge are scored
with the context beyond it. Pixel counts per class and the summed probabilities (expected
counts) are gathered on the way, for the summary.
"""
from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import numpy as np
import rasterio
from rasterio.windows import Window

from .outputs import class_counts, raster_profile
from .stages import StageTimer
from .stitching import StripAccumulator, tile_weights
from .tiling import Tile

WRITE_CHUNK_COLS = 2048


@dataclass(frozen=True)
class TempRasters:
    """The staged rasters one candidate's rows are written to."""

    quality: Path
    confidence: Path
    probabilities: Path
    errors: Path  # 1 where FP or FN: the polygonizer's mask

    @classmethod
    def in_folder(cls, folder: Path, prefix: str = "") -> "TempRasters":
        return cls(*(Path(folder) / f"{prefix}{n}.tmp.tif" for n in ("quality", "confidence", "probabilities",
                                                                      "errors")))

    def all(self) -> List[Path]:
        return [self.quality, self.confidence, self.probabilities, self.errors]


class QualityWriter:
    """add_batch() the tiles' probabilities in plan order, then finish(); a context manager that
    closes the rasters whatever happens."""

    def __init__(self, image_ds, core: Window, rows: List[List[Tile]], tile_size: int, overlap: int,
                 paths: TempRasters, timer: Optional[StageTimer] = None):
        self.width, self.height = image_ds.width, image_ds.height
        self.core = core
        self.overlap = overlap
        self.tops = [row[0].row for row in rows]
        self.strip = StripAccumulator(self.width, min(tile_size, self.height))
        self.paths = paths
        self.timer = timer or StageTimer()
        self.counts = np.zeros(5, np.int64)        # nodata, TP, FP, TN, FN pixels (core window)
        self.prob_sums = np.zeros(4, np.float64)   # expected TP, FP, TN, FN pixels (core window)
        self.row = 0                               # the tile row being accumulated
        self._files = ExitStack()
        self._open(image_ds)

    def _open(self, ds) -> None:
        def open_(path, count, dtype, nodata, window, **extra):
            return self._files.enter_context(
                rasterio.open(path, "w", **{**raster_profile(ds, count, dtype, nodata, window), **extra}))
        with ExitStack() as undo:
            undo.callback(self._files.close)  # a failed open closes those already open
            self.q_ds = open_(self.paths.quality, 1, "uint8", 0, self.core)
            self.c_ds = open_(self.paths.confidence, 1, "float32", 0, self.core)
            self.p_ds = open_(self.paths.probabilities, 4, "uint8", None, None, interleave="pixel")
            self.e_ds = open_(self.paths.errors, 1, "uint8", None, self.core)
            undo.pop_all()

    def __enter__(self) -> "QualityWriter":
        return self

    def __exit__(self, *exc) -> None:
        self._files.close()

    def add_batch(self, batch, probs: np.ndarray) -> None:
        """probs (B,4,T,T) for batch.tiles (a `core.assess.tilestream.TileBatch`)."""
        for r, tile, p, valid in zip(batch.rows, batch.tiles, probs, batch.valid):
            self._advance(r)
            t = time.perf_counter()
            self.strip.add(tile, p[:, :tile.height, :tile.width], tile_weights(tile, self.overlap), valid)
            self.timer.add("stitch", t)

    def finish(self) -> None:
        """Write the rows still in the strip and close the rasters."""
        self._advance(len(self.tops))
        self._files.close()

    def _advance(self, row: int) -> None:
        """Write the rows of every tile row before `row`: no later tile touches them."""
        while self.row < row:
            t = time.perf_counter()
            nxt = self.tops[self.row + 1] if self.row + 1 < len(self.tops) else self.height
            top, probs, covered = self.strip.flush(nxt)
            # column chunks keep the per-pixel temporaries (argmax, rounding) small on wide rasters
            for c0 in range(0, self.width, WRITE_CHUNK_COLS):
                c1 = min(self.width, c0 + WRITE_CHUNK_COLS)
                self._write_chunk(top, nxt, c0, c1, probs[:, :, c0:c1], covered[:, c0:c1])
            self.row += 1
            self.timer.add("write", t)

    def _write_chunk(self, top: int, bottom: int, c0: int, c1: int, p: np.ndarray, cov: np.ndarray) -> None:
        self.p_ds.write(np.round(p * 255).astype(np.uint8), window=Window(c0, top, c1 - c0, bottom - top))
        # the part of this chunk inside the core window, in chunk and in core coordinates
        core_r0, core_c0 = int(self.core.row_off), int(self.core.col_off)
        r_a, r_b = max(top, core_r0), min(bottom, core_r0 + int(self.core.height))
        k_a, k_b = max(c0, core_c0), min(c1, core_c0 + int(self.core.width))
        if r_a >= r_b or k_a >= k_b:
            return
        p = p[:, r_a - top:r_b - top, k_a - c0:k_b - c0]
        cov = cov[r_a - top:r_b - top, k_a - c0:k_b - c0]
        quality = np.where(cov, p.argmax(axis=0) + 1, 0).astype(np.uint8)
        win = Window(k_a - core_c0, r_a - core_r0, k_b - k_a, r_b - r_a)
        self.q_ds.write(quality, 1, window=win)
        self.c_ds.write(np.where(cov, p.max(axis=0), 0).astype(np.float32), 1, window=win)
        self.e_ds.write(((quality == 2) | (quality == 4)).astype(np.uint8), 1, window=win)
        self.counts += class_counts(quality)
        self.prob_sums += p.sum(axis=(1, 2))
