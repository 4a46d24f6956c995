"""Any raster GDAL opens with georeferencing is an image: VRT, PNG + world file + .aux.xml CRS."""
import subprocess

import numpy as np
import rasterio

from segassess.core.assess.assessors import ReferenceAssessor
from segassess.core.assess.job import AnnotationSpec, AssessJob
from segassess.core.assess.pipeline import run_assessment


def quality_of(image, fx, out):
    res = run_assessment(AssessJob(image, AnnotationSpec(fx.vector), out, truth=AnnotationSpec(fx.vector, where="kind = 'Hydro'"),
                                   tile_size=64, overlap=16), ReferenceAssessor())
    with rasterio.open(res.quality) as ds:
        return ds.read(1), ds.transform, ds.crs


def test_vrt_and_png_with_world_file_match_geotiff(make_fixture, tmp_path):
    fx = make_fixture("utm")
    ref_q, ref_t, ref_crs = quality_of(fx.image, fx, tmp_path / "tif")
    assert (ref_q == 2).sum() > 0 and (ref_q == 1).sum() > 0

    vrt = tmp_path / "image.vrt"
    with rasterio.open(fx.image) as src:
        subprocess.run(["gdal_translate", "-q", "-of", "VRT", str(fx.image), str(vrt)], check=True)
        png = tmp_path / "image.png"
        with rasterio.open(png, "w", driver="PNG", width=src.width, height=src.height, count=3, dtype="uint8",
                           crs=src.crs, transform=src.transform, WORLDFILE="YES") as dst:
            dst.write(src.read())
    assert png.with_suffix(".wld").exists() or png.with_suffix(".pgw").exists()
    for image in (vrt, png):
        q, t, crs = quality_of(image, fx, tmp_path / image.suffix[1:])
        np.testing.assert_array_equal(q, ref_q)
        assert t == ref_t and crs == ref_crs
