import numpy as np
import pytest

from segassess.core.common.errors import InputError
from segassess.core.assess.tiling import axis_starts, pad_tile, plan_tiles, tile_rows


@pytest.mark.parametrize("h,w,t,o", [(512, 512, 512, 64), (1000, 700, 256, 32), (100, 3000, 128, 16),
                                     (513, 511, 512, 64), (37, 41, 64, 8), (2049, 1025, 320, 48)])
def test_plan_covers_every_pixel_with_required_overlap(h, w, t, o):
    tiles = plan_tiles(h, w, t, o)
    cover = np.zeros((h, w), np.int32)
    for tile in tiles:
        assert tile.height == min(t, h) and tile.width == min(t, w)
        assert 0 <= tile.row and tile.row + tile.height <= h  # shifted inward, never beyond the edge
        assert 0 <= tile.col and tile.col + tile.width <= w
        cover[tile.row:tile.row + tile.height, tile.col:tile.col + tile.width] += 1
    assert cover.min() >= 1
    # consecutive starts overlap by at least the requested overlap
    for starts, length in ((axis_starts(h, t, o), h), (axis_starts(w, t, o), w)):
        gaps = np.diff(starts)
        assert (gaps <= t - o).all() and (gaps > 0).all()
        assert starts[-1] + min(t, length) == length


def test_rows_are_row_major_and_edges_flagged():
    tiles = plan_tiles(1000, 700, 256, 32)
    rows = list(tile_rows(tiles))
    assert [r[0].row for r in rows] == sorted({t.row for t in tiles})
    assert all(t.top == (t.row == 0) and t.bottom == (t.row + t.height == 1000) for t in tiles)
    assert all(t.left == (t.col == 0) and t.right == (t.col + t.width == 700) for t in tiles)


@pytest.mark.parametrize("t,o", [(500, 64), (0, 0), (512, 256), (512, 300), (512, -1)])
def test_bad_tiling_parameters(t, o):
    with pytest.raises(InputError, match="multiple of 16|Overlap"):
        plan_tiles(100, 100, t, o)


def test_pad_is_reflect_not_zero():
    a = np.arange(1, 1 + 3 * 5 * 6, dtype=np.float32).reshape(3, 5, 6)
    p = pad_tile(a, 16)
    assert p.shape == (3, 16, 16)
    assert (p[:, :5, :6] == a).all()
    assert (p[:, 5, :6] == a[:, 3]).all()  # reflection about the last row
    assert p.min() >= 1  # nothing invented as zero


def test_pad_single_pixel_rows():
    a = np.ones((1, 1, 7), np.float32)
    assert pad_tile(a, 16).shape == (1, 16, 16)
