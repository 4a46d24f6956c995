"""The image side of the pipeline: open any georeferenced raster GDAL reads, check its
georeferencing, choose bands and stretch windows to float32 [0,1] RGB.

Stretch (documented for users):
- uint8 data: value / 255 (what the network was trained on; `stretch="auto"`).
- other dtypes (uint16 pan/multispectral, float): per-band 2nd-98th percentile linear
  stretch to [0,1], percentiles computed once on a decimated read of the whole image
  with nodata excluded, so every tile uses the same mapping (no tile-wise contrast jumps).
- `stretch="percentile"` forces the percentile stretch; `"none"` divides by the dtype's
  maximum (integers) or clips floats to [0,1].
Single-band images are repeated to three channels; other band counts need explicit bands.
"""
from __future__ import annotations

import contextlib
import math
from pathlib import Path
from typing import Optional, Sequence, Tuple

import numpy as np
import rasterio
from rasterio._err import CPLE_BaseError
from rasterio.errors import RasterioError, RasterioIOError
from rasterio.enums import ColorInterp
from rasterio.windows import Window

from ..common.crs import to_crs
from ..common.errors import InputError


def gdal_reason(exc) -> str:
    """GDAL's own reason for a failure: the innermost message of rasterio's exception chain
    ("Read failed. See previous exception" wraps e.g. "TIFFFillTile:Read error ... got 0 bytes")."""
    reason, seen = "", set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        text = str(exc).strip()
        if text and "see previous exception" not in text.lower():
            reason = text.splitlines()[0]
        exc = exc.__cause__ or exc.__context__
    return reason or "unknown GDAL error"


def pixel_error(path, exc, what: str = "image") -> InputError:
    """One line for pixels GDAL cannot read: the file, GDAL's reason and what to do."""
    name = Path(str(path)).name
    return InputError(f"Cannot read the pixels of the {what} {name}: {gdal_reason(exc)}. The file is truncated or "
                      "corrupt, or a file it refers to is missing: copy or download it again.")


@contextlib.contextmanager
def reading(path, what: str = "image"):
    """Raise `pixel_error` for a GDAL read failure inside the block."""
    try:
        yield
    except (RasterioError, CPLE_BaseError) as exc:
        raise pixel_error(path, exc, what) from None


def open_raster(path, what: str = "image") -> "rasterio.io.DatasetReader":
    """rasterio.open with a one-line, actionable message on failure. Reads the first and the last pixel
    too, so a truncated file (a header without its pixels) is reported as such, not as 'no CRS'."""
    p = Path(path)
    if not p.exists() and "://" not in str(path) and not str(path).startswith("/vsi"):
        raise InputError(f"File not found: {path}")
    with rasterio.Env():  # GDAL's warnings about a damaged header go to logging, not to the console
        try:
            ds = rasterio.open(path)
        except RasterioIOError as exc:
            raise InputError(f"Cannot read raster {path}: {str(exc).splitlines()[0]}") from None
        try:
            with reading(path, what):
                for col, row in ((0, 0), (ds.width - 1, ds.height - 1)):
                    ds.read(1, window=Window(col, row, 1, 1))
        except InputError:
            ds.close()
            raise
    return ds


def check_georeferencing(ds, what: str = "image") -> None:
    """Refuse rasters we cannot place on a north-up pixel grid."""
    if ds.crs is None:
        raise InputError(f"The {what} {ds.name} has no coordinate reference system; assign one "
                         "(e.g. gdal_edit.py -a_srs EPSG:XXXX, or Layer Properties > Source in QGIS).")
    t = ds.transform
    if t.is_identity:
        raise InputError(f"The {what} {ds.name} has no georeferencing (no geotransform or world file).")
    if t.b != 0 or t.d != 0:
        raise InputError(f"The {what} {ds.name} has a rotated pixel grid; warp it to a north-up grid first "
                         "(gdalwarp, or Raster > Projections > Warp in QGIS).")
    if t.a < 0:
        raise InputError(f"The {what} {ds.name} is mirrored (negative pixel width, east to the left); warp it to a "
                         "north-up grid first (gdalwarp, or Raster > Projections > Warp in QGIS).")
    if t.e > 0:
        raise InputError(f"The {what} {ds.name} is south-up (positive pixel height); warp it to a north-up grid "
                         "first (gdalwarp, or Raster > Projections > Warp in QGIS).")


class ImageSource:
    """Windowed, stretched RGB reads of a georeferenced image."""

    def __init__(self, path, bands: Optional[Sequence[int]] = None, stretch: str = "auto", limits=None):
        """limits: (lo, hi) per channel for the percentile stretch, instead of this image's own."""
        self.path = Path(path)
        self.ds = open_raster(path)
        check_georeferencing(self.ds, "image")
        self.crs = to_crs(self.ds.crs)
        self.transform = self.ds.transform
        self.height, self.width = self.ds.height, self.ds.width
        self.bands = self._choose_bands(bands)
        self.nodata = self.ds.nodata
        # nodata/alpha/mask of the bands actually read (the nodata value may be set on band 2 only)
        self.has_nodata = any(
            [f.name for f in self.ds.mask_flag_enums[b - 1]] != ["all_valid"] for b in set(self.bands))
        if stretch not in ("auto", "none", "percentile"):
            raise InputError(f"Unknown stretch '{stretch}': use auto, none or percentile.")
        self.palette = self._palette()
        if self.palette is not None:  # colour indices: read through the colour table, never stretched
            self.stretch, self.lo, self.hi = "palette", np.zeros(3, np.float32), np.ones(3, np.float32)
            return
        dtype = np.dtype(self.ds.dtypes[self.bands[0] - 1])
        self.stretch = ("none" if dtype == np.uint8 else "percentile") if stretch == "auto" else stretch
        if limits is not None and self.stretch == "percentile":
            self.lo, self.hi = (np.asarray(v, np.float32).reshape(3) for v in limits)
        else:
            self.lo, self.hi = self._stretch_limits(dtype)

    def _choose_bands(self, bands) -> Tuple[int, int, int]:
        n = self.ds.count
        if bands:
            bands = [int(b) for b in bands]
            bad = [b for b in bands if b < 1 or b > n]
            if bad:
                raise InputError(f"Band {bad[0]} is out of range: {self.path.name} has {n} band(s) (1..{n}).")
            if len(bands) == 1:
                bands = bands * 3
            if len(bands) != 3:
                raise InputError(f"Give one or three bands (got {len(bands)}): the network takes RGB.")
            return tuple(bands)
        if n == 1:
            return (1, 1, 1)
        if n >= 3:
            return (1, 2, 3)
        raise InputError(f"{self.path.name} has {n} bands; choose the three bands to use as RGB (bands=...).")

    def _palette(self) -> Optional[np.ndarray]:
        """(N, 4) float32 colour table in [0, 1] (RGB + alpha) when the chosen band holds colour indices
        (a paletted image, e.g. a GIF or a map scan saved as 8-bit colour), else None."""
        band = self.bands[0]
        if len(set(self.bands)) != 1 or self.ds.colorinterp[band - 1] != ColorInterp.palette:
            return None
        try:
            table = self.ds.colormap(band)
        except ValueError:
            return None
        lut = np.zeros((max(table) + 1, 4), np.float32)
        for index, rgba in table.items():
            lut[index] = np.asarray(rgba, np.float32) / 255.0
        return lut

    def _stretch_limits(self, dtype) -> Tuple[np.ndarray, np.ndarray]:
        if self.stretch == "none":
            if np.issubdtype(dtype, np.integer):
                hi = float(np.iinfo(dtype).max)
                return np.zeros(3, np.float32), np.full(3, hi, np.float32)
            return np.zeros(3, np.float32), np.ones(3, np.float32)
        # percentile stretch on a decimated read (at most ~1024 px on the long side)
        scale = max(1, math.ceil(max(self.height, self.width) / 1024))
        shape = (max(1, self.height // scale), max(1, self.width // scale))
        with reading(self.path):
            data = self.ds.read(list(self.bands), out_shape=(3,) + shape, masked=True)
        lo, hi = np.zeros(3, np.float32), np.ones(3, np.float32)
        for i in range(3):
            vals = data[i].compressed()
            vals = vals[np.isfinite(vals)]  # NaN/inf in float rasters without a declared nodata
            if vals.size == 0:
                continue
            lo[i], hi[i] = np.percentile(vals, [2, 98])
            if hi[i] <= lo[i]:
                hi[i] = lo[i] + 1
        return lo, hi

    def _read_palette(self, window: Window) -> Tuple[np.ndarray, np.ndarray]:
        with reading(self.path):
            index = self.ds.read(self.bands[0], window=window)
            valid = self.ds.read_masks(self.bands[0], window=window) > 0 if self.has_nodata else None
        index = np.clip(index, 0, len(self.palette) - 1)
        rgba = self.palette[index]  # (h, w, 4)
        opaque = rgba[..., 3] > 0  # transparent colour entries are nodata
        valid = opaque if valid is None else valid & opaque
        return np.ascontiguousarray(rgba[..., :3].transpose(2, 0, 1)), valid

    def read(self, window: Window) -> Tuple[np.ndarray, np.ndarray]:
        """Returns (rgb float32 (3,h,w) in [0,1], valid bool (h,w))."""
        if self.palette is not None:
            return self._read_palette(window)
        with reading(self.path):
            data = self.ds.read(list(self.bands), window=window, boundless=False).astype(np.float32)
        rgb = (data - self.lo[:, None, None]) / (self.hi - self.lo)[:, None, None]
        np.clip(rgb, 0, 1, out=rgb)
        if self.has_nodata:
            with reading(self.path):
                valid = self.ds.read_masks(list(set(self.bands)), window=window).max(axis=0) > 0
        else:
            valid = np.ones(rgb.shape[1:], bool)
        finite = np.isfinite(rgb)
        if not finite.all():  # NaN pixels of a float raster are nodata, and must not reach the network
            valid &= finite.all(axis=0)
            rgb[~finite] = 0
        return rgb, valid

    def bounds(self):
        return self.ds.bounds

    def close(self):
        self.ds.close()
