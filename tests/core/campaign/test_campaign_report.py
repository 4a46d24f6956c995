"""The campaign report (core.campaign.report) on real sheets: generated scenes with imperfect
inventories, assessed by the reference assessor, two in one UTM zone and one in the next
(larger, so its thumbnail is decimated), plus a failed and a pending sheet. The merged
GeoPackage, the CSV and the HTML page are checked against the per-sheet outputs."""
import base64
import csv
import io
import json
import statistics
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import rasterio
from PIL import Image
from pyproj import CRS

from segassess.core.assess.assessors import ReferenceAssessor
from segassess.core.synthetic.error_sim import simulate_inventory
from segassess.core.common.errors import Cancelled, InputError
from segassess.core.assess.job import AnnotationSpec, AssessJob
from segassess.core.common.classes import CLASS_COLOURS
from segassess.core.assess.pipeline import run_assessment
from segassess.core.common.progress import NullProgress
from segassess.core.campaign.report import LAYERS, quality_thumbnail, write_report
from segassess.core.campaign.thumbnails import OVERLAY_ALPHA
from segassess.core.synthetic.scene import generate_scene, write_scene

REPORT_FILES = {"campaign_report.gpkg", "campaign_sheets.csv", "campaign_report.html"}
ERROR = "CUDA <b>out</b> of memory & more"
N02_AREAS = {"false_positive": 123.5, "false_negative": 67.25}  # given in n02's summary: must win over the gpkg


def _inventory(scene, seed, sheet_id):
    """An imperfect inventory whose attribute columns differ per sheet (per-sheet annotation files)."""
    inv = simulate_inventory(scene.truth, seed, {"shift": {"p": 1.0}, "missing": {"p": 1.0}})
    if sheet_id == "n01":
        inv["material"] = "brick"
    elif sheet_id == "n02":
        inv["height_m"] = np.arange(3, 3 + len(inv), dtype="int64")
        inv = inv.rename(columns={"class": "Class"})  # same column, other spelling (GPKG names are case-blind)
        inv["sheet_id"] = "old-17"                      # clashes with the report's own sheet_id column
    return inv


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    root = tmp_path_factory.mktemp("campaign")
    specs = [("n01", 3, "EPSG:32618", 256), ("n02", 11, "EPSG:32618", 256), ("e01", 7, "EPSG:32619", 384)]
    done = {}
    for sid, seed, crs, size in specs:
        scene = generate_scene(seed, size=size, crs=crs)
        paths = write_scene(scene, root / "scenes" / sid, _inventory(scene, seed, sid))
        res = run_assessment(AssessJob(image=paths["image"], annotation=AnnotationSpec(paths["inventory"]),
                                       truth=AnnotationSpec(paths["truth"]), out_dir=root / "sheets" / sid,
                                       tile_size=256, overlap=32, prefix=f"{sid}_"), ReferenceAssessor())
        summary = json.loads(res.summary.read_text())
        summary.pop("areas_m2", None)
        if sid == "n02":
            summary["areas_m2"] = dict(N02_AREAS)
        done[sid] = {"sheet_id": sid, "state": "done", "image": str(paths["image"]), "error": None,
                     "runtime_s": summary["timing_s"]["total"], "attempts": 1,
                     "outputs": {"quality": str(res.quality), "confidence": str(res.confidence),
                                 "polygons": str(res.polygons), "summary": str(res.summary)},
                     "summary": summary}
    ious = {sid: r["summary"]["estimated"]["iou"] for sid, r in done.items()}
    assert len(set(ious.values())) == 3, ious  # the order checks need distinct values
    failed = {"sheet_id": "f01", "state": "failed", "image": "/data/f01.tif", "error": ERROR, "runtime_s": 2.5,
              "attempts": 3, "outputs": {}, "summary": None}
    pending = {"sheet_id": "p01", "state": "pending", "image": "/data/p01.tif", "error": None, "runtime_s": None,
               "attempts": 0, "outputs": {}, "summary": None}
    best_first = sorted(done, key=lambda s: -ious[s])
    # campaign order: best sheet first, so "worst first" really has to reorder
    records = [failed, done[best_first[0]], pending] + [done[s] for s in best_first[1:]]
    return {"root": root, "done": done, "ious": ious, "records": records,
            "same_crs": [r for r in records if r["sheet_id"] != "e01"]}


def _layer(path, layer):
    return gpd.read_file(path, layer=layer, engine="pyogrio")


def _report_entries(folder):
    return sorted(p.name for p in Path(folder).iterdir()) if Path(folder).exists() else []


class _Page(HTMLParser):
    """Tags and attributes of the report page, plus the text of elements with an id."""

    def __init__(self):
        super().__init__()
        self.tags, self.text_by_id, self._open_id = [], {}, None
        self.svg_depth, self.map_links = 0, {}  # map id -> [(href, sheet id of the linked path)]

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open_id = dict(attrs).get("id")
        if tag == "svg":
            self.svg_depth += 1
            self._map = dict(attrs).get("id")
            self.map_links.setdefault(self._map, [])
        elif tag == "a" and self.svg_depth:
            self.map_links[self._map].append([dict(attrs)["href"], None])
        elif tag == "path" and self.svg_depth and self.map_links.get(self._map):
            if self.map_links[self._map][-1][1] is None:
                self.map_links[self._map][-1][1] = dict(attrs).get("data-sheet")

    def handle_data(self, data):
        if self._open_id:
            self.text_by_id[self._open_id] = self.text_by_id.get(self._open_id, "") + data

    def handle_endtag(self, tag):
        self._open_id = None
        if tag == "svg":
            self.svg_depth -= 1


def _page(path):
    p = _Page()
    p.feed(Path(path).read_text(encoding="utf-8"))
    return p


def test_same_crs_sheets_are_merged_in_their_crs_with_the_union_of_columns(campaign):
    out = campaign["root"] / "same"
    progress = NullProgress()
    paths = write_report(out, campaign["same_crs"], progress)
    assert {p.name for p in paths.values()} == REPORT_FILES and set(paths) == {"gpkg", "csv", "html"}
    assert _report_entries(out) == sorted(REPORT_FILES)  # no staging folder left behind
    assert [name for name, _ in pyogrio.list_layers(paths["gpkg"])] == [*LAYERS, "review_items", "sheets"]
    sheets = ["n01", "n02"]
    for layer in LAYERS:
        merged = _layer(paths["gpkg"], layer)
        per_sheet = {s: _layer(campaign["done"][s]["outputs"]["polygons"], layer) for s in sheets}
        assert merged.columns[0] == "sheet_id"
        assert len(merged) == sum(len(g) for g in per_sheet.values())
        assert CRS.from_user_input(merged.crs) == CRS.from_epsg(32618)
        for s, g in per_sheet.items():
            rows = merged[merged["sheet_id"] == s].reset_index(drop=True)
            assert len(rows) == len(g)
            assert rows.geometry.geom_equals_exact(g.geometry, tolerance=1e-6).all()  # same CRS: not reprojected
            if "area_m2" in g.columns:
                np.testing.assert_allclose(rows["area_m2"], g["area_m2"])
    assert not any("EPSG:4326" in m for m in progress.messages)

    scored = _layer(paths["gpkg"], "scored_features")
    n01, n02 = scored[scored["sheet_id"] == "n01"], scored[scored["sheet_id"] == "n02"]
    assert len(n01) and len(n02)
    assert (n01["material"] == "brick").all() and n02["material"].isna().all()
    assert n01["height_m"].isna().all()
    own = _layer(campaign["done"]["n02"]["outputs"]["polygons"], "scored_features")
    assert n02["height_m"].astype(int).tolist() == own["height_m"].tolist()
    fields = pyogrio.read_info(paths["gpkg"], layer="scored_features")
    types = dict(zip(fields["fields"], fields["dtypes"]))
    assert (types["height_m"], types["material"], types["est_iou"]) == ("int64", "object", "float64")
    class_cols = [c for c in scored.columns if c.lower() == "class"]
    assert len(class_cols) == 1 and scored[class_cols[0]].notna().all()  # "class" and "Class" are one column
    # the annotation's own sheet_id column is kept under another name, ours stays the sheet
    assert (n02["source_sheet_id"] == "old-17").all() and n01["source_sheet_id"].isna().all()


def test_mixed_crs_sheets_are_reprojected_to_wgs84(campaign):
    out = campaign["root"] / "mixed"
    progress = NullProgress()
    paths = write_report(out, campaign["records"], progress)
    assert any("EPSG:4326" in m and "EPSG:32618" in m and "EPSG:32619" in m for m in progress.messages)
    for layer in LAYERS:
        merged = _layer(paths["gpkg"], layer)
        assert CRS.from_user_input(merged.crs) == CRS.from_epsg(4326)
        expected = {s: len(_layer(r["outputs"]["polygons"], layer)) for s, r in campaign["done"].items()}
        assert len(merged) == sum(expected.values())
        assert merged["sheet_id"].value_counts().reindex(list(expected), fill_value=0).to_dict() == expected
    fp = _layer(paths["gpkg"], "false_positive")
    own = _layer(campaign["done"]["e01"]["outputs"]["polygons"], "false_positive").to_crs(4326)
    np.testing.assert_allclose(fp[fp["sheet_id"] == "e01"].total_bounds, own.total_bounds, atol=1e-9)
    assert -90 <= fp.total_bounds[1] and fp.total_bounds[3] <= 90  # degrees, not metres


def test_csv_rows_are_worst_first_with_the_summary_values(campaign):
    paths = write_report(campaign["root"] / "csv", campaign["records"])
    with open(paths["csv"], newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["sheet_id", "status", "est_iou", "est_f1", "est_precision", "est_recall",
                                     "fp_area_m2", "fn_area_m2", "fp_polygons", "fn_polygons", "missed_objects",
                                     "features", "review_items", "open_items", "runtime_s", "attempts", "error",
                                     "image"]
        rows = list(reader)
    ious = campaign["ious"]
    assert [r["sheet_id"] for r in rows] == sorted(ious, key=ious.get) + ["f01", "p01"]
    for row in rows[:3]:
        rec = campaign["done"][row["sheet_id"]]
        s = rec["summary"]
        assert row["status"] == "done"
        for key in ("iou", "f1", "precision", "recall"):
            assert float(row[f"est_{key}"]) == s["estimated"][key]
        assert int(row["fp_polygons"]) == s["polygons"]["false_positive"]
        assert int(row["fn_polygons"]) == s["polygons"]["false_negative"]
        assert int(row["missed_objects"]) == s["polygons"]["missed_objects"]
        assert int(row["features"]) == s["features"]["count"]
        items = _layer(rec["outputs"]["polygons"], "review_items")  # none decided yet: all open
        assert int(row["review_items"]) == int(row["open_items"]) == len(items) > 0
        assert float(row["runtime_s"]) == rec["runtime_s"] and row["attempts"] == "1" and row["error"] == ""
        assert row["image"] == rec["image"]
        if row["sheet_id"] == "n02":  # areas given by the summary
            assert (float(row["fp_area_m2"]), float(row["fn_area_m2"])) == (123.5, 67.25)
        else:  # no areas in the summary: summed from the sheet's polygons
            gpkg = rec["outputs"]["polygons"]
            fp_sum = _layer(gpkg, "false_positive")["area_m2"].sum()
            assert fp_sum > 0
            assert float(row["fp_area_m2"]) == pytest.approx(fp_sum, rel=1e-12)
            assert float(row["fn_area_m2"]) == pytest.approx(_layer(gpkg, "false_negative")["area_m2"].sum(),
                                                             rel=1e-12)
    failed, pending = rows[3], rows[4]
    assert (failed["status"], failed["error"], failed["attempts"], failed["runtime_s"]) == ("failed", ERROR, "3", "2.5")
    assert failed["est_iou"] == "" and failed["fp_area_m2"] == "" and failed["features"] == ""
    assert failed["review_items"] == "" and failed["open_items"] == ""
    assert (pending["status"], pending["attempts"], pending["runtime_s"]) == ("pending", "0", "")


def test_html_page_thumbnails_histogram_and_escaped_errors(campaign):
    out = campaign["root"] / "html"
    paths = write_report(out, campaign["records"], worst=2)
    text = paths["html"].read_text(encoding="utf-8")
    page = _page(paths["html"])
    ious = campaign["ious"]
    worst_two = sorted(ious, key=ious.get)[:2]

    assert text.count("data:image/png;base64") == 2
    imgs = [a for t, a in page.tags if t == "img"]
    assert [a["data-sheet"] for a in imgs] == worst_two
    for attrs in imgs:
        png = Image.open(io.BytesIO(base64.b64decode(attrs["src"].split(",", 1)[1])))
        with rasterio.open(campaign["done"][attrs["data-sheet"]]["outputs"]["quality"]) as ds:
            assert png.size == (256, 256)  # 256 px sheets as they are, the 384 px sheet decimated
            if ds.width == 256:  # same grid as the image: the classes blended over its very pixels
                q = ds.read(1)
                with rasterio.open(campaign["done"][attrs["data-sheet"]]["image"]) as img:
                    rgb = np.moveaxis(img.read([1, 2, 3]), 0, -1).astype(float)
                alpha = np.array([0.0] + [OVERLAY_ALPHA[v] for v in (1, 2, 3, 4)])[q][..., None]
                colour = np.array([(0, 0, 0)] + [CLASS_COLOURS[v] for v in (1, 2, 3, 4)], float)[q]
                expected = np.round(rgb * (1 - alpha) + colour * alpha)
                got = np.asarray(png.convert("RGBA")).astype(float)
                assert (got[..., 3] == 255).all()
                np.testing.assert_allclose(got[..., :3], expected, atol=1)
                assert OVERLAY_ALPHA[3] == 0 and (got[q == 3][:, :3] == rgb[q == 3]).all()  # TN: the image as is
                assert OVERLAY_ALPHA[2] > OVERLAY_ALPHA[1] > 0  # FP strong, TP faint
    # links: relative, to each worst sheet's folder
    in_maps = sum(len(v) for v in page.map_links.values())
    links = [a["href"] for t, a in page.tags if t == "a" and a.get("href", "").startswith("..")][in_maps:]
    assert [(out / h).resolve() for h in links] == [(campaign["root"] / "sheets" / s).resolve() for s in worst_two]

    bars = [a for t, a in page.tags if t == "rect" and a.get("class") == "bar"]
    counts = [int(b["data-count"]) for b in bars]
    assert len(bars) == 10 and sum(counts) == 3
    assert counts == np.histogram(list(ious.values()), bins=10, range=(0, 1))[0].tolist()

    assert (page.text_by_id["n-done"], page.text_by_id["n-failed"], page.text_by_id["n-pending"]) == ("3", "1", "1")
    assert page.text_by_id["iou-mean"] == f"{statistics.fmean(ious.values()):.4f}"
    assert page.text_by_id["iou-median"] == f"{statistics.median(ious.values()):.4f}"
    assert "Mean of the per-sheet estimated IoU" in text
    assert "CUDA &lt;b&gt;out&lt;/b&gt; of memory &amp; more" in text and "<b>out</b>" not in text


def test_thumbnail_of_a_large_raster_is_decimated_with_the_class_colours(campaign):
    path = campaign["done"]["e01"]["outputs"]["quality"]
    png = np.asarray(Image.open(io.BytesIO(quality_thumbnail(path))).convert("RGBA"))
    with rasterio.open(path) as ds:
        full = ds.read(1)
    assert full.shape == (384, 384) and png.shape == (256, 256, 4)
    for value, rgb in CLASS_COLOURS.items():  # nearest decimation keeps the class shares
        share = np.all(png == (*rgb, 255), axis=-1).mean()
        assert share == pytest.approx((full == value).mean(), abs=0.02)
    assert np.isin(png.reshape(-1, 4)[:, :3].tolist(), [list(c) for c in CLASS_COLOURS.values()]).all()


def test_no_done_sheet_still_gives_empty_polygon_layers(campaign, tmp_path):
    failed = [r for r in campaign["records"] if r["state"] != "done"]
    paths = write_report(tmp_path, failed)
    for layer in LAYERS:
        info = pyogrio.read_info(paths["gpkg"], layer=layer)
        assert info["features"] == 0 and info["geometry_type"] == "Polygon"
        assert CRS.from_user_input(info["crs"]) == CRS.from_epsg(4326) and list(info["fields"]) == ["sheet_id"]
    page = _page(paths["html"])
    assert sum(int(a["data-count"]) for t, a in page.tags if t == "rect" and a.get("class") == "bar") == 0
    assert "No done sheet has an estimated IoU yet." in paths["html"].read_text(encoding="utf-8")
    with open(paths["csv"], newline="", encoding="utf-8") as f:
        assert [r["sheet_id"] for r in csv.DictReader(f)] == ["f01", "p01"]


class _CancelAt(NullProgress):
    """Asks to stop at the n-th cancellation check."""

    def __init__(self, n):
        super().__init__()
        self.n, self.calls = n, 0

    def is_canceled(self):
        self.calls += 1
        return self.calls >= self.n


@pytest.mark.parametrize("n", [1, 5, 8, 10])  # layer survey, merging, thumbnails, just before the commit
def test_cancel_leaves_no_report_files(campaign, tmp_path, n):
    with pytest.raises(Cancelled):
        write_report(tmp_path / "out", campaign["records"], _CancelAt(n))
    assert _report_entries(tmp_path / "out") == []


def test_cancelled_rerun_keeps_the_earlier_report(campaign, tmp_path):
    paths = write_report(tmp_path, campaign["same_crs"])
    before = {p.name: p.read_bytes() for p in paths.values()}
    with pytest.raises(Cancelled):
        write_report(tmp_path, campaign["records"], _CancelAt(5))
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_unreadable_sheet_geopackage_is_an_error_and_leaves_nothing(campaign, tmp_path):
    bad = tmp_path / "bad_assessment.gpkg"
    bad.write_bytes(b"not a geopackage")
    rec = dict(campaign["done"]["n01"], sheet_id="n99", outputs=dict(campaign["done"]["n01"]["outputs"],
                                                                       polygons=str(bad)))
    with pytest.raises(InputError, match="n99"):
        write_report(tmp_path / "out", campaign["records"] + [rec])
    assert _report_entries(tmp_path / "out") == []
