"""`rank` end to end on hand-made layers: exact order and best-of choices with a ground truth
(the reference assessor), output files, and input errors."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pytest

from fixtures.rank_sheet import FAR, PX, SHIFTED, SPURIOUS, TRUTH, true_iou, write_image, write_layer
from segassess.cli.main import main as cli_main
from segassess.core.assess.assessors import ReferenceAssessor
from segassess.core.assess.job import AnnotationSpec, AssessJob
from segassess.core.common.errors import InputError
from segassess.core.rank.candidates import make_candidates
from segassess.core.rank.run import RankJob, run_rank

@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    d = tmp_path_factory.mktemp("rank_scene")
    return {"image": write_image(d), "truth": write_layer(d, "truth", TRUTH),
            # a: house 1 right, house 2 shifted, house 3 missing, one spurious house
            "a": write_layer(d, "a", [TRUTH[0], SHIFTED[1], SPURIOUS]),
            # b: house 1 shifted, houses 2 and 3 right
            "b": write_layer(d, "b", [SHIFTED[0], TRUTH[1], TRUTH[2]]),
            # c: everything shifted further
            "c": write_layer(d, "c", FAR)}


def rank_job(scene, out_dir, names=("a", "b", "c"), **kw):
    cands = make_candidates([scene[n] for n in names])
    job = AssessJob(scene["image"], cands[0].spec, out_dir, truth=AnnotationSpec(scene["truth"]), tile_size=64,
                    overlap=16, **kw)
    return RankJob(job, cands)


def test_exact_ranking_and_best_of_with_truth(scene, tmp_path):
    res = run_rank(rank_job(scene, tmp_path / "out"), ReferenceAssessor())
    expected = {n: true_iou(list(gpd.read_file(scene[n]).geometry)) for n in "abc"}
    assert expected["b"] > expected["a"] > expected["c"]  # the scene is built so
    assert [r["candidate"] for r in res.rows] == [str(scene[n]) for n in "bac"]
    assert [r["rank"] for r in res.rows] == [1, 2, 3] and res.exact and all(r["exact"] for r in res.rows)
    for r in res.rows:
        assert r["est_iou"] == pytest.approx(expected[Path(r["candidate"]).stem], abs=1e-9)
        assert r["assessor"] == "reference"
    a = next(r for r in res.rows if r["key"] == "a")
    assert a["fp_area_m2"] == pytest.approx((16 * 16 + 6 * 16) * PX * PX)   # the spurious house + the shift's sliver
    assert a["fn_area_m2"] == pytest.approx((30 * 20 + 6 * 16) * PX * PX)   # the missing house + the sliver
    # best of: house 1 from a, houses 2 and 3 from b (exact), the spurious house (only a, IoU 0) left out
    best = gpd.read_file(res.best_of, layer="best_of")
    assert len(best) == 3 and res.clusters == 4 and res.best_of_count == 3
    by_geom = {round(g.centroid.x, 3): row for g, (_, row) in zip(best.geometry, best.iterrows())}
    assert sorted(by_geom) == sorted(round(g.centroid.x, 3) for g in TRUTH)
    assert true_iou(list(best.geometry)) == pytest.approx(1.0)
    assert set(best["est_iou"]) == {1.0} and sorted(best["n_sources"]) == [2, 3, 3]
    house1 = by_geom[round(TRUTH[0].centroid.x, 3)]
    assert house1["source"] == str(scene["a"]) and house1["runner_up"] == str(scene["b"])  # b's 4 px shift beats c's 12
    assert 0 < house1["runner_up_iou"] < 1
    assert sorted(best["source"].map(lambda s: Path(s).stem)) == ["a", "b", "b"]
    assert best["runner_up_iou"].between(0, 1).all() and best["rule"].str.startswith("best of").all()
    assert {r["key"]: r["best_of_features"] for r in res.rows} == {"a": 1, "b": 2, "c": 0}
    # the files
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    for key in "abc":
        for suffix in ("quality.tif", "quality.qml", "confidence.tif", "assessment.gpkg", "summary.json"):
            assert f"sheet_{key}_{suffix}" in names
    assert "sheet_ranking.csv" in names and "sheet_ranking.json" in names and "sheet_best.gpkg" in names
    assert not [n for n in names if "probabilities" in n or n.startswith(".")]
    table = (tmp_path / "out" / "sheet_ranking.csv").read_text().splitlines()
    assert table[0].startswith("rank,candidate,key") and table[1].split(",")[:3] == ["1", str(scene["b"]), "b"]
    table = gpd.read_file(res.best_of, layer="ranking")
    assert table["key"].tolist() == ["b", "a", "c"] and table["rank"].dtype.kind == "i"
    meta = json.loads((tmp_path / "out" / "sheet_ranking.json").read_text())
    assert meta["exact"] and [r["key"] for r in meta["ranking"]] == ["b", "a", "c"]


def test_equal_candidates_share_a_rank_and_the_cli_runs_it(scene, tmp_path):
    """The same file twice (with filters) ties; the command line gives the table and refuses --model with --truth."""
    out = tmp_path / "cli"
    code = cli_main(["rank", "--image", str(scene["image"]), "--candidate", str(scene["b"]), "--candidate",
                     str(scene["b"]), "--candidate", str(scene["c"]), "--where", "kind = 'b'", "--truth",
                     str(scene["truth"]), "--tile-size", "64", "--overlap", "16", "--out-dir", str(out), "--quiet"])
    assert code == 0
    meta = json.loads((out / "sheet_ranking.json").read_text())
    assert [(r["key"], r["rank"]) for r in meta["ranking"]] == [("b", 1), ("b_2", 1), ("c", 3)]
    assert meta["candidates"][0]["where"] == "kind = 'b'" and meta["candidates"][2]["where"] == "kind = 'b'"
    assert cli_main(["rank", "--image", str(scene["image"]), "--candidate", str(scene["b"]), "--truth",
                     str(scene["truth"]), "--model", str(scene["b"]), "--out-dir", str(tmp_path / "x")]) == 2
    assert cli_main(["rank", "--image", str(scene["image"]), "--candidate", str(scene["b"]), "--candidate",
                     str(scene["c"]), "--where", "kind = 'b'", "--where", "kind = 'b'", "--where", "kind = 'b'",
                     "--truth", str(scene["truth"]), "--out-dir", str(tmp_path / "y")]) == 2
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").iterdir())


def test_candidate_names_and_options():
    c = make_candidates(["x/inv.gpkg", "x/inv.gpkg", "y/inv.gpkg"], layers=["old", "new", None])
    assert [k.key for k in c] == ["inv_old", "inv_new", "inv"]
    assert [k.label for k in c] == ["x/inv.gpkg:old", "x/inv.gpkg:new", "y/inv.gpkg"]
    c = make_candidates(["a.gpkg", "b.tif"], wheres=["h > 2"])
    assert [k.spec.where for k in c] == ["h > 2", "h > 2"] and [k.key for k in c] == ["a", "b"]
    c = make_candidates(["a.gpkg", "a.gpkg"], labels=["Survey 1990", "Survey 1990"])
    assert [k.key for k in c] == ["Survey_1990", "Survey_1990_2"] and c[0].label == "Survey 1990"
    with pytest.raises(InputError, match="once per candidate"):
        make_candidates(["a", "b", "c"], layers=["l1", "l2"])
    with pytest.raises(InputError, match="at least one"):
        make_candidates([])


def test_probabilities_only_read_by_rank_are_plain_and_equal(scene, tmp_path):
    """rank reads each candidate's probabilities for best_of and deletes them: they are moved into place as
    the stitched GeoTIFF, not compressed into a COG; the values are the same as the COG a user keeps."""
    import numpy as np
    import rasterio

    from segassess.core.assess.pipeline import run_assessment

    base = rank_job(scene, tmp_path / "x").job
    kept = run_assessment(replace(base, out_dir=tmp_path / "cog", keep_probabilities=True), ReferenceAssessor())
    plain = run_assessment(replace(base, out_dir=tmp_path / "plain", keep_probabilities=True,
                                   internal_probabilities=True), ReferenceAssessor())
    with rasterio.open(kept.probabilities) as a, rasterio.open(plain.probabilities) as b:
        np.testing.assert_array_equal(a.read(), b.read())
        assert a.transform == b.transform and a.crs == b.crs
        assert a.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG" and b.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") != "COG"
    res = run_rank(rank_job(scene, tmp_path / "rank"), ReferenceAssessor())
    assert not list((tmp_path / "rank").glob("*probabilities*"))  # read for best_of, then gone
    assert [r["rank"] for r in res.rows] == [1, 2, 3]
