"""Aligning annotations on the image grid: vectors in other CRSs, raster masks on other grids,
custom CRSs, invalid geometries, filters."""
import geopandas as gpd
import numpy as np
import pytest
import rasterio
from rasterio.features import rasterize
from rasterio.windows import Window
from shapely.geometry import Polygon

from conftest import shared_data
from segassess.core.assess.annotation import open_annotation
from segassess.core.common.errors import InputError
from segassess.core.assess.inputs import ImageSource
from segassess.core.assess.job import AnnotationSpec
from segassess.core.common.progress import NullProgress


def full(reader, image):
    return reader.read(Window(0, 0, image.width, image.height))


@pytest.mark.parametrize("kind", ["utm", "geographic", "custom"])
def test_rectangles_rasterize_to_exact_pixels(make_fixture, kind):
    fx = make_fixture(kind)
    image = ImageSource(fx.image)
    reader, gdf = open_annotation(AnnotationSpec(fx.vector), image)
    assert len(gdf) == 3
    np.testing.assert_array_equal(full(reader, image), fx.mask())
    # windowed reads agree with the full read
    w = Window(50, 10, 70, 90)
    np.testing.assert_array_equal(reader.read(w), fx.mask()[10:100, 50:120])


def test_vector_in_other_crs_is_reprojected(make_fixture, tmp_path):
    fx = make_fixture("utm")
    gdf = gpd.read_file(fx.vector).to_crs("EPSG:4326")
    other = tmp_path / "wgs84.geojson"
    gdf.to_file(other)
    image = ImageSource(fx.image)
    reader, _ = open_annotation(AnnotationSpec(other), image)
    m = full(reader, image)
    # reprojection moves edges by far less than a pixel: identical up to a few border pixels
    assert np.abs(m.astype(int) - fx.mask()).sum() <= 0.02 * fx.mask().sum()


def test_filter_and_custom_crs(make_fixture):
    fx = make_fixture("custom")
    image = ImageSource(fx.image)
    assert image.crs.to_authority() is None  # really authority-less
    reader, gdf = open_annotation(AnnotationSpec(fx.vector, where="kind = 'Hydro'"), image)
    assert list(gdf["name"]) == ["c"]
    c0, r0, c1, r1 = fx.rects_px[2]
    assert full(reader, image).sum() == (c1 - c0) * (r1 - r0)


def test_bad_filter_is_a_clear_error(make_fixture):
    fx = make_fixture("utm")
    with pytest.raises(InputError, match="filter"):
        open_annotation(AnnotationSpec(fx.vector, where="no_such_field = 1"), ImageSource(fx.image))


def test_invalid_geometry_repaired_and_counted(make_fixture, tmp_path):
    fx = make_fixture("utm")
    t = fx.transform
    # a bow-tie (self-intersecting) polygon over pixels 20..60
    pts = [t * (20, 20), t * (60, 60), t * (60, 20), t * (20, 60)]
    bowtie = gpd.GeoDataFrame(geometry=[Polygon(pts)], crs=fx.crs)
    assert not bowtie.is_valid.iloc[0]
    path = tmp_path / "bowtie.gpkg"
    bowtie.to_file(path)
    progress = NullProgress()
    reader, gdf = open_annotation(AnnotationSpec(path), ImageSource(fx.image), progress)
    assert gdf.is_valid.all()
    assert any("Repaired 1 invalid geometry" in m for m in progress.messages)
    m = full(reader, ImageSource(fx.image))
    assert 700 < m.sum() < 900  # two triangles of 20x40/2 = 400 px each


def test_spacenet_vegas_prediction_in_epsg4326():
    d = shared_data("spacenet_vegas")
    img = next(d.glob("*RGB.tif"))
    image = ImageSource(img)
    assert image.crs.to_epsg() == 26911
    reader, gdf = open_annotation(AnnotationSpec(next(d.glob("*_pred.gpkg"))), image)
    m = full(reader, image)
    # independent computation: geopandas reprojection + rasterio rasterize on the full grid
    pred = gpd.read_file(next(d.glob("*_pred.gpkg")))
    assert pred.crs.to_epsg() == 4326
    ref = rasterize(pred.to_crs(26911).geometry, out_shape=(image.height, image.width),
                    transform=image.transform, dtype="uint8")
    np.testing.assert_array_equal(m, ref)
    assert m.sum() > 1000
    # the raster form of the same prediction (on an EPSG:4326 grid), warped nearest to the image grid
    rmask, feats = open_annotation(AnnotationSpec(next(d.glob("*_pred.tif"))), image)
    assert feats is None
    mr = full(rmask, image)
    inter = (mr & m).sum()
    union = (mr | m).sum()
    assert inter / union > 0.85, inter / union


def test_raster_mask_same_grid_is_read_directly(make_fixture, tmp_path):
    fx = make_fixture("utm")
    path = tmp_path / "mask.tif"
    with rasterio.open(fx.image) as src:
        prof = src.profile | {"count": 1}
    with rasterio.open(path, "w", **prof) as ds:
        ds.write(fx.mask() * 255, 1)
    image = ImageSource(fx.image)
    reader, _ = open_annotation(AnnotationSpec(path), image)
    np.testing.assert_array_equal(full(reader, image), fx.mask())


def test_raster_mask_nodata_is_not_an_object(make_fixture, tmp_path):
    """A same-grid mask with nodata 255: nodata pixels are neither mask pixels nor objects."""
    from segassess.core.assess.assessors import TrivialAssessor
    from segassess.core.assess.pipeline import run_assessment
    from segassess.core.assess.job import AssessJob

    fx = make_fixture("utm")
    path = tmp_path / "mask.tif"
    with rasterio.open(fx.image) as src:
        prof = src.profile | {"count": 1, "nodata": 255}
    m = fx.mask().copy()
    m[:, :5] = 255
    with rasterio.open(path, "w", **prof) as ds:
        ds.write(m, 1)
    image = ImageSource(fx.image)
    reader, _ = open_annotation(AnnotationSpec(path), image)
    np.testing.assert_array_equal(full(reader, image), (m == 1).astype(np.uint8))
    reader.close()
    res = run_assessment(AssessJob(fx.image, AnnotationSpec(path), tmp_path / "o", tile_size=64, overlap=16),
                         TrivialAssessor())
    assert res.summary_data["features"]["count"] == 3
    assert res.summary_data["pixels"]["TP"] == int(fx.mask().sum())


def test_vector_with_a_source_fid_column_is_accepted(make_fixture, tmp_path):
    """E.g. the scored_features layer of an earlier run, edited and assessed again."""
    fx = make_fixture("utm")
    g = gpd.read_file(fx.vector)
    g["source_fid"] = [10, 11, 12]
    path = tmp_path / "scored.gpkg"
    g.to_file(path)
    _, gdf = open_annotation(AnnotationSpec(path), ImageSource(fx.image))
    assert list(gdf["source_fid_1"]) == [10, 11, 12]
    assert list(gdf["source_fid"]) == [1, 2, 3]  # the file's own feature ids
