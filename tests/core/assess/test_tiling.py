import numpy as np
import pytest

from segassess.core.common.errors import InputError
from segassess.core.assess.tiling import axis_starts, check_tile_size, pad_tile, plan_tiles, tile_rows, window_starts


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


@pytest.mark.parametrize("value", [512, "512", 512.0, np.int64(320), 16])
def test_check_tile_size_accepts_whole_multiples_of_16(value):
    assert check_tile_size(value) == int(value) and isinstance(check_tile_size(value), int)


@pytest.mark.parametrize("value,match", [(500, "positive multiple of 16"), (0, "positive multiple"),
                                         (-512, "positive multiple"), (512.5, "positive multiple"),
                                         ("big", "not an integer"), (None, "not an integer")])
def test_check_tile_size_refuses_the_rest(value, match):
    with pytest.raises(InputError, match=match):
        check_tile_size(value)


def test_one_tile_check_for_the_pipeline_the_network_and_the_trainer(tmp_path):
    """models/ and training use the core's check and windows, not copies of them."""
    from segassess.models import checkpoint, engines, export, network
    from segassess.models.training import data

    assert network.check_tile_size is checkpoint.check_tile_size is engines.check_tile_size is check_tile_size
    assert export.check_tile_size is check_tile_size and network.PATCH == 16
    with pytest.raises(InputError, match="multiple of 16"):
        network.SegAssess("tiny", 100)
    assert not hasattr(data, "tile_windows")


@pytest.mark.parametrize("h,w,t,stride", [(200, 130, 64, 64), (200, 130, 64, 48), (200, 130, 64, 100),
                                          (50, 40, 64, 64), (64, 64, 64, 32)])
def test_window_starts_with_any_stride(h, w, t, stride):
    """Training cuts sheets with a stride (gaps allowed); the last window is shifted to the edge."""
    starts = window_starts(h, w, t, t - stride)
    rows, cols = sorted({r for r, _ in starts}), sorted({c for _, c in starts})
    assert starts == [(r, c) for r in rows for c in cols]
    for s, n in ((rows, h), (cols, w)):
        assert s[0] == 0 and s[-1] == max(0, n - t)
        assert all(0 < b - a <= stride for a, b in zip(s, s[1:]))
    with pytest.raises(InputError, match="stride"):
        window_starts(200, 200, 64, 64)
