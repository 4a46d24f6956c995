"""Writing outputs atomically: everything goes into a hidden staging folder beside the
final files and is renamed into place only when the whole run succeeded. A cancelled or
failed run removes the staging folder, so no file that looks complete is ever left.

Quality raster: uint8, 1=TP 2=FP 3=TN 4=FN, 0=nodata, colour table with the paper's
colours (TP red, FP green, TN blue, FN cyan), COG layout (tiled, DEFLATE, overviews),
and a QGIS .qml style beside it.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Dict, List

import numpy as np
import rasterio
import rasterio.shutil

from ..common.classes import CLASS_COLOURS, CLASS_LABELS
from ..common.errors import OutputError


class StagedOutputs:
    """Context manager: files are written to `path(name)` and moved to out_dir on commit()."""

    def __init__(self, out_dir, names: List[str], overwrite: bool = False):
        self.out_dir = Path(out_dir)
        self.names = names
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"Cannot create the output folder {self.out_dir}: {exc.strerror}.") from None
        if not os.access(self.out_dir, os.W_OK):
            raise OutputError(f"The output folder {self.out_dir} is not writable; choose another one.")
        existing = [n for n in names if (self.out_dir / n).exists()]
        if existing and not overwrite:
            raise OutputError(f"Output {self.out_dir / existing[0]} already exists; use --overwrite "
                              "or choose another output folder.")
        self.staging = Path(tempfile.mkdtemp(prefix=".segassess-partial-", dir=self.out_dir))

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
        ds.update_tags(1, CLASSES="1=TP,2=FP,3=TN,4=FN,0=nodata")
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
        f'          <paletteEntry value="{v}" color="#{r:02x}{g:02x}{b:02x}" alpha="255" label="{CLASS_LABELS[v]}"/>'
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
