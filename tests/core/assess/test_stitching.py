"""Blending: a tiled run equals the untiled run for a position-independent assessor, and a
tile-position-dependent assessor leaves no seam line."""
import numpy as np

from segassess.core.assess.stitching import StripAccumulator, ramp, tile_weights
from segassess.core.assess.tiling import pad_tile, plan_tiles, tile_rows


def softmax(x, axis=0):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def pixel_assessor(img):
    """Per-pixel, position-independent: output at a pixel depends only on that pixel."""
    logits = np.stack([img[0] * 3, img[1] * 2, img[2], 1 - img[0]])
    return softmax(logits)


def run_tiled(img, t, o, assessor):
    _, h, w = img.shape
    tiles = plan_tiles(h, w, t, o)
    rows = list(tile_rows(tiles))
    acc = StripAccumulator(w, min(t, h))
    out = np.zeros((4, h, w), np.float32)
    for r, row in enumerate(rows):
        for tile in row:
            sub = img[:, tile.row:tile.row + tile.height, tile.col:tile.col + tile.width]
            p = assessor(pad_tile(sub, t), tile)[:, :tile.height, :tile.width]
            acc.add(tile, p, tile_weights(tile, o))
        nxt = rows[r + 1][0].row if r + 1 < len(rows) else h
        top, probs, covered = acc.flush(nxt)
        assert covered.all()
        out[:, top:nxt] = probs
    return out


def test_tiled_equals_untiled():
    rng = np.random.default_rng(0)
    img = rng.random((3, 300, 437), dtype=np.float32)
    whole = pixel_assessor(img)
    tiled = run_tiled(img, 64, 16, lambda x, tile: pixel_assessor(x))
    np.testing.assert_allclose(tiled, whole, atol=1e-5)
    np.testing.assert_allclose(tiled.sum(0), 1, atol=1e-5)


def test_no_seam_with_tile_dependent_bias():
    """Each tile adds its own offset (as a network does near its borders). Hard stitching
    would jump by the full offset at a tile edge; blending spreads it over the overlap."""
    img = np.full((3, 200, 200), 0.5, np.float32)
    offsets = {}

    def biased(x, tile):
        key = (tile.row, tile.col)
        offsets.setdefault(key, 0.3 * ((len(offsets) % 2) * 2 - 1))
        p = np.full((4,) + x.shape[1:], 0.25, np.float32)
        p[0] += offsets[key]
        p[2] -= offsets[key]
        return p

    out = run_tiled(img, 64, 16, biased)
    jump_x = np.abs(np.diff(out[0], axis=1)).max()
    jump_y = np.abs(np.diff(out[0], axis=0)).max()
    # offsets differ by 0.6 between neighbours; a sin² ramp over 16 px keeps steps < 0.6 * pi/(2*16) * ~1.2
    assert max(jump_x, jump_y) < 0.08, (jump_x, jump_y)
    assert np.ptp(out[0]) > 0.5  # the bias is really there (the test can fail)


def test_ramp_is_flat_at_image_edges_and_symmetric():
    r = ramp(64, 16, start=False, end=True)
    assert (r[:48] == 1).all() and r[-1] < 0.01 and (np.diff(r[48:]) < 0).all()
    r2 = ramp(64, 16, start=True, end=True)
    np.testing.assert_allclose(r2, r2[::-1])
    # weights of two tiles overlapping by 16 sum to 1 in the overlap (partition of unity)
    np.testing.assert_allclose(r2[:16] + r2[-16:], 1, atol=1e-6)
