"""Writing outputs atomically: everything goes into a hidden staging folder beside the
final files and is renamed into place only when the whole run succeeded. A cancelled or
failed run removes the staging folder, so no file that looks complete is ever left.

Quality raster: uint8, 1=TP 2=FP 3=TN 4=FN, 0=nodata, colour table with the paper's
colours (TP red, FP green, TN blue, FN cyan), COG layout (tiled, DEFLATE, overviews),
and a QGIS .qml style beside it.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import socket
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
import rasterio
import rasterio.shutil

from ..common.classes import CLASS_ALPHA, CLASS_COLOURS, CLASS_LABELS, CLASS_VALUES, NODATA
from ..common.errors import OutputError, SegAssessError


STAGING_PREFIX = ".segassess-partial-"
STALE_AFTER_S = 24 * 3600  # staging of another machine (shared folder) untouched this long is abandoned
_STAGING_NAME = re.compile(re.escape(STAGING_PREFIX) + r"(\d+)-([A-Za-z0-9_]+)-")


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", socket.gethostname())[:40] or "host"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def sweep_stale_staging(folder: Path) -> List[Path]:
    """Remove staging folders that runs killed mid-write left in `folder` (SIGKILL, power cut): those of
    processes of this machine that no longer exist, and those of other machines untouched for a day.
    Returns what was removed."""
    removed = []
    try:
        candidates = [p for p in Path(folder).iterdir() if p.name.startswith(STAGING_PREFIX) and p.is_dir()]
    except OSError:
        return removed
    for p in candidates:
        m = _STAGING_NAME.match(p.name)
        if m and m.group(2) == _host():
            stale = not _alive(int(m.group(1)))
        else:
            try:
                stale = time.time() - p.stat().st_mtime > STALE_AFTER_S
            except OSError:
                continue
        if stale:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


class StagedOutputs:
    """Context manager: files are written to `path(name)` and moved to out_dir on commit().

    `family`: every file name a run of this kind may produce (optional ones included); files of the
    family that this run does not produce are refused without overwrite and removed on commit with
    it, so an overwrite replaces the whole set (no stale probabilities beside new quality maps)."""

    def __init__(self, out_dir, names: List[str], overwrite: bool = False, family: Optional[List[str]] = None):
        self.out_dir = Path(out_dir)
        self.names = names
        self.family = list(dict.fromkeys(list(family or []) + list(names)))
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"Cannot create the output folder {self.out_dir}: {exc.strerror}.") from None
        if not os.access(self.out_dir, os.W_OK):
            raise OutputError(f"The output folder {self.out_dir} is not writable; choose another one.")
        existing = [n for n in self.family if (self.out_dir / n).exists()]
        if existing and not overwrite:
            raise OutputError(f"Output {self.out_dir / existing[0]} already exists; use --overwrite "
                              "or choose another output folder.")
        sweep_stale_staging(self.out_dir)
        try:
            self.staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-{_host()}-", dir=self.out_dir))
        except OSError as exc:
            raise (output_error(exc, self.out_dir)
                   or OutputError(f"Cannot write in the output folder {self.out_dir}: {exc.strerror}.")) from None

    def path(self, name: str) -> Path:
        return self.staging / name

    def final(self, name: str) -> Path:
        return self.out_dir / name

    def commit(self, order: List[str]) -> Dict[str, Path]:
        """Rename staged files into place; `order` puts the summary last (it marks completion)."""
        done = {}
        # an older summary (overwrite) would mark a half-replaced set as complete if a rename failed
        if order:
            (self.out_dir / order[-1]).unlink(missing_ok=True)
        for name in self.family:  # files of an earlier run that this one does not replace
            if name not in order:
                (self.out_dir / name).unlink(missing_ok=True)
        for name in order:
            src = self.staging / name
            if src.exists():
                os.replace(src, self.out_dir / name)
                done[name] = self.out_dir / name
        shutil.rmtree(self.staging, ignore_errors=True)
        return done

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.abort()
        return False


LOW_SPACE_BYTES = 4 << 20  # GDAL and SQLite hide ENOSPC; a write that fails with less than this free is a full disk


def _errno_in(exc) -> Optional[int]:
    """The errno of the first OSError along an exception's cause/context chain."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno:
            return exc.errno
        text = str(exc).lower()
        if "no space left" in text or "disk full" in text:
            return errno.ENOSPC
        exc = exc.__cause__ or exc.__context__
    return None


def _free_bytes(folder) -> Optional[int]:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"


def write_failure(exc, folder) -> Optional[tuple]:
    """(kind, free space) of an output write that failed in `folder`: kind "full" (no space left), "read-only"
    or "denied"; None when `exc` is not a write failure. Call it before the partial files are removed:
    the free space tells a full disk apart from other failures when GDAL or SQLite hide the errno."""
    code = _errno_in(exc)
    free = _free_bytes(folder)
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or (code is None and free is not None
                                                             and free < LOW_SPACE_BYTES):
        return "full", (_size(free) if free is not None else "?")
    if code == errno.EROFS:
        return "read-only", None
    if code in (errno.EACCES, errno.EPERM):
        return "denied", None
    return None


def output_error(exc, folder) -> Optional[OutputError]:
    """The one-line OutputError for an output write that failed in `folder`, or None (see write_failure)."""
    found = write_failure(exc, folder)
    if found is None:
        return None
    kind, free = found
    if kind == "full":
        return OutputError(f"No space left on device in {folder} ({free} free): free some space or choose another "
                           "output folder.")
    if kind == "read-only":
        return OutputError(f"The output folder {folder} is on a read-only file system; choose another output folder.")
    return OutputError(f"Permission denied writing in {folder}; choose an output folder you can write to.")


@contextlib.contextmanager
def write_errors(folder):
    """Turn a failed output write inside the block (full disk, read-only folder) into one OutputError line."""
    try:
        yield
    except SegAssessError:
        raise
    except Exception as exc:  # GDAL, pyogrio and OS errors alike
        err = output_error(exc, folder)
        if err is None:
            raise
        raise err from None


def raster_profile(image_ds, count: int, dtype: str, nodata, window=None) -> dict:
    """GeoTIFF profile on the image grid (or on a `window` of it): tiled, compressed, CRS as WKT."""
    width, height, transform = image_ds.width, image_ds.height, image_ds.transform
    if window is not None:
        width, height, transform = int(window.width), int(window.height), image_ds.window_transform(window)
    return dict(driver="GTiff", width=width, height=height, count=count, dtype=dtype,
                crs=image_ds.crs, transform=transform, nodata=nodata, tiled=True,
                blockxsize=256, blockysize=256, compress="deflate", BIGTIFF="IF_SAFER")


def finish_quality_raster(tmp_path: Path, out_path: Path) -> None:
    """Colour table, overviews and COG layout; falls back to the tiled GeoTIFF if COG fails."""
    with rasterio.open(tmp_path, "r+") as ds:
        ds.write_colormap(1, {0: (0, 0, 0, 0), **{k: v + (255,) for k, v in CLASS_COLOURS.items()}})
        ds.update_tags(1, CLASSES=",".join([f"{v}={n}" for n, v in CLASS_VALUES.items()] + [f"{NODATA}=nodata"]))
        ds.set_band_description(1, "quality class")
    try:
        rasterio.shutil.copy(tmp_path, out_path, driver="COG", compress="DEFLATE", overview_resampling="nearest")
    except Exception:
        os.replace(tmp_path, out_path)


def to_cog(tmp_path, out_path: Path, resampling: str = "average") -> None:
    """COG copy of a staged raster (a file, or a GDAL `vrt://` window of one)."""
    try:
        rasterio.shutil.copy(tmp_path, out_path, driver="COG", compress="DEFLATE", overview_resampling=resampling)
    except Exception:
        if Path(str(tmp_path)).is_file():
            os.replace(tmp_path, out_path)
        else:
            rasterio.shutil.copy(tmp_path, out_path, driver="GTiff", tiled=True, compress="DEFLATE")


def quality_qml() -> str:
    """QGIS paletted-renderer style for the quality raster (legend labels included)."""
    entries = "\n".join(
        f'          <paletteEntry value="{v}" color="#{r:02x}{g:02x}{b:02x}" alpha="{CLASS_ALPHA[v]}" '
        f'label="{CLASS_LABELS[v]}"/>'
        for v, (r, g, b) in CLASS_COLOURS.items())
    return f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22" styleCategories="Symbology">
  <pipe>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent><statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower><cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor></minMaxOrigin>
      <colorPalette>
{entries}
      </colorPalette>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" colorizeOn="0" grayscaleMode="0"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
"""


def write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def write_layers(path: Path, layers: Dict[str, "object"]) -> None:
    """Write several GeoDataFrames as layers of one GeoPackage (path is a staged file)."""
    for name, gdf in layers.items():
        # an empty layer needs an explicit geometry type, or QGIS opens it without geometry/CRS
        extra = {"geometry_type": gdf.attrs.get("geometry_type", "Polygon")} if len(gdf) == 0 else {}
        gdf.to_file(path, layer=name, driver="GPKG", engine="pyogrio", **extra)


def class_counts(quality: np.ndarray) -> np.ndarray:
    """Pixel counts of values 0..4 in a quality array."""
    return np.bincount(quality.ravel(), minlength=5)[:5]
