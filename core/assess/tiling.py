"""Window plan: where the tiles go. Pure numpy, no I/O.

Tiles are T x T with stride T - O. The last tile of a row/column is shifted inward so it
ends at the image edge (no padding needed, and the shifted tile sees real pixels rather
than padding). Only when the image is smaller than T along an axis is the tile padded,
with reflection (`pad_tile`), never with zeros that would look like dark data.
The overlap exists so that every pixel's prediction can come from the inner part of some
tile, away from the border where the network sees little context; the blending weights
in `core.assess.stitching` do the rest.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, List, Tuple

import numpy as np

from ..common.errors import InputError
from ..common.progress import msg


@dataclass(frozen=True)
class Tile:
    row: int      # top pixel row of the read window in the image
    col: int      # left pixel column of the read window
    height: int   # rows actually read (< tile size only when the image is smaller)
    width: int
    top: bool     # touches the image's top edge (no neighbour to blend with there)
    bottom: bool
    left: bool
    right: bool


PATCH = 16  # side of the network's ViT patches: a tile is a whole number of them
MAX_TILE_SIZE = 4096  # the network's global attention grows with the 4th power of the tile side


def check_tile_size(tile_size) -> int:
    """The tile side as an int: a positive multiple of PATCH (the ViT patchifies by 16)."""
    try:
        t = int(tile_size)
        exact = float(tile_size) == t
    except (TypeError, ValueError):
        raise InputError(msg("Tile size {t} is not an integer; use a multiple of {patch} such as 512.",
                             t=repr(tile_size), patch=PATCH)) from None
    if t <= 0 or t % PATCH or not exact:
        raise InputError(msg("Tile size {t} is not a positive multiple of {patch}; use e.g. 256, 320 or 512.",
                             t=tile_size, patch=PATCH))
    if t > MAX_TILE_SIZE:
        raise InputError(msg("Tile size {t} is too large: at most {max} px (memory grows with the 4th power of the "
                             "tile side); use the model's own tile size, e.g. 512.", t=tile_size, max=MAX_TILE_SIZE))
    return t


def validate_tiling(tile_size: int, overlap: int) -> None:
    """Tile size a positive multiple of 16 (`check_tile_size`); overlap in [0, T/2), so that every
    pixel lies in the inner half of some tile."""
    tile_size = check_tile_size(tile_size)
    if overlap < 0 or overlap >= tile_size / 2:
        raise InputError(msg("Overlap {o} px must be at least 0 and less than half the tile size of {t} px; lower "
                             "the overlap.", o=overlap, t=tile_size))


def axis_starts(length: int, tile: int, overlap: int) -> List[int]:
    """Start offsets along one axis: stride tile-overlap, last one shifted inward to end at `length`.
    (A negative overlap leaves gaps between tiles: training data may be cut that way.)"""
    if length <= tile:
        return [0]
    stride = tile - overlap
    if stride <= 0:
        raise InputError(f"Tile stride {stride} px must be positive (tile {tile} px, overlap {overlap} px).")
    starts = list(range(0, length - tile, stride))
    starts.append(length - tile)
    return sorted(set(starts))


def window_starts(height: int, width: int, tile: int, overlap: int) -> List[Tuple[int, int]]:
    """(row, col) of every tile covering a height x width image, row-major (see axis_starts)."""
    cols = axis_starts(width, tile, overlap)
    return [(r, c) for r in axis_starts(height, tile, overlap) for c in cols]


def plan_tiles(height: int, width: int, tile_size: int = 512, overlap: int = 64) -> List[Tile]:
    """All tiles covering a height x width image, row-major (rows of tiles top to bottom)."""
    validate_tiling(tile_size, overlap)
    th, tw = min(tile_size, height), min(tile_size, width)
    return [Tile(r, c, th, tw, r == 0, r + th >= height, c == 0, c + tw >= width)
            for r, c in window_starts(height, width, tile_size, overlap)]


def tile_rows(tiles: List[Tile]) -> Iterator[List[Tile]]:
    """Group a row-major plan into rows of tiles sharing the same top row."""
    current: List[Tile] = []
    for t in tiles:
        if current and t.row != current[0].row:
            yield current
            current = []
        current.append(t)
    if current:
        yield current


def pad_tile(array: np.ndarray, tile_size: int) -> np.ndarray:
    """Reflect-pad the last two axes up to tile_size (images smaller than a tile)."""
    h, w = array.shape[-2:]
    ph, pw = tile_size - h, tile_size - w
    if ph == 0 and pw == 0:
        return array
    pad = [(0, 0)] * (array.ndim - 2) + [(0, ph), (0, pw)]
    mode = "reflect" if min(h, w) > 1 else "edge"
    return np.pad(array, pad, mode=mode)
