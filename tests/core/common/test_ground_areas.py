"""Ground areas and ground metres in every CRS (issue 12, item 3).

Expected figures are computed independently of core.common.crs: geodesic areas with pyproj.Geod
on the footprints' own WGS 84 coordinates, or planar areas after reprojecting to a local
Lambert azimuthal equal-area CRS centred on the data.
"""
import json

import geopandas as gpd
import numpy as np
import pytest
from affine import Affine
from pyproj import CRS, Geod
from shapely.geometry import box

from conftest import shared_data
from segassess.core.assess.assessors import ReferenceAssessor
from segassess.core.assess.job import AnnotationSpec, AssessJob
from segassess.core.assess.pipeline import run_assessment
from segassess.core.assess.polygons import polygonize_class
from segassess.core.common.crs import areas_m2, buffer_m, pixel_area_m2

MERC = CRS.from_epsg(3857)
GEOD = Geod(ellps="WGS84")


def laea_at(lon, lat) -> CRS:
    return CRS.from_proj4(f"+proj=laea +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")


def geodesic_area(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0])


def sn7():
    folder = shared_data("spacenet7_webmercator")
    return (next(folder.glob("*_clipped.tif")), next(folder.glob("*_Buildings.geojson")))


def test_web_mercator_footprint_areas_are_ground_areas():
    _, buildings = sn7()
    wgs = gpd.read_file(buildings)
    assert wgs.crs.to_epsg() == 4326
    truth = np.array([geodesic_area(g) for g in wgs.geometry])
    merc = wgs.to_crs(MERC)
    got = areas_m2(merc.geometry, MERC)
    np.testing.assert_allclose(got, truth, rtol=0.003)
    # the planar map-unit area is 1.6x too large at 38° N: what the old code reported as m²
    assert merc.geometry.area.sum() / truth.sum() == pytest.approx(1.61, abs=0.02)


def test_web_mercator_fp_and_fn_areas_of_a_run(tmp_path):
    """FP/FN polygons, per-feature FP areas and the summary of a run on the EPSG:3857 sample are in true m²."""
    image, buildings = sn7()
    wgs = gpd.read_file(buildings)
    truth_path = tmp_path / "truth.gpkg"
    wgs.iloc[::2].to_file(truth_path)  # the truth lacks every other building: those are FP
    job = AssessJob(image=image, annotation=AnnotationSpec(buildings), truth=AnnotationSpec(truth_path),
                    out_dir=tmp_path / "out", tile_size=256, overlap=32)
    res = run_assessment(job, ReferenceAssessor())
    fp = gpd.read_file(res.polygons, layer="false_positive")
    assert len(fp) > 100
    centre = fp.to_crs(4326).union_all().centroid
    local = laea_at(centre.x, centre.y)
    fp_truth = fp.to_crs(local).area.sum()
    assert fp["area_m2"].sum() == pytest.approx(fp_truth, rel=0.003)
    assert fp.geometry.area.sum() / fp_truth == pytest.approx(1.61, abs=0.02)  # planar is far off
    summary = json.loads(res.summary.read_text())
    assert summary["areas_m2"]["false_positive"] == pytest.approx(fp_truth, rel=0.003)
    # per feature: FP pixels inside each dropped building times the ground pixel area
    scored = gpd.read_file(res.polygons, layer="scored_features")
    assert scored["fp_area_m2"].sum() == pytest.approx(fp_truth, rel=0.01)
    # FN: the truth covers nothing the annotation lacks
    assert summary["areas_m2"]["false_negative"] == 0.0


def test_min_area_is_ground_square_metres_in_web_mercator(tmp_path):
    image, buildings = sn7()
    wgs = gpd.read_file(buildings)
    truth_path = tmp_path / "truth.gpkg"
    wgs.iloc[::2].to_file(truth_path)
    job = AssessJob(image=image, annotation=AnnotationSpec(buildings), truth=AnnotationSpec(truth_path),
                    out_dir=tmp_path / "all", tile_size=256, overlap=32)
    every = gpd.read_file(run_assessment(job, ReferenceAssessor()).polygons, layer="false_positive")
    centre = every.to_crs(4326).union_all().centroid
    ground = every.to_crs(laea_at(centre.x, centre.y)).area
    limit = float(np.median(ground))
    job.out_dir, job.min_area = tmp_path / "big", limit
    big = gpd.read_file(run_assessment(job, ReferenceAssessor()).polygons, layer="false_positive")
    # the polygons whose ground area reaches the limit (to the precision of the local scale factor)
    assert int((ground >= limit * 1.003).sum()) <= len(big) <= int((ground >= limit * 0.997).sum())
    assert (big["area_m2"] >= limit).all()
    # in map units² (the old reading) far more polygons pass the same limit
    assert int((every.geometry.area >= limit).sum()) > len(big) + 10


def test_min_area_filter_in_ground_square_metres_at_60_degrees():
    """At 60° N one Web Mercator unit is half a ground metre: 4 map units² are 1 m²."""
    x0, y0 = 0.0, 8399737.89  # 60° N on the Greenwich meridian, EPSG:3857
    t = Affine(1.0, 0, x0, 0, -1.0, y0)
    q = np.full((40, 40), 3, np.uint8)
    q[1:11, 1:11] = 2      # 100 map px = 25 m² on the ground
    q[20:40, 20:40] = 2    # 400 map px = 100 m²
    gdf = polygonize_class(q, np.ones_like(q, np.float32), 2, t, MERC, min_area=50.0)
    assert len(gdf) == 1 and gdf.pixels.iloc[0] == 400
    assert gdf.area_m2.iloc[0] == pytest.approx(100.0, rel=0.01)
    assert pixel_area_m2(t, MERC, x0 + 30, y0 - 30) == pytest.approx(0.25, rel=0.01)


def test_buffer_m_is_ground_metres_in_web_mercator():
    lon, lat = 10.0, 60.0
    local = laea_at(lon, lat)
    square = gpd.GeoSeries([box(-10, -10, 10, 10)], crs=local)  # 20 m x 20 m on the ground
    merc = square.to_crs(MERC)
    ringed = buffer_m(merc, 5.0, MERC)
    want = 30 * 30 - (4 - np.pi) * 25  # a 5 m buffer of a 20 m square: rounded corners
    assert ringed.to_crs(local).area.iloc[0] == pytest.approx(want, rel=0.01)
    assert areas_m2(ringed, MERC)[0] == pytest.approx(want, rel=0.01)


def test_projected_crs_within_tolerance_keeps_exact_pixel_areas():
    """A UTM zone near its central meridian: no correction, areas are pixel counts x pixel area."""
    utm = CRS.from_epsg(32618)
    t = Affine(0.5, 0, 500000, 0, -0.5, 4500000)
    assert pixel_area_m2(t, utm, 500100, 4499900) == 0.25
    g = gpd.GeoSeries([box(500000, 4499000, 500010, 4499010)], crs=utm)
    assert areas_m2(g, utm)[0] == 100.0
