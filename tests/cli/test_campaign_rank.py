"""Ranking campaigns (`segassess batch --candidate ... --candidate ...`): each sheet's candidates are
ranked, and the report says which candidate wins on how many sheets and features, with a map."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from segassess.cli.main import main as cli_main
from segassess.core.synthetic.scene import write_sheet_grid

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def camp(tmp_path_factory):
    d = tmp_path_factory.mktemp("campaign_rank")
    camp = write_sheet_grid(d, n=4, size=192, cols=2)
    truth = gpd.read_file(camp["truth"])
    shifted = truth.assign(geometry=truth.translate(3.0, 0.0))
    first = truth["sheet"].isin(["s01", "s02"])
    # "survey": right on s01/s02, shifted elsewhere; "update": the other way round
    survey = gpd.GeoDataFrame(pd.concat([truth[first], shifted[~first]]), crs=truth.crs)
    update = gpd.GeoDataFrame(pd.concat([shifted[first], truth[~first]]), crs=truth.crs)
    camp["survey"], camp["update"] = d / "survey.gpkg", d / "update.gpkg"
    survey.to_file(camp["survey"])
    update.to_file(camp["update"])
    return camp


def test_batch_ranks_candidates_per_sheet(camp, tmp_path):
    out = tmp_path / "c"
    argv = ["batch", "--sheets", str(camp["images"]), "--candidate", str(camp["survey"]), "--candidate",
            str(camp["update"]), "--candidate", str(camp["inventory"]), "--truth", str(camp["truth"]),
            "--assessor", "reference", "--tile-size", "128", "--overlap", "32", "--workers", "1",
            "--out-dir", str(out), "--progress", "none"]
    assert cli_main(argv) == 0
    folder = out / "sheets" / "s03"
    assert (folder / "s03_ranking.json").is_file() and (folder / "s03_best.gpkg").is_file()
    assert (folder / "s03_survey_quality.tif").is_file() and (folder / "s03_update_summary.json").is_file()
    ranking = pd.read_csv(out / "campaign_ranking.csv")
    winners = dict(zip(ranking["sheet_id"], ranking["winner"].map(lambda p: Path(p).stem)))
    assert winners == {"s01": "survey", "s02": "survey", "s03": "update", "s04": "update"}
    assert (ranking["winner_est_iou"] == 1.0).all() and ranking["exact"].all()
    # the merged report: the winner's maps per sheet, the winner map and the merged best_of
    sheets = pd.read_csv(out / "campaign_sheets.csv")
    assert (sheets["est_iou"] == 1.0).all()
    per_sheet = gpd.read_file(out / "campaign_report.gpkg", layer="winner_per_sheet")
    assert dict(zip(per_sheet["sheet_id"], per_sheet["winner"].map(lambda p: Path(p).stem))) == winners
    best = gpd.read_file(out / "campaign_report.gpkg", layer="best_of")
    truth = gpd.read_file(camp["truth"])
    assert len(best) == len(truth) and set(best["sheet_id"]) == {"s01", "s02", "s03", "s04"}
    html = (out / "campaign_report.html").read_text()
    n_survey = int((truth["sheet"].isin(["s01", "s02"])).sum())
    assert f'data-candidate="{camp["survey"]}"><td style' in html
    row = html.split(f'data-candidate="{camp["survey"]}">')[1].split("</tr>")[0]
    assert '<td class="num sheets-won">2</td>' in row and f'<td class="num features-won">{n_survey}</td>' in row
    assert f'data-sheet="s01" data-winner="{camp["survey"]}"' in html
    assert f'data-sheet="s04" data-winner="{camp["update"]}"' in html
    assert html.count('class="sheet-map winners"') == 1 and html.count('<path class="winner" data-sheet=') == 4
    # a second run finds every sheet done from the same inputs: nothing is rewritten
    stamp = (folder / "s03_ranking.json").stat().st_mtime_ns
    assert cli_main(argv) == 0 and (folder / "s03_ranking.json").stat().st_mtime_ns == stamp
