"""The procedural scene generator: determinism, georeferencing, and that the painted image
matches its truth well enough for the pipeline's tests (roofs, water, gabled shading)."""
from __future__ import annotations

import numpy as np
import pytest
import rasterio
import geopandas as gpd
import shapely
from affine import Affine
from pyproj import CRS
from rasterio.features import rasterize
from scipy import ndimage, stats

from segassess.core.common.errors import InputError
from segassess.core.synthetic.scene import Scene, generate_scene, write_scene

SIZE = 256


@pytest.fixture(scope="module")
def scene() -> Scene:
    return generate_scene(7, size=SIZE, n_buildings=12, n_water=2)


def _masks(scene: Scene):
    """Building and water masks on the image grid, and a 'clean' land mask away from both."""
    h, w = scene.image.shape[:2]

    def mask(cls):
        geoms = scene.truth.geometry[scene.truth["class"] == cls]
        if not len(geoms):
            return np.zeros((h, w), bool)
        return rasterize(((g, 1) for g in geoms), out_shape=(h, w), transform=scene.transform, dtype="uint8").astype(bool)

    b, wat = mask("building"), mask("water")
    return b, wat


def test_same_seed_same_bytes_other_seed_differs():
    """Tests and benchmarks rely on regenerating the very same scene from a seed."""
    a = generate_scene(11, size=128)
    b = generate_scene(11, size=128)
    c = generate_scene(12, size=128)
    assert a.image.dtype == np.uint8 and a.image.shape == (128, 128, 3)
    assert a.image.tobytes() == b.image.tobytes()
    assert a.transform == b.transform
    assert list(shapely.to_wkb(a.truth.geometry.values)) == list(shapely.to_wkb(b.truth.geometry.values))
    assert a.truth["class"].tolist() == b.truth["class"].tolist()
    assert not np.array_equal(a.image, c.image)


def _digest(s: Scene) -> str:
    import hashlib
    import json

    h = hashlib.sha256(s.image.tobytes())
    h.update(str(s.image.shape).encode())
    for g in s.truth.geometry:
        h.update(shapely.to_wkb(g))
    h.update(s.truth.drop(columns="geometry").to_json().encode())
    h.update(json.dumps(s.info, sort_keys=True).encode())
    h.update(str(tuple(s.transform)).encode() + s.crs.to_wkt().encode())
    return h.hexdigest()


# Scenes as the generator made them before it was split into painting steps (issue 10, main 9843f42).
# A seed names the same scene for ever: fixtures, benchmarks and the demo model's training data are
# generated from seeds. A change of any painting step, or of the order of the random draws, breaks
# these: say so in the commit (the demo model's data change), then update them.
GOLDEN = [
    (dict(seed=1, size=64), "b877d911409d883a11383324895d7384c62f673447743f01df6e40cfd94a1be1"),
    (dict(seed=5, size=128, pixel_size=2.0, crs="EPSG:3857"),
     "e26d7c7d180e1d8da8d006dc4540178fa0b327b65d6d597d2c4a11cbc7683760"),
    (dict(seed=11, size=192, n_buildings=0, n_water=0), "5db184d301ce63f47013906dacc52952444f6dee75bec6dca2a5db9f13dc1e16"),
    (dict(seed=12, size=256, n_buildings=80, n_water=3), "d7631b80038d9763ad9455ea888d018dc26643111207d028c6f2cc784b72e5c9"),
]


@pytest.mark.parametrize("kwargs,digest", GOLDEN)
def test_a_seed_gives_the_same_scene_as_before(kwargs, digest):
    assert _digest(generate_scene(**kwargs)) == digest


def test_georeferencing_defaults_and_custom_origin():
    """0.5 m north-up pixels in EPSG:32618 near the zone's central meridian; origin/CRS configurable."""
    s = generate_scene(1, size=128)
    assert s.crs == CRS.from_epsg(32618)
    assert s.transform.a == 0.5 and s.transform.e == -0.5 and s.transform.b == 0 and s.transform.d == 0
    assert s.transform.c == 500_000.0  # central meridian of zone 18N
    assert 0 < s.transform.f < 10_000_000
    t = generate_scene(1, size=96, pixel_size=0.25, crs="EPSG:2154", origin=(650_000.0, 6_860_000.0))
    assert t.transform == Affine(0.25, 0, 650_000.0, 0, -0.25, 6_860_000.0)
    assert t.truth.crs == CRS.from_epsg(2154)
    with pytest.raises(InputError):
        generate_scene(1, size=128, crs="EPSG:4326")
    with pytest.raises(InputError):
        generate_scene(1, size=16)


def test_requested_counts_and_truth_inside_extent(scene):
    """Truth polygons are valid, inside the image footprint, in the scene CRS, with unique ids."""
    t = scene.truth
    assert (t["class"] == "building").sum() == 12 and (t["class"] == "water").sum() == 2
    assert set(t["class"]) == {"building", "water"}
    assert t["id"].is_unique
    assert t.crs == scene.crs
    assert t.is_valid.all() and (t.geom_type == "Polygon").all()
    footprint = shapely.box(*scene.bounds)
    assert scene.bounds == pytest.approx((scene.transform.c, scene.transform.f - SIZE * 0.5,
                                          scene.transform.c + SIZE * 0.5, scene.transform.f))
    assert all(footprint.contains(g) for g in t.geometry)
    # buildings never overlap each other or water
    assert not shapely.union_all(t.geometry[t["class"] == "building"]).intersects(
        shapely.union_all(t.geometry[t["class"] == "water"]))
    areas = t.area[t["class"] == "building"]
    assert areas.between(7 * 10 * 0.9, 24 * 14 * 2.0).all()  # 7x10 m .. L-shaped 24x14 m


def test_roofs_differ_from_vegetation(scene):
    """Roof pixels are far less green than the land around them (excess green 2G-R-B)."""
    b, wat = _masks(scene)
    img = scene.image.astype(float)
    exg = 2 * img[..., 1] - img[..., 0] - img[..., 2]
    roofs = exg[ndimage.binary_erosion(b, iterations=1)]
    land = exg[~ndimage.binary_dilation(b | wat, iterations=6)]
    assert roofs.size > 500 and land.size > 10_000
    assert np.median(land) - np.median(roofs) > 20
    assert stats.ks_2samp(roofs, land).statistic > 0.5


def test_water_darker_and_bluer_than_land(scene):
    """Water pixels are darker and have a larger blue share than land pixels."""
    b, wat = _masks(scene)
    img = scene.image.astype(float)
    water = img[ndimage.binary_erosion(wat, iterations=2)]
    land = img[~(b | ndimage.binary_dilation(wat, iterations=3))]
    assert water.shape[0] > 200
    assert water.mean() < land.mean() - 20
    blue_share = lambda px: (px[:, 2] / px.sum(axis=1).clip(1)).mean()  # noqa: E731
    assert blue_share(water) > blue_share(land) + 0.08


def test_gabled_roofs_have_two_halves_of_different_brightness():
    """A gabled rectangular roof split along its ridge gives two halves of clearly different
    brightness; a flat roof does not."""
    s = generate_scene(3, size=SIZE, n_buildings=25)
    gray = s.image.astype(float).mean(axis=2)
    inv = ~s.transform
    rows, cols = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    ratios = {"gable": [], "flat": []}
    for _, f in s.truth[s.truth["class"] == "building"].iterrows():
        g = f.geometry
        if len(g.exterior.coords) != 5:  # L-shapes: skip
            continue
        px = shapely.affinity.affine_transform(g, [inv.a, inv.b, inv.d, inv.e, inv.xoff, inv.yoff])
        m = rasterize([(px.buffer(-1.0), 1)], out_shape=(SIZE, SIZE), transform=Affine.identity(), dtype="uint8").astype(bool)
        xy = np.asarray(px.exterior.coords)
        e1, e2 = xy[1] - xy[0], xy[2] - xy[1]
        ridge = e1 if np.hypot(*e1) >= np.hypot(*e2) else e2
        normal = np.array([-ridge[1], ridge[0]])
        c = np.array(px.centroid.coords[0])
        side = (cols - c[0]) * normal[0] + (rows - c[1]) * normal[1] > 0
        a, b = gray[m & side].mean(), gray[m & ~side].mean()
        ratios[f["roof"]].append(abs(a - b) / ((a + b) / 2))
    assert len(ratios["gable"]) >= 5 and len(ratios["flat"]) >= 1
    assert np.mean(np.array(ratios["gable"]) > 0.12) >= 0.9
    assert max(ratios["flat"]) < 0.06


def test_write_scene_geotiff_and_gpkg(tmp_path, scene):
    """The GeoTIFF is a lossless, tiled, deflate RGB with the scene's CRS and transform; the
    GeoPackages round-trip; nothing temporary is left behind."""
    inv = scene.truth.iloc[:3].copy()
    paths = write_scene(scene, tmp_path / "out", inventory=inv)
    assert set(paths) == {"image", "truth", "inventory"}
    with rasterio.open(paths["image"]) as src:
        assert src.crs == rasterio.crs.CRS.from_user_input(scene.crs.to_wkt())
        assert src.transform == scene.transform
        assert src.count == 3 and src.dtypes == ("uint8",) * 3
        assert src.profile["tiled"] and src.block_shapes[0] == (128, 128)
        assert src.compression.name.lower() == "deflate"
        np.testing.assert_array_equal(np.moveaxis(src.read(), 0, -1), scene.image)
    truth = gpd.read_file(paths["truth"], layer="truth")
    assert truth.crs == scene.crs and len(truth) == len(scene.truth)
    assert truth.geometry.geom_equals_exact(scene.truth.geometry, tolerance=1e-6).all()
    assert len(gpd.read_file(paths["inventory"], layer="inventory")) == 3
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["image.tif", "inventory.gpkg", "truth.gpkg"]
    # rewriting replaces the files in place
    write_scene(scene, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["image.tif", "inventory.gpkg", "truth.gpkg"]
