"""Bad inputs of one run (issue 12): unreadable pixels name the file and GDAL's reason, an inventory
with nothing on the image is assessed, multi-layer and non-polygon sources are refused, paletted
images go through their colour table, and tile sizes that cannot fit in memory are refused."""
import shutil
import subprocess

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from shapely.geometry import LineString, Point, box

from conftest import shared_data
from segassess.core.assess.assessors import ReferenceAssessor, TrivialAssessor
from segassess.core.assess.job import AnnotationSpec, AssessJob
from segassess.core.assess.pipeline import run_assessment
from segassess.core.common.errors import InputError
from segassess.core.common.progress import NullProgress


def nothing_written(out):
    return not out.exists() or not any(out.iterdir())


def tiled_copy(fx, path, **extra):
    """The fixture image as a tiled, deflated GeoTIFF (blocks to damage)."""
    with rasterio.open(fx.image) as src:
        prof = src.profile | dict(tiled=True, blockxsize=64, blockysize=64, compress="deflate", **extra)
        data = src.read()
    with rasterio.open(path, "w", **prof) as ds:
        ds.write(data)
    return path


def damaged(fx, tmp_path, how):
    good = tiled_copy(fx, tmp_path / "good.tif")
    data = good.read_bytes()
    bad = tmp_path / f"{how}.tif"
    if how == "truncated":
        bad.write_bytes(data[: len(data) // 2])
    elif how == "corrupt":  # deflate streams damaged in the middle of the file
        b = bytearray(data)
        for i in range(len(b) // 2, len(b) // 2 + 3000):
            b[i] ^= 0x5A
        bad.write_bytes(bytes(b))
    else:  # a VRT whose source file is gone
        src = tmp_path / "source.tif"
        shutil.copy(good, src)
        bad = tmp_path / "mosaic.vrt"
        subprocess.run(["gdalbuildvrt", "-q", str(bad), str(src)], check=True)
        src.unlink()
    return bad


@pytest.mark.parametrize("how,reason", [("truncated", "TIFFFillTile"), ("corrupt", "Decoding error"),
                                        ("vrt", "source.tif: No such file or directory")])
def test_unreadable_pixels_name_the_file_and_gdal_reason(make_fixture, tmp_path, how, reason):
    fx = make_fixture("utm")
    bad = damaged(fx, tmp_path, how)
    with pytest.raises(InputError) as e:
        run_assessment(AssessJob(bad, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=64, overlap=16),
                       TrivialAssessor())
    msg = str(e.value)
    assert "\n" not in msg and bad.name in msg and reason in msg and "See previous exception" not in msg
    assert nothing_written(tmp_path / "o")


def test_unreadable_raster_truth_names_the_file(make_fixture, tmp_path):
    fx = make_fixture("utm")
    with rasterio.open(fx.image) as src:
        prof = src.profile | dict(count=1, tiled=True, blockxsize=64, blockysize=64, compress="deflate")
    mask = tmp_path / "truth_mask.tif"
    with rasterio.open(mask, "w", **prof) as ds:
        ds.write(fx.mask(), 1)
    data = mask.read_bytes()
    mask.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="ground truth truth_mask.tif") as e:
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", truth=AnnotationSpec(mask),
                                 tile_size=64, overlap=16), ReferenceAssessor())
    assert "TIFF" in str(e.value)


def test_header_only_tiff_is_not_reported_as_without_crs(tmp_path):
    """The first 600 bytes of a real GeoTIFF: GDAL opens the header, the georeferencing and pixels are gone."""
    image = next(shared_data("new_brunswick").glob("*1of2.tif"))
    head = tmp_path / "head.tif"
    head.write_bytes(image.read_bytes()[:600])
    with rasterio.open(head) as ds:
        assert ds.crs is None  # what used to be reported
    with pytest.raises(InputError) as e:
        run_assessment(AssessJob(head, AnnotationSpec(image.parent / "BakerLake_2017_clipped.gpkg"), tmp_path / "o"),
                       TrivialAssessor())
    msg = str(e.value)
    assert "head.tif" in msg and "truncated" in msg and "coordinate reference system" not in msg


# ----------------------------------------------------------------------------- item 2: nothing on the image
def far_layer(fx, tmp_path):
    """The fixture's features moved 50 km east, off the image."""
    far = gpd.read_file(fx.vector)
    far["geometry"] = far.translate(50000, 0)
    far.to_file(tmp_path / "far.gpkg")
    return far


def test_inventory_with_nothing_on_the_image_is_assessed_and_says_how_far(make_fixture, tmp_path):
    fx = make_fixture("utm")
    far = far_layer(fx, tmp_path)
    progress = NullProgress()
    res = run_assessment(AssessJob(fx.image, AnnotationSpec(tmp_path / "far.gpkg"), tmp_path / "o", tile_size=64,
                                   overlap=16), TrivialAssessor(), progress)
    (warning,) = [w for w in progress.warnings if "lies inside the image" in w]
    with rasterio.open(fx.image) as ds:
        nearest = min(box(*ds.bounds).distance(g) for g in far.geometry)  # UTM near its meridian: ground metres
    assert f"{nearest / 1000:.1f} km" in warning and "far.gpkg" in warning
    px = res.summary_data["pixels"]
    assert px["TP"] == px["FP"] == 0 and px["TN"] == 200 * 160  # trusted as background by the trivial assessor


def test_campaign_sheet_without_features_is_information_not_a_warning(make_fixture, tmp_path):
    """A sheet of an inventory that records nothing there (read through the spatial index)."""
    fx = make_fixture("utm")
    far_layer(fx, tmp_path)
    progress = NullProgress()
    res = run_assessment(AssessJob(fx.image, AnnotationSpec(tmp_path / "far.gpkg", near_image_only=True),
                                   tmp_path / "o", tile_size=64, overlap=16), TrivialAssessor(), progress)
    assert res.summary_data["features"]["count"] == 0 and progress.warnings == []
    (info,) = [m for m in progress.messages if "lies inside the image" in m]
    assert "km away" in info


# ----------------------------------------------------------------------------- items 11, 12: layers, geometry types
def test_a_source_with_several_layers_needs_a_layer(make_fixture, tmp_path):
    fx = make_fixture("utm")
    two = tmp_path / "two.gpkg"
    gdf = gpd.read_file(fx.vector)
    gdf.to_file(two, layer="buildings")
    gdf.iloc[:1].to_file(two, layer="water")
    with pytest.raises(InputError, match=r"two.gpkg holds 2 layers \(buildings, water\); choose one with --layer"):
        run_assessment(AssessJob(fx.image, AnnotationSpec(two), tmp_path / "o"), TrivialAssessor())
    assert nothing_written(tmp_path / "o")
    res = run_assessment(AssessJob(fx.image, AnnotationSpec(two, layer="water"), tmp_path / "o", tile_size=64,
                                   overlap=16), TrivialAssessor())
    assert res.summary_data["features"]["count"] == 1


@pytest.mark.parametrize("kind", ["point", "line", "empty point"])
def test_point_and_line_layers_are_refused(make_fixture, tmp_path, kind):
    fx = make_fixture("utm")
    with rasterio.open(fx.image) as ds:
        x, y = ds.xy(50, 50)
    geoms = {"point": [Point(x, y)], "line": [LineString([(x, y), (x + 10, y - 10)])], "empty point": []}[kind]
    layer = gpd.GeoDataFrame({"id": list(range(len(geoms)))}, geometry=gpd.GeoSeries(geoms), crs=fx.crs)
    path = tmp_path / "layer.gpkg"
    layer.to_file(path, geometry_type="Point" if kind == "empty point" else None)
    with pytest.raises(InputError, match="layer.gpkg .*(Point|LineString).*polygon"):
        run_assessment(AssessJob(fx.image, AnnotationSpec(path), tmp_path / "o"), TrivialAssessor())
    assert nothing_written(tmp_path / "o")


# ----------------------------------------------------------------------------- item 13: paletted images
class Recording:
    name, needs_truth = "recording", False

    def __init__(self):
        self.images = []

    def assess(self, image, mask, **extra):
        self.images.append(np.array(image))
        return TrivialAssessor().assess(image, mask)


def test_paletted_image_is_read_through_its_colour_table(make_fixture, tmp_path):
    fx = make_fixture("utm")
    with rasterio.open(fx.image) as src:
        prof = src.profile | dict(count=1, dtype="uint8", nodata=None)
        shape = (src.height, src.width)
    index = (np.arange(shape[0] * shape[1]) % 3).reshape(shape).astype(np.uint8)
    colours = {0: (200, 10, 10, 255), 1: (10, 200, 10, 255), 2: (10, 10, 200, 255)}
    path = tmp_path / "paletted.tif"
    with rasterio.open(path, "w", **prof) as ds:
        ds.write(index, 1)
        ds.write_colormap(1, colours)
    rec = Recording()
    res = run_assessment(AssessJob(path, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=256, overlap=0),
                         rec)
    (tile,) = rec.images[0]
    want = np.stack([np.vectorize(lambda i: colours[i][c])(index) for c in range(3)]).astype(np.float32) / 255
    np.testing.assert_allclose(tile[:, :shape[0], :shape[1]], want, atol=1e-6)
    assert res.summary_data["parameters"]["stretch"] == "palette"


# ----------------------------------------------------------------------------- item 7: tile size and memory
def test_tile_size_is_bounded(make_fixture, tmp_path):
    fx = make_fixture("utm")
    with pytest.raises(InputError, match="Tile size 100000 is too large: at most 4096"):
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=100000, overlap=0),
                       TrivialAssessor())
    assert nothing_written(tmp_path / "o")


def test_memory_is_estimated_before_allocating(make_fixture, tmp_path, monkeypatch):
    import segassess.core.assess.memory as memory

    monkeypatch.setattr(memory, "available_bytes", lambda: 300 * 1024 ** 2)
    fx = make_fixture("utm")
    with pytest.raises(InputError, match=r"Tile size 2048 px with batch size 4 needs about [\d.]+ GiB of memory "
                                         r"but only 0.3 GiB is available"):
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=2048, overlap=0,
                                 batch_size=4), TrivialAssessor())
    assert nothing_written(tmp_path / "o")
    # the same machine runs the default tile size
    run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=256, overlap=32),
                   TrivialAssessor())
