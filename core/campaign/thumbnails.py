"""Thumbnails of a sheet for the campaign report: the quality classes, alone or over the imagery.

Both read decimated (GDAL uses the COG's overviews), never the full grid. Over the imagery the
classes are drawn as an analyst reviews them in QGIS: TN transparent, TP faint, FP and FN strong
but still see-through (OVERLAY_ALPHA), in the class colours of `core.common.classes`. The image
is read over the quality raster's extent (a sheet cut from a mosaic is read with context around
it; only the sheet is shown), with the bands the sheet was assessed with; non-8-bit imagery is
stretched between the 2nd and 98th percentiles of the thumbnail itself.
"""
from __future__ import annotations

import io
from typing import Optional, Sequence

import numpy as np
import rasterio
from PIL import Image
from rasterio.enums import Resampling
from rasterio.windows import from_bounds

from ..common.classes import CLASS_COLOURS, CLASS_VALUES

THUMBNAIL_PX = 256     # long side of the thumbnails
OVERLAY_ALPHA = {CLASS_VALUES["TP"]: 0.25, CLASS_VALUES["FP"]: 0.75, CLASS_VALUES["TN"]: 0.0,
                 CLASS_VALUES["FN"]: 0.75}


def _png(rgba: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgba).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _read_quality(path, max_px: int):
    with rasterio.open(path) as ds:
        scale = min(1.0, max_px / max(ds.width, ds.height))
        shape = (max(1, round(ds.height * scale)), max(1, round(ds.width * scale)))
        return ds.read(1, out_shape=shape, resampling=Resampling.nearest), ds.bounds, ds.crs


def quality_thumbnail(path, max_px: int = THUMBNAIL_PX) -> bytes:
    """PNG of a quality raster in the class colours (nodata transparent), long side <= max_px."""
    q, _, _ = _read_quality(path, max_px)
    lut = np.zeros((256, 4), np.uint8)
    for value, rgb in CLASS_COLOURS.items():
        lut[value] = (*rgb, 255)
    return _png(lut[q])


def _stretch(rgb: np.ndarray, dtype: str) -> np.ndarray:
    if dtype == "uint8":
        return rgb.astype(np.float32)
    out = np.empty(rgb.shape, np.float32)
    for b in range(rgb.shape[0]):
        lo, hi = np.percentile(rgb[b], (2, 98))
        out[b] = np.clip((rgb[b].astype(np.float32) - lo) / max(hi - lo, 1e-9), 0, 1) * 255
    return out


def read_rgb(image, bounds, shape, bands: Optional[Sequence[int]] = None) -> np.ndarray:
    """(3, h, w) float 0..255 of `image` over `bounds` (in the image CRS), resampled to `shape`."""
    with rasterio.open(image) as ds:
        chosen = list(bands) if bands else ([1, 2, 3] if ds.count >= 3 else [1])
        win = from_bounds(*bounds, transform=ds.transform)
        data = ds.read(chosen, window=win, out_shape=(len(chosen), *shape), resampling=Resampling.average,
                       boundless=True, fill_value=0)
        dtype = ds.dtypes[chosen[0] - 1]
    if data.shape[0] == 1:
        data = np.repeat(data, 3, axis=0)
    return _stretch(data[:3], dtype)


def overlay_thumbnail(quality, image, bands: Optional[Sequence[int]] = None, max_px: int = THUMBNAIL_PX) -> bytes:
    """PNG of the quality classes over the imagery (see the module doc), long side <= max_px."""
    q, bounds, _ = _read_quality(quality, max_px)
    rgb = read_rgb(image, bounds, q.shape, bands)
    alpha = np.zeros(256, np.float32)
    colour = np.zeros((256, 3), np.float32)
    for value, c in CLASS_COLOURS.items():
        alpha[value], colour[value] = OVERLAY_ALPHA[value], c
    a = alpha[q][None]
    out = rgb * (1 - a) + np.moveaxis(colour[q], -1, 0) * a
    rgba = np.concatenate([np.clip(np.round(out), 0, 255).astype(np.uint8),
                           np.full((1, *q.shape), 255, np.uint8)])
    return _png(np.moveaxis(rgba, 0, -1))
