"""rank with the network: each tile encoded once for all candidates gives the maps of separate
assessments (built-in demo model, generated scene)."""
from __future__ import annotations

import numpy as np
import pytest
import rasterio

from segassess.core.assess.job import AssessJob
from segassess.core.assess.pipeline import run_assessment
from segassess.core.rank.candidates import make_candidates
from segassess.core.rank.run import RankJob, run_rank
from segassess.core.synthetic.error_sim import simulate_inventory
from segassess.core.synthetic.scene import generate_scene, write_scene
from segassess.models.engines import make_assessor
from segassess.models.registry import demo_model_path


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    if not demo_model_path().is_file():
        pytest.skip("the built-in demo model is not installed")
    d = tmp_path_factory.mktemp("rank_net")
    sc = generate_scene(3100, size=320)
    buildings = sc.truth[sc.truth["class"] == "building"]
    paths = write_scene(sc, d, inventory=simulate_inventory(buildings, 1))
    other, truth = d / "other.gpkg", d / "truth_buildings.gpkg"
    simulate_inventory(buildings, 2, {"only": ["shift"], "shift": {"p": 1, "distance": 3.0}}).to_file(other)
    buildings.to_file(truth)
    return paths["image"], [paths["inventory"], other, truth]


def test_shared_encoder_maps_equal_separate_assessments(scene, tmp_path):
    image, sources = scene
    assessor = make_assessor(demo_model_path(), "torch", 128, "cpu", batch_size=4)
    calls = []
    encode = assessor.model.encode
    assessor.model.encode = lambda x: calls.append(x.shape[0]) or encode(x)
    cands = make_candidates(sources)
    job = AssessJob(image, cands[0].spec, tmp_path / "rank", tile_size=128, overlap=32, batch_size=4)
    res = run_rank(RankJob(job, cands), assessor)
    n_tiles = sum(calls)
    assert n_tiles == 9  # 320 px in 128 px tiles with 32 px overlap: 3 x 3 tiles, each encoded once for 3 candidates
    for cand, source in zip(cands, sources):
        alone = run_assessment(AssessJob(image, cand.spec, tmp_path / f"alone_{cand.key}", tile_size=128,
                                         overlap=32, batch_size=4), assessor)
        with rasterio.open(res.assessments[cand.key].quality) as a, rasterio.open(alone.quality) as b:
            shared, single = a.read(1), b.read(1)
        assert (shared == single).mean() >= 0.999
        assert res.assessments[cand.key].summary_data["estimated"]["iou"] == pytest.approx(
            alone.summary_data["estimated"]["iou"], abs=1e-4)
    assert sum(calls) == n_tiles + 3 * 9  # the separate runs encode every tile once each
    # the network prefers the truth to the shifted inventory
    order = [r["key"] for r in res.rows]
    assert order.index("truth_buildings") < order.index("other")
    assert not res.exact and res.rows[0]["assessor"].startswith("segassess_tiny_demo")
