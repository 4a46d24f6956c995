"""End-to-end runs of the core pipeline with the reference assessor, checked against
independent computations, in several CRSs, plus the bad-input contract."""
import json

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from pyproj import CRS
from rasterio.features import rasterize

from conftest import shared_data
from segassess.core.assess.assessors import ReferenceAssessor, TrivialAssessor
from segassess.core.common.errors import Cancelled, InputError, OutputError
from segassess.core.assess.job import AnnotationSpec, AssessJob
from segassess.core.assess.pipeline import run_assessment
from segassess.core.common.progress import NullProgress


def shifted(vector, out, dx, dy, where=None):
    gdf = gpd.read_file(vector, where=where)
    gdf["geometry"] = gdf.translate(dx, dy)
    gdf.to_file(out)
    return out


def expected_counts(mask, truth, valid):
    m, t = mask.astype(bool), truth.astype(bool)
    return {"TP": int((m & t & valid).sum()), "FP": int((m & ~t & valid).sum()),
            "TN": int((~m & ~t & valid).sum()), "FN": int((~m & t & valid).sum())}


def read_quality(path):
    with rasterio.open(path) as ds:
        return ds.read(1), ds.crs, ds.transform


@pytest.mark.parametrize("kind", ["utm", "geographic", "custom"])
def test_reference_run_in_several_crs(make_fixture, tmp_path, kind):
    fx = make_fixture(kind)
    # truth: the same rectangles moved 4 pixels right and 2 up
    t = fx.transform
    truth = shifted(fx.vector, tmp_path / "truth.gpkg", 4 * t.a, -2 * t.e)
    job = AssessJob(image=fx.image, annotation=AnnotationSpec(fx.vector), truth=AnnotationSpec(truth),
                    out_dir=tmp_path / "out", tile_size=64, overlap=16, batch_size=3)
    res = run_assessment(job, ReferenceAssessor())
    q, crs, transform = read_quality(res.quality)
    mask = fx.mask()
    # the truth rasterized independently (np.roll would wrap rectangles near an edge around it)
    tmask = rasterize(gpd.read_file(truth).geometry, out_shape=mask.shape, transform=t, dtype="uint8")
    assert tmask.sum() == mask.sum()  # moved, not clipped
    exp = expected_counts(mask, tmask, np.ones_like(mask, bool))
    assert res.summary_data["pixels"] == {"nodata": 0, **exp}
    assert CRS.from_wkt(crs.to_wkt()) == CRS.from_user_input(fx.crs)
    assert transform == fx.transform
    # FP polygons: ground areas in m² consistent with the pixel counts
    fp = gpd.read_file(res.polygons, layer="false_positive")
    px_area = abs(t.a * t.e) if kind != "geographic" else 0.5559 * 0.4226  # 5e-6° at 40.7°N
    assert fp["pixels"].sum() == exp["FP"]
    assert fp["area_m2"].sum() == pytest.approx(exp["FP"] * px_area, rel=0.01)
    scored = gpd.read_file(res.polygons, layer="scored_features")
    assert len(scored) == 3 and {"est_iou", "est_precision", "est_recall", "source_fid"} <= set(scored.columns)
    # a 30x18 rectangle shifted by (4, 2): overlap 26*16 = 416 px of 540 -> IoU = 416 / (540 + 540 - 416)
    assert scored["est_iou"].iloc[0] == pytest.approx(416 / 664, abs=0.02)
    summary = json.loads(res.summary.read_text())
    assert summary["pixels"] == res.summary_data["pixels"]
    assert {"inputs", "assess", "write", "polygonize", "scores", "total"} <= set(summary["timing_s"])
    assert sorted(p.name for p in res.quality.parent.iterdir()) == sorted(
        f"{kind}_{n}" for n in ["quality.tif", "quality.qml", "confidence.tif", "assessment.gpkg", "summary.json"])


@pytest.mark.parametrize("kind,match", [("south_up", "south-up"), ("rotated", "rotated"), ("mirrored", "mirrored")])
def test_south_up_and_rotated_images_are_refused(make_fixture, tmp_path, kind, match):
    fx = make_fixture(kind)
    with pytest.raises(InputError, match=match):
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o"), TrivialAssessor())
    assert not (tmp_path / "o").exists()


class PixelAssessor:
    """Soft, position-independent probabilities from the pixel's own colour and mask value."""

    name = "pixel"
    needs_truth = False

    def assess(self, image, mask, **extra):
        logits = np.stack([image[:, 0] * 3 + mask[:, 0], image[:, 1] * 2, image[:, 2], 1 - image[:, 0]], axis=1)
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


def test_tiled_run_equals_single_tile_run(make_fixture, tmp_path):
    fx = make_fixture("utm")
    truth = shifted(fx.vector, tmp_path / "truth.gpkg", 3 * fx.transform.a, 0)
    res, soft = [], []
    for i, (t, o) in enumerate([(256, 0), (48, 16), (64, 8)]):
        job = AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / f"o{i}", truth=AnnotationSpec(truth),
                        tile_size=t, overlap=o)
        res.append(read_quality(run_assessment(job, ReferenceAssessor()).quality)[0])
        job = AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / f"s{i}", tile_size=t, overlap=o,
                        keep_probabilities=True)
        r = run_assessment(job, PixelAssessor())
        with rasterio.open(r.confidence) as ds:
            soft.append((read_quality(r.quality)[0], ds.read(1)))
    assert (res[0] == 2).sum() > 0 and (res[0] == 4).sum() > 0  # FP and FN present: the test can fail
    for q in res[1:]:
        np.testing.assert_array_equal(q, res[0])
    assert 0.25 < soft[0][1].min() < soft[0][1].max() < 0.99  # really soft, varying probabilities
    for q, c in soft[1:]:
        np.testing.assert_array_equal(q, soft[0][0])
        np.testing.assert_allclose(c, soft[0][1], atol=1e-5)


@pytest.mark.parametrize("what,niveau", [("buildings", "Building"), ("water", "Hydro")])
def test_new_brunswick_end_to_end(tmp_path, what, niveau):
    d = shared_data("new_brunswick")
    gpkg = d / "BakerLake_2017_clipped.gpkg"
    where = f"Niveau_2 = '{niveau}'"
    truth = shifted(gpkg, tmp_path / "truth.gpkg", 1.5, -1.0, where=where)
    for image in sorted(d.glob("*.tif")):
        job = AssessJob(image, AnnotationSpec(gpkg, where=where), tmp_path / image.stem, truth=AnnotationSpec(truth),
                        tile_size=128, overlap=32)
        res = run_assessment(job, ReferenceAssessor())
        q, crs, transform = read_quality(res.quality)
        assert crs.to_epsg() == 2953
        with rasterio.open(image) as ds:
            shape = (ds.height, ds.width)
        sel = gpd.read_file(gpkg, where=where)
        m = rasterize(sel.geometry, out_shape=shape, transform=transform, dtype="uint8")
        tr = rasterize(gpd.read_file(truth).geometry, out_shape=shape, transform=transform, dtype="uint8")
        exp = expected_counts(m, tr, np.ones(shape, bool))
        assert res.summary_data["pixels"] == {"nodata": 0, **exp}
        assert exp["TP"] + exp["FP"] + exp["FN"] > 0 or what == "water"


def test_spacenet_atlanta_pan_uint16_with_nodata(tmp_path):
    d = shared_data("spacenet_atlanta_pan")
    image = d / "sample_geotiff.tif"
    job = AssessJob(image, AnnotationSpec(d / "gdf_from_mask_2.geojson"), tmp_path / "o",
                    truth=AnnotationSpec(d / "geotiff_labels.geojson"), tile_size=256, overlap=32)
    res = run_assessment(job, ReferenceAssessor())
    with rasterio.open(image) as ds:
        assert ds.count == 1 and ds.dtypes[0] == "uint16" and ds.nodata == 0
        valid = ds.read_masks(1) > 0
        t, shape, crs = ds.transform, ds.shape, ds.crs
    # independent: geopandas reprojection + full-grid rasterize + numpy
    m = rasterize(gpd.read_file(d / "gdf_from_mask_2.geojson").to_crs(crs.to_wkt()).geometry, out_shape=shape,
                  transform=t, dtype="uint8")
    tr = rasterize(gpd.read_file(d / "geotiff_labels.geojson").to_crs(crs.to_wkt()).geometry, out_shape=shape,
                   transform=t, dtype="uint8")
    exp = expected_counts(m, tr, valid)
    assert res.summary_data["pixels"] == {"nodata": int((~valid).sum()), **exp}
    assert res.summary_data["parameters"]["stretch"] == "percentile"
    q = read_quality(res.quality)[0]
    assert (q[~valid] == 0).all() and (q[valid] > 0).all()
    est = res.summary_data["estimated"]
    assert est["iou"] == pytest.approx(exp["TP"] / (exp["TP"] + exp["FP"] + exp["FN"]), rel=1e-3)


# ---- bad input: clear error, nothing written ----------------------------------------------

def _nothing_written(out_dir):
    return not out_dir.exists() or not any(out_dir.iterdir())


def test_image_without_crs(tmp_path, make_fixture):
    fx = make_fixture("utm")
    bad = tmp_path / "nocrs.tif"
    with rasterio.open(fx.image) as src:
        prof = src.profile
        prof.pop("crs")
        with rasterio.open(bad, "w", **prof) as dst:
            dst.write(src.read())
    with pytest.raises(InputError, match="no coordinate reference system"):
        run_assessment(AssessJob(bad, AnnotationSpec(fx.vector), tmp_path / "o"), TrivialAssessor())
    assert _nothing_written(tmp_path / "o")


def test_annotation_with_no_overlap_is_assessed_and_says_how_far(tmp_path, make_fixture):
    """An inventory recording nothing on the image is assessed (issue 12, item 2); the warning says how far
    the nearest feature lies, so a wrong CRS is still noticed."""
    fx = make_fixture("utm")
    far = shifted(fx.vector, tmp_path / "far.gpkg", 50000, 0)
    p = NullProgress()
    res = run_assessment(AssessJob(fx.image, AnnotationSpec(far), tmp_path / "o", tile_size=64, overlap=16),
                         TrivialAssessor(), p)
    (msg,) = [w for w in p.warnings if "far.gpkg" in w]
    assert "lies inside the image" in msg and "km away" in msg and "CRS" in msg
    assert res.summary_data["pixels"]["TP"] == 0 and res.summary_data["features"]["count"] == 3


def test_empty_annotation_is_valid_and_warns(tmp_path, make_fixture):
    fx = make_fixture("utm")
    p = NullProgress()
    res = run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector, where="kind = 'None'"), tmp_path / "o",
                                   truth=AnnotationSpec(fx.vector), tile_size=64, overlap=16), ReferenceAssessor(), p)
    assert any("no features" in w for w in p.warnings)
    px = res.summary_data["pixels"]
    assert px["TP"] == px["FP"] == 0 and px["FN"] == fx.mask().sum() and px["TN"] > 0


def test_unreadable_file(tmp_path, make_fixture):
    fx = make_fixture("utm")
    junk = tmp_path / "junk.tif"
    junk.write_bytes(b"not a tiff at all")
    with pytest.raises(InputError, match="Cannot read raster"):
        run_assessment(AssessJob(junk, AnnotationSpec(fx.vector), tmp_path / "o"), TrivialAssessor())
    junk_vector = tmp_path / "junk.gpkg"
    junk_vector.write_bytes(b"junk")
    with pytest.raises(InputError, match="Cannot read the annotation"):
        run_assessment(AssessJob(fx.image, AnnotationSpec(junk_vector), tmp_path / "o"), TrivialAssessor())
    assert _nothing_written(tmp_path / "o")


def test_band_out_of_range(tmp_path, make_fixture):
    fx = make_fixture("utm")
    with pytest.raises(InputError, match="Band 5 is out of range.*3 band"):
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", bands=[1, 2, 5]),
                       TrivialAssessor())


@pytest.mark.parametrize("t,o,match", [(100, 10, "multiple of 16"), (64, 32, "less than half")])
def test_bad_tile_parameters(tmp_path, make_fixture, t, o, match):
    fx = make_fixture("utm")
    with pytest.raises(InputError, match=match):
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=t, overlap=o),
                       TrivialAssessor())
    assert _nothing_written(tmp_path / "o")


def test_output_not_writable(tmp_path, make_fixture):
    fx = make_fixture("utm")
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="Cannot create the output folder"):
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), blocker / "sub"), TrivialAssessor())


def test_existing_output_refused_unless_overwrite(tmp_path, make_fixture):
    fx = make_fixture("utm")
    job = AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=64, overlap=16)
    first = run_assessment(job, TrivialAssessor())
    before = first.quality.stat().st_mtime_ns
    with pytest.raises(OutputError, match="already exists.*--overwrite"):
        run_assessment(job, TrivialAssessor())
    assert first.quality.stat().st_mtime_ns == before
    assert not [p for p in (tmp_path / "o").iterdir() if p.name.startswith(".segassess-partial")]
    job.overwrite = True
    old = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "o").iterdir()}
    second = run_assessment(job, TrivialAssessor())
    new = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "o").iterdir()}
    assert second.quality == first.quality and set(new) == set(old) and len(new) == 5
    assert all(new[name] > old[name] for name in new), "the overwrite left files of the first run"


def test_overwrite_replaces_the_whole_set(tmp_path, make_fixture):
    """An overwrite without --keep-probabilities removes the probabilities of an earlier run (issue 12, item 10)."""
    fx = make_fixture("utm")
    job = AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=64, overlap=16,
                    keep_probabilities=True)
    first = run_assessment(job, TrivialAssessor())
    assert first.probabilities.exists()
    job.keep_probabilities = False
    job.out_dir = tmp_path / "p"  # a folder holding only an earlier run's probabilities
    job.out_dir.mkdir()
    first.probabilities.rename(job.out_dir / first.probabilities.name)
    with pytest.raises(OutputError, match="probabilities.tif already exists"):  # would mix two runs' files
        run_assessment(job, TrivialAssessor())
    (job.out_dir / first.probabilities.name).rename(first.probabilities)
    job.out_dir, job.overwrite = tmp_path / "o", True
    second = run_assessment(job, TrivialAssessor())
    assert second.probabilities is None and not first.probabilities.exists()
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == sorted(
        f"utm_{n}" for n in ["quality.tif", "quality.qml", "confidence.tif", "assessment.gpkg", "summary.json"])


def test_cancel_after_first_batch_leaves_nothing(tmp_path, make_fixture):
    fx = make_fixture("utm")

    class CancelAfterFirst(NullProgress):
        calls = 0

        def is_canceled(self):
            self.calls += 1
            return self.calls > 1

    with pytest.raises(Cancelled):
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=32, overlap=0,
                                 batch_size=2), TrivialAssessor(), CancelAfterFirst())
    assert _nothing_written(tmp_path / "o")


def test_column_chunked_writing_gives_the_same_outputs(make_fixture, tmp_path, monkeypatch):
    """Wide rasters are written in column chunks; chunking must not change any output."""
    import segassess.core.assess.rowwriter as rowwriter

    fx = make_fixture("utm")
    truth = shifted(fx.vector, tmp_path / "truth.gpkg", 1.5, 0.5)
    runs = []
    for i, chunk in enumerate([4096, 48]):
        monkeypatch.setattr(rowwriter, "WRITE_CHUNK_COLS", chunk)
        job = AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / f"o{i}", truth=AnnotationSpec(truth),
                        tile_size=64, overlap=16)
        res = run_assessment(job, ReferenceAssessor())
        with rasterio.open(res.confidence) as ds:
            conf = ds.read(1)
        runs.append((read_quality(res.quality)[0], conf, res.summary_data["pixels"], res.summary_data["estimated"]))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    assert runs[0][2] == runs[1][2] and runs[0][3] == pytest.approx(runs[1][3])
    assert runs[0][2]["FP"] > 0 and runs[0][2]["FN"] > 0


def test_negative_buffer_is_a_clear_error(make_fixture, tmp_path):
    fx = make_fixture("utm")
    with pytest.raises(InputError, match="0 m or more"):
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=64, overlap=16,
                                 buffer_m=-20), TrivialAssessor())
    assert _nothing_written(tmp_path / "o")


def test_nodata_declared_on_the_chosen_band_only(make_fixture, tmp_path):
    """A VRT whose band 2 alone has a nodata value: assessing band 2 honours it."""
    import subprocess

    fx = make_fixture("utm")
    vrt = tmp_path / "nd2.vrt"
    subprocess.run(["gdal_translate", "-q", "-of", "VRT", str(fx.image), str(vrt)], check=True)
    text = vrt.read_text()
    i = text.index(">", text.index('band="2"'))
    vrt.write_text(text[:i + 1] + "<NoDataValue>5</NoDataValue>" + text[i + 1:])
    with rasterio.open(vrt) as ds:
        assert ds.nodatavals == (None, 5.0, None)
        invalid = ds.read(2) == 5
    assert 0 < invalid.sum() < invalid.size
    res = run_assessment(AssessJob(vrt, AnnotationSpec(fx.vector), tmp_path / "o", bands=[2], tile_size=64,
                                   overlap=16), TrivialAssessor())
    q = read_quality(res.quality)[0]
    assert res.summary_data["pixels"]["nodata"] == int(invalid.sum())
    assert (q[invalid] == 0).all() and (q[~invalid] > 0).all()


def test_failed_commit_leaves_no_old_summary(make_fixture, tmp_path, monkeypatch):
    """With overwrite, a rename failing halfway must not leave the old summary beside new files."""
    import os

    import segassess.core.assess.outputs as outputs

    fx = make_fixture("utm")
    job = AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=64, overlap=16, overwrite=True)
    first = run_assessment(job, TrivialAssessor())
    calls = []
    real = os.replace

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(src, dst)

    monkeypatch.setattr(outputs.os, "replace", failing)
    with pytest.raises(OutputError, match="No space left on device"):
        run_assessment(job, TrivialAssessor())
    assert len(calls) == 2 and not first.summary.exists()
    assert not [p for p in (tmp_path / "o").iterdir() if p.name.startswith(".segassess-partial")]


def test_inputs_are_closed_when_a_run_fails(make_fixture, tmp_path, monkeypatch):
    import segassess.core.assess.pipeline as pipeline
    from segassess.core.assess.annotation import VectorMask
    from segassess.core.assess.inputs import ImageSource

    closed = []

    class Image(ImageSource):
        def close(self):
            closed.append("image")
            super().close()

    class Mask(VectorMask):
        def close(self):
            closed.append("mask")

    monkeypatch.setattr(pipeline, "ImageSource", Image)
    import segassess.core.assess.annotation as annotation

    monkeypatch.setattr(annotation, "VectorMask", Mask)
    fx = make_fixture("utm")
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "utm_quality.tif").write_text("old")
    with pytest.raises(OutputError):
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o"), TrivialAssessor())
    assert sorted(closed) == ["image", "mask"]


def test_scores_read_in_chunks_give_the_same_values(make_fixture, tmp_path, monkeypatch):
    import segassess.core.assess.scores as scores

    fx = make_fixture("utm")
    truth = shifted(fx.vector, tmp_path / "truth.gpkg", 1.5, 0.5)
    out = []
    for i, chunk in enumerate([scores.CHUNK_PIXELS, 37]):  # 37 px: one row of a window per read
        monkeypatch.setattr(scores, "CHUNK_PIXELS", chunk)
        res = run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / f"o{i}", tile_size=64,
                                       overlap=16, truth=AnnotationSpec(truth)), ReferenceAssessor())
        out.append(gpd.read_file(res.polygons, layer="scored_features"))
    for k in ("est_iou", "est_recall", "fp_area_m2", "fn_area_m2"):
        np.testing.assert_allclose(out[1][k], out[0][k], rtol=1e-9)
    assert (out[0]["est_iou"] < 0.95).all()


def test_float_image_with_nan_and_no_declared_nodata(make_fixture, tmp_path):
    """NaN pixels of a float raster are nodata: the stretch ignores them and they get quality 0."""
    fx = make_fixture("utm")
    with rasterio.open(fx.image) as src:
        data = src.read().astype("float32")
        prof = src.profile | {"dtype": "float32"}
    data[:, 40:60, 100:180] = np.nan
    path = tmp_path / "float.tif"
    with rasterio.open(path, "w", **prof) as ds:
        assert ds.nodata is None
        ds.write(data)
    res = run_assessment(AssessJob(path, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=64, overlap=16,
                                   keep_probabilities=True), PixelAssessor())
    q = read_quality(res.quality)[0]
    nan = np.isnan(data[0])
    assert res.summary_data["pixels"]["nodata"] == int(nan.sum())
    assert (q[nan] == 0).all() and (q[~nan] > 0).all()
    with rasterio.open(res.confidence) as ds:
        conf = ds.read(1)
    assert np.isfinite(conf).all() and (conf[~nan] > 0.25).all()


def _strict_loads(text):
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


def test_all_nodata_image_gives_strict_json(make_fixture, tmp_path):
    """Undefined estimates are null, not NaN, in summary.json (issue 12, item 9)."""
    fx = make_fixture("utm")
    with rasterio.open(fx.image) as src:
        prof = src.profile | {"nodata": 0}
        empty = np.zeros((src.count, src.height, src.width), src.dtypes[0])
    path = tmp_path / "empty.tif"
    with rasterio.open(path, "w", **prof) as ds:
        ds.write(empty)
    res = run_assessment(AssessJob(path, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=64, overlap=16),
                         TrivialAssessor())
    summary = _strict_loads(res.summary.read_text())
    assert summary["pixels"]["nodata"] == empty.shape[1] * empty.shape[2]
    assert summary["estimated"] == {"iou": None, "f1": None, "precision": None, "recall": None}
    assert summary["from_labels"]["iou"] is None
