"""segassess:rank in real QGIS: exact ranking and best-of with reference data (candidates in another
CRS and as a raster mask), the layers it delivers, and a network run through qgis_process.bin."""
from __future__ import annotations

import json
import os

import pytest

from fixtures.rank_sheet import CRS, FAR, SHIFTED, TRUTH, write_image, write_layer, write_mask
from qgis_support import QGIS_PROCESS, output_layer, qgis_process, qgis_process_env, run, start_qgis


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    """An image, the truth, and three candidates: 'survey' (house 2 shifted, house 3 missing), 'update'
    in EPSG:4326 (house 1 shifted), 'model' as a raster mask (every house shifted by 12 px)."""
    d = tmp_path_factory.mktemp("qgis_rank")
    return {"image": write_image(d, seed=1), "truth": write_layer(d, "truth", TRUTH),
            "survey": write_layer(d, "survey", [TRUTH[0], SHIFTED[1]]),
            "update": write_layer(d, "update", [SHIFTED[0], TRUTH[1], TRUTH[2]], "EPSG:4326"),
            "model": write_mask(d, "model", FAR)}


def test_rank_with_reference_data_in_qgis(sheet, tmp_path):
    start_qgis()
    from qgis.core import QgsProcessingContext, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    res = run("segassess:rank", {"IMAGE": str(sheet["image"]),
                                 "CANDIDATES": [str(sheet["survey"]), str(sheet["update"]), str(sheet["model"])],
                                 "TRUTH": str(sheet["truth"]), "TILE_SIZE": 64, "OVERLAP": 16,
                                 "OUTPUT_FOLDER": str(tmp_path / "out"), "OUTPUT_BEST": str(tmp_path / "best.gpkg"),
                                 "OUTPUT_RANKING": str(tmp_path / "ranking.gpkg")}, context=context)
    ranking = output_layer(res["OUTPUT_RANKING"], context)
    rows = sorted(({f.name(): feat[f.name()] for f in ranking.fields()} for feat in ranking.getFeatures()),
                  key=lambda r: r["rank"])
    # the names are the layers' names; update (one 4 px shift) > survey (a shift and a missing house) > model
    assert [r["candidate"] for r in rows] == ["update", "survey", "model"] and [r["rank"] for r in rows] == [1, 2, 3]
    assert all(r["exact"] for r in rows) and res["BEST_CANDIDATE"] == "update"
    assert res["BEST_IOU"] == pytest.approx(rows[0]["est_iou"]) and 0.8 < res["BEST_IOU"] < 1.0
    best = output_layer(res["OUTPUT_BEST"], context)
    assert best.crs().authid() == CRS and best.featureCount() == 3
    sources = sorted(f["source"] for f in best.getFeatures())
    assert sources == ["survey", "update", "update"]  # house 1 from survey, houses 2 and 3 from update
    assert {f["est_iou"] for f in best.getFeatures()} == {1.0}
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    for key in ("survey", "update", "model"):
        assert f"sheet_{key}_quality.tif" in files
    assert "sheet_ranking.csv" in files and "sheet_best.gpkg" in files
    # every candidate's quality map is loaded after the run, named with its rank
    loaded = [d.name for d in context.layersToLoadOnCompletion().values()]
    assert sorted(n for n in loaded if n.endswith(": quality")) == ["1. update: quality", "2. survey: quality",
                                                                   "3. model: quality"]


def test_rank_needs_candidates():
    start_qgis()
    from qgis.core import QgsApplication, QgsProcessingContext

    alg = QgsApplication.processingRegistry().algorithmById("segassess:rank")
    ok, message = alg.checkParameterValues({"CANDIDATES": []}, QgsProcessingContext())
    assert not ok and "candidate" in message


@pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin is not installed")
def test_rank_through_qgis_process_with_the_network(sheet, tmp_path):
    """The provider lists segassess:rank, and qgis_process runs it with the built-in demo model (each tile
    encoded once for the three candidates): exit 0, a ranking of the three, the best-of layer."""
    env = qgis_process_env(tmp_path / "qp")
    res = qgis_process(env, tmp_path, "run", "segassess:rank", "--json", "--",
                       f"IMAGE={sheet['image']}", f"CANDIDATES={sheet['survey']}", f"CANDIDATES={sheet['update']}",
                       f"CANDIDATES={sheet['model']}", f"OUTPUT_FOLDER={tmp_path / 'out'}",
                       f"OUTPUT_BEST={tmp_path / 'best.gpkg'}", timeout=600)
    assert res.returncode == 0, res.stderr[-3000:] + res.stdout[-2000:]
    results = json.loads(res.stdout)["results"]
    assert results["BEST_CANDIDATE"] in ("survey", "update", "model") and 0 <= results["BEST_IOU"] <= 1
    table = json.loads((tmp_path / "out" / "sheet_ranking.json").read_text())
    assert sorted(r["candidate"] for r in table["ranking"]) == ["model", "survey", "update"]
    assert not table["exact"] and table["assessor"].startswith("segassess_tiny_demo")
    assert (tmp_path / "best.gpkg").is_file()
