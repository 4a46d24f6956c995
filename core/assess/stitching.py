"""Blend overlapping tiles' class probabilities into one map without seams.

Each tile's probabilities are weighted by a separable window that ramps smoothly
(sin², i.e. a half Hann window) across the overlap on sides that have a neighbour,
and is flat elsewhere; the accumulator divides by the summed weights. Blending happens
on probabilities, never on argmax labels. Because the result is a per-pixel convex
combination, a tiled run equals the untiled run for any assessor whose output at a
pixel does not depend on the tile position (tested).

`StripAccumulator` keeps only one band of rows (tile height) in memory and hands back
finished rows as soon as no later tile can touch them, so memory does not grow with the
raster's height.
"""
from __future__ import annotations

from typing import Optional, Tuple

import numpy as np

from .tiling import Tile


def ramp(length: int, overlap: int, start: bool, end: bool) -> np.ndarray:
    """1-D weights: sin² ramp over `overlap` pixels at each end that has a neighbour."""
    w = np.ones(length, np.float32)
    n = min(overlap, length // 2)
    if n > 0:
        r = np.sin(0.5 * np.pi * (np.arange(n, dtype=np.float32) + 0.5) / n) ** 2
        if start:
            w[:n] = r
        if end:
            w[length - n:] = r[::-1]
    return w


def tile_weights(tile: Tile, overlap: int) -> np.ndarray:
    """2-D weight window (height, width) for a tile; ramps only towards neighbouring tiles."""
    wy = ramp(tile.height, overlap, not tile.top, not tile.bottom)
    wx = ramp(tile.width, overlap, not tile.left, not tile.right)
    return np.outer(wy, wx)


class StripAccumulator:
    """Weighted sum of probabilities over a horizontal strip of the image.

    add() tiles of the current tile row; then flush(next_row) returns the finished rows
    [strip_top, next_row) as normalised probabilities and slides the strip down.
    """

    def __init__(self, width: int, strip_height: int, n_classes: int = 4):
        self.width = width
        self.height = strip_height
        self.top = 0
        self.acc = np.zeros((n_classes, strip_height, width), np.float32)
        self.wsum = np.zeros((strip_height, width), np.float32)

    def add(self, tile: Tile, probs: np.ndarray, weights: np.ndarray,
            valid: Optional[np.ndarray] = None) -> None:
        """probs (C, h, w) of the tile's read window; valid (h, w) masks nodata pixels out."""
        w = weights if valid is None else weights * valid
        r0 = tile.row - self.top
        sl = (slice(r0, r0 + tile.height), slice(tile.col, tile.col + tile.width))
        self.acc[(slice(None),) + sl] += probs * w
        self.wsum[sl] += w

    def flush(self, next_row: int) -> Tuple[int, np.ndarray, np.ndarray]:
        """Finish rows [top, next_row): returns (top, probs (C,n,W), covered (n,W) bool)."""
        n = next_row - self.top
        wsum = self.wsum[:n]
        covered = wsum > 0
        probs = np.divide(self.acc[:, :n], wsum, out=np.zeros_like(self.acc[:, :n]), where=covered)
        top = self.top
        # slide the strip down by n rows
        self.acc[:, : self.height - n] = self.acc[:, n:].copy()
        self.acc[:, self.height - n:] = 0
        self.wsum[: self.height - n] = self.wsum[n:].copy()
        self.wsum[self.height - n:] = 0
        self.top = next_row
        return top, probs, covered
