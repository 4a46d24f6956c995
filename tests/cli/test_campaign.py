"""Map-sheet campaigns (`segassess batch`, campaign.run_campaign) on a real Dask LocalCluster
over loopback: equality with sheet-by-sheet runs, a worker killed mid-sheet, resume and
change detection, failed sheets, and seamless sheet-index mode over a VRT mosaic."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from shapely.geometry import box


from segassess.cli.campaign import CampaignSettings, plan_local_cluster, run_campaign
from segassess.core.assess.assessors import ReferenceAssessor
from segassess.core.common.errors import InputError
from segassess.core.assess.job import AnnotationSpec, AssessJob
from segassess.core.campaign.manifest import Manifest
from segassess.core.common.files import file_sha256
from segassess.core.assess.pipeline import run_assessment
from segassess.core.synthetic.scene import write_sheet_grid as make_campaign
from segassess.core.campaign.sheets import discover_sheets, grid_aligned_span
from segassess.core.assess.tiling import plan_tiles

pytestmark = pytest.mark.timeout(600)
TILE, OVERLAP = 128, 32
OUTPUT_SUFFIXES = ("_quality.tif", "_quality.qml", "_confidence.tif", "_assessment.gpkg", "_summary.json")


@pytest.fixture(scope="module")
def camp(tmp_path_factory):
    return make_campaign(tmp_path_factory.mktemp("campaign"), n=6, size=192)


def _settings(out_dir, **kw):
    base = dict(out_dir=Path(out_dir), assessor="reference", tile_size=TILE, overlap=OVERLAP, workers=2)
    base.update(kw)
    return CampaignSettings(**base)


def _sheets(camp, folder=None):
    return discover_sheets(folder or camp["images"], AnnotationSpec(camp["inventory"]), AnnotationSpec(camp["truth"]))


@pytest.fixture(scope="module")
def one_by_one(camp, tmp_path_factory):
    """Each sheet run on its own, in this process, with the plain pipeline."""
    out = tmp_path_factory.mktemp("one_by_one")
    results = {}
    for s in _sheets(camp):
        job = AssessJob(image=s.image, annotation=s.annotation, truth=s.truth, out_dir=out / s.sheet_id,
                        tile_size=TILE, overlap=OVERLAP, prefix=f"{s.sheet_id}_")
        results[s.sheet_id] = run_assessment(job, ReferenceAssessor())
    return results


def _read(path):
    with rasterio.open(path) as ds:
        return ds.read(1)


def _assert_matches(out_dir, one_by_one):
    for sid, ref in one_by_one.items():
        folder = Path(out_dir) / "sheets" / sid
        names = sorted(p.name for p in folder.iterdir())
        assert names == sorted(sid + suffix for suffix in OUTPUT_SUFFIXES), names  # one set, nothing partial
        np.testing.assert_array_equal(_read(folder / f"{sid}_quality.tif"), _read(ref.quality))
        summary = json.loads((folder / f"{sid}_summary.json").read_text())
        assert summary["estimated"] == ref.summary_data["estimated"]
        assert summary["pixels"] == ref.summary_data["pixels"]
        for layer in ("false_positive", "false_negative", "scored_features"):
            a = gpd.read_file(folder / f"{sid}_assessment.gpkg", layer=layer)
            b = gpd.read_file(ref.polygons, layer=layer)
            assert len(a) == len(b)
            if layer == "scored_features":
                np.testing.assert_allclose(a["est_iou"].to_numpy(float), b["est_iou"].to_numpy(float))


def test_campaign_on_two_workers_equals_sheet_by_sheet(camp, one_by_one, tmp_path):
    events = []
    result = run_campaign(_sheets(camp), _settings(tmp_path), on_event=events.append)
    assert (result.done, result.failed, result.skipped) == (6, 0, 0)
    _assert_matches(tmp_path, one_by_one)
    # the manifest: every sheet done, once, with checksums of the files that are there
    with Manifest(tmp_path) as m:
        recs = m.records()
    assert [r["sheet_id"] for r in recs] == camp["ids"]
    assert all(r["state"] == "done" and r["attempts"] == 1 for r in recs)
    for r in recs:
        for out in r["outputs"].values():
            assert file_sha256(out["path"]) == out["sha256"]
    assert [e["event"] for e in events] == ["start"] + ["sheet"] * 6 + ["report", "end"]
    assert events[0]["todo"] == 6
    # the merged report holds every sheet's polygons, tagged with their sheet
    merged = gpd.read_file(result.report["gpkg"], layer="false_positive")
    per_sheet = {sid: len(gpd.read_file(r.polygons, layer="false_positive")) for sid, r in one_by_one.items()}
    assert merged["sheet_id"].value_counts().to_dict() == {k: v for k, v in per_sheet.items() if v}
    assert result.report["csv"].is_file() and result.report["html"].is_file()


def _kill_a_worker_mid_sheet(camp, out_dir, allowed_failures):
    """Run the campaign on a 2-worker cluster and SIGKILL the worker writing the first sheet seen in
    staging. Returns (campaign result, killed sheet id, staging still there after the kill)."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": allowed_failures,
                          "distributed.scheduler.worker-saturation": 1.0}):  # as the README says for clusters
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=50)
    client = Client(cluster)
    try:
        pids = client.run(os.getpid)  # worker address -> process id
        box_ = {}
        runner = threading.Thread(target=lambda: box_.update(
            result=run_campaign(_sheets(camp), _settings(out_dir, scheduler=cluster.scheduler_address))))
        runner.start()
        killed = staging_left = None
        deadline = time.time() + 120
        while killed is None and time.time() < deadline and runner.is_alive():
            staging = list((out_dir / "sheets").glob("*/.segassess-partial-*"))
            if staging:  # a worker is writing a sheet: kill the one holding that sheet's task
                sid = staging[0].parent.name
                for addr, keys in client.processing().items():
                    if any(isinstance(k, tuple) and k[-1] == sid for k in keys):  # (group, sheet id)
                        os.kill(pids[addr], signal.SIGKILL)
                        killed, staging_left = sid, staging[0].exists()
            time.sleep(0.002)
        runner.join(300)
        assert killed is not None, "the campaign finished before a worker could be killed"
        assert len(set(client.run(os.getpid).values()) - set(pids.values())) == 1  # the nanny restarted it
        return box_["result"], killed, staging_left
    finally:
        client.close()
        cluster.close()


def test_killed_worker_mid_sheet_the_campaign_completes_once(camp, one_by_one, tmp_path):
    result, _, staging_left = _kill_a_worker_mid_sheet(camp, tmp_path, allowed_failures=3)
    assert staging_left  # killed mid-sheet: its half-written staging folder was still there
    assert (result.done, result.failed) == (6, 0)
    assert list(tmp_path.rglob(".segassess-partial-*")) == []
    _assert_matches(tmp_path, one_by_one)
    with Manifest(tmp_path) as m:
        assert all(r["state"] == "done" and r["attempts"] == 1 for r in m.records())


def test_a_sheet_that_kills_its_workers_too_often_is_recorded_failed(camp, tmp_path):
    result, killed, _ = _kill_a_worker_mid_sheet(camp, tmp_path, allowed_failures=0)
    assert (result.done, result.failed) == (5, 1)
    (rec,) = [r for r in result.records if r["state"] == "failed"]
    assert rec["sheet_id"] == killed and "died" in rec["error"]
    assert not (tmp_path / "sheets" / killed / f"{killed}_summary.json").exists()


def _mtimes(out_dir):
    return {p.name: p.stat().st_mtime_ns for p in (Path(out_dir) / "sheets").rglob("*") if p.is_file()}


def test_rerun_skips_finished_sheets_and_redoes_only_what_changed(camp, tmp_path):
    folder = tmp_path / "images"
    shutil.copytree(camp["images"], folder)
    sheets = _sheets(camp, folder)
    first = run_campaign(sheets, _settings(tmp_path / "out", workers=1))
    assert first.done == 6
    before = _mtimes(tmp_path / "out")

    again = run_campaign(_sheets(camp, folder), _settings(tmp_path / "out", workers=1))
    assert (again.done, again.failed, again.skipped) == (0, 0, 6)
    assert _mtimes(tmp_path / "out") == before  # nothing rewritten

    touched = folder / "s04.tif"
    st = touched.stat()
    os.utime(touched, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    third = run_campaign(_sheets(camp, folder), _settings(tmp_path / "out", workers=1))
    assert (third.done, third.skipped) == (1, 5)
    after = _mtimes(tmp_path / "out")
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed and all(name.startswith("s04_") for name in changed)

    # a deleted output makes its sheet stale; a changed parameter makes every sheet stale
    (tmp_path / "out" / "sheets" / "s02" / "s02_confidence.tif").unlink()
    fourth = run_campaign(_sheets(camp, folder), _settings(tmp_path / "out", workers=1))
    assert (fourth.done, fourth.skipped) == (1, 5)
    fifth = run_campaign(_sheets(camp, folder), _settings(tmp_path / "out", workers=1, min_area=1.0))
    assert (fifth.done, fifth.skipped) == (6, 0), [r.get("error") for r in fifth.records]

    # an input that breaks after a sheet was done: the sheet fails, and its old files no longer look complete
    (folder / "s05.tif").write_bytes(b"not a tiff")
    sixth = run_campaign(_sheets(camp, folder), _settings(tmp_path / "out", workers=1, min_area=1.0))
    assert (sixth.done, sixth.failed, sixth.skipped) == (0, 1, 5)
    assert not (tmp_path / "out" / "sheets" / "s05" / "s05_summary.json").exists()


def test_corrupt_and_misplaced_sheets_fail_with_reasons_and_the_rest_finish(camp, tmp_path):
    from segassess.cli.main import main
    from segassess.core.synthetic.scene import generate_scene, write_scene

    folder = tmp_path / "images"
    folder.mkdir()
    for sid in ("s01", "s02"):
        shutil.copy(camp["images"] / f"{sid}.tif", folder)
    (folder / "broken.tif").write_bytes(b"II*\x00" + os.urandom(2000))
    far = write_scene(generate_scene(5, size=128, crs="EPSG:32618", origin=(300000.0, 4100000.0)), tmp_path / "far")
    shutil.copy(far["image"], folder / "elsewhere.tif")

    rc = main(["batch", "--sheets", str(folder), "--annotation", str(camp["inventory"]), "--truth", str(camp["truth"]),
               "--assessor", "reference", "--tile-size", str(TILE), "--overlap", str(OVERLAP), "--workers", "2",
               "--out-dir", str(tmp_path / "out"), "--progress", "none"])
    assert rc == 1  # some sheets failed; the report is still written
    with Manifest(tmp_path / "out") as m:
        recs = {r["sheet_id"]: r for r in m.records()}
    assert recs["s01"]["state"] == recs["s02"]["state"] == "done"
    assert recs["broken"]["state"] == "failed" and "broken.tif" in recs["broken"]["error"]
    # a sheet where the inventory records nothing is assessed: every object on it is a missed object
    assert recs["elsewhere"]["state"] == "done" and recs["elsewhere"]["summary"]["features"]["count"] == 0
    assert not (tmp_path / "out" / "sheets" / "broken" / "broken_summary.json").exists()
    import csv

    with open(tmp_path / "out" / "campaign_sheets.csv", newline="") as f:
        rows = {r["sheet_id"]: r for r in csv.DictReader(f)}
    assert rows["broken"]["status"] == "failed" and rows["broken"]["error"] == recs["broken"]["error"]
    assert rows["s01"]["status"] == "done"


@pytest.fixture(scope="module")
def mosaic(tmp_path_factory):
    """Two adjacent 384 px GeoTIFFs, a VRT over both, and a sheet index that cuts the VRT at
    x = 300 px (not at the files' boundary)."""
    if shutil.which("gdalbuildvrt") is None:
        pytest.skip("gdalbuildvrt (Debian gdal-bin, installed by scripts/setup.sh) is missing")
    d = tmp_path_factory.mktemp("mosaic")
    c = make_campaign(d, n=2, size=384, cols=2, seed=3)
    vrt = d / "mosaic.vrt"
    subprocess.run(["gdalbuildvrt", str(vrt)] + [str(p) for p in sorted(c["images"].glob("*.tif"))],
                   check=True, capture_output=True)
    with rasterio.open(vrt) as ds:
        b, t = ds.bounds, ds.transform
    xs = b.left + 300 * t.a
    index = gpd.GeoDataFrame({"sheet": ["west", "east"]},
                             geometry=[box(b.left, b.bottom, xs, b.top), box(xs, b.bottom, b.right, b.top)],
                             crs="EPSG:32618").to_crs("EPSG:4326")  # the index may be in another CRS
    index.to_file(d / "index.gpkg", layer="sheets")
    return {**c, "vrt": vrt, "index": d / "index.gpkg", "dir": d}


def _sheet_mosaic(out_dir):
    west, east = (_read(Path(out_dir) / "sheets" / s / f"{s}_quality.tif") for s in ("west", "east"))
    return np.concatenate([west, east], axis=1)


def test_sheet_index_over_a_vrt_is_seamless(mosaic, tmp_path):
    from segassess.models.engines import make_assessor
    from segassess.models.registry import demo_model_path

    ann = AnnotationSpec(mosaic["inventory"])
    sheets = discover_sheets(mosaic["index"], ann, AnnotationSpec(mosaic["truth"]), mosaic=mosaic["vrt"],
                             id_field="sheet", tile_size=256, overlap=64)
    assert [s.sheet_id for s in sheets] == ["west", "east"]
    assert [s.core_window[2] for s in sheets] == [300, 468] and all(s.image.startswith("vrt://") for s in sheets)

    # the network sees context across the boundary: the sheets together equal one run over the whole mosaic
    # fp32: reduced-precision products depend slightly on the batch a tile shares (test_precision.py)
    model = demo_model_path()
    result = run_campaign(sheets, _settings(tmp_path / "net", assessor="network", model=model, tile_size=256,
                                            overlap=64, workers=1, precision="fp32"))
    assert result.done == 2
    whole = run_assessment(AssessJob(image=mosaic["vrt"], annotation=ann, out_dir=tmp_path / "whole", tile_size=256,
                                     overlap=64), make_assessor(model, tile_size=256, precision="fp32"))
    joined = _sheet_mosaic(tmp_path / "net")
    reference = _read(whole.quality)
    assert joined.shape == reference.shape
    assert (joined == reference).mean() >= 0.9999
    # without context each sheet is an image of its own, and the two runs disagree near the cut
    bare = discover_sheets(mosaic["index"], ann, mosaic=mosaic["vrt"], id_field="sheet", margin_px=0)
    run_campaign(bare, _settings(tmp_path / "bare", assessor="network", model=model, tile_size=256, overlap=64,
                                 workers=1))
    band = slice(300 - 24, 300 + 24)
    assert (_sheet_mosaic(tmp_path / "bare")[:, band] == reference[:, band]).mean() < 0.99

    # exact assessor: pixel counts add up, and every feature is scored once, by the sheet holding it
    ref = run_campaign(sheets, _settings(tmp_path / "ref", tile_size=256, overlap=64, workers=1))
    whole_ref = run_assessment(AssessJob(image=mosaic["vrt"], annotation=ann, truth=AnnotationSpec(mosaic["truth"]),
                                         out_dir=tmp_path / "whole_ref", tile_size=256, overlap=64), ReferenceAssessor())
    np.testing.assert_array_equal(_sheet_mosaic(tmp_path / "ref"), _read(whole_ref.quality))
    pixels = [r["summary"]["pixels"] for r in ref.records]
    assert {k: sum(p[k] for p in pixels) for k in pixels[0]} == whole_ref.summary_data["pixels"]
    merged = gpd.read_file(ref.report["gpkg"], layer="scored_features")
    whole_feats = gpd.read_file(whole_ref.polygons, layer="scored_features")
    assert sorted(merged["source_fid"]) == sorted(whole_feats["source_fid"])
    assert merged.crs.to_epsg() == 32618


def test_discover_sheets_from_lists_patterns_and_bad_input(camp, tmp_path):
    ann = AnnotationSpec(camp["inventory"])
    (tmp_path / "list.csv").write_text("id,image\nA,{0}/s01.tif\nB,{0}/s02.tif\n".format(camp["images"]))
    sheets = discover_sheets(tmp_path / "list.csv", ann)
    assert [s.sheet_id for s in sheets] == ["A", "B"] and sheets[1].image.endswith("s02.tif")
    (tmp_path / "list.yaml").write_text(f"sheets:\n  - image: {camp['images']}/s03.tif\n    annotation: ann/{{sheet}}.gpkg\n")
    (one,) = discover_sheets(tmp_path / "list.yaml", None)
    assert one.sheet_id == "s03" and one.annotation.path == tmp_path / "ann" / "s03.gpkg"
    per_sheet = discover_sheets(camp["images"], AnnotationSpec(Path("/data/{sheet}/inv.gpkg")))
    assert per_sheet[3].annotation.path == Path("/data/s04/inv.gpkg")

    (tmp_path / "dup.csv").write_text("id,image\nA,x.tif\nA,y.tif\n")
    with pytest.raises(InputError, match="appears twice"):
        discover_sheets(tmp_path / "dup.csv", ann)
    with pytest.raises(InputError, match="--mosaic"):
        discover_sheets(camp["inventory"], ann)
    with pytest.raises(InputError, match="do not exist"):
        discover_sheets(tmp_path / "nope", ann)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no GeoTIFF"):
        discover_sheets(tmp_path / "empty", ann)


@pytest.mark.parametrize("length,tile,overlap", [(1000, 256, 64), (777, 128, 32), (2048, 512, 64), (300, 512, 64)])
def test_grid_aligned_span_holds_every_whole_run_tile_with_the_same_weights(length, tile, overlap):
    whole = {t.col: t for t in plan_tiles(1, length, tile, overlap)}
    rng = np.random.default_rng(length)
    for _ in range(200):
        a = int(rng.integers(0, length - 1))
        b = int(rng.integers(a + 1, length + 1))
        s0, s1 = grid_aligned_span(a, b, length, tile, overlap)
        assert 0 <= s0 <= a and b <= s1 <= length
        own = {t.col + s0: t for t in plan_tiles(1, s1 - s0, tile, overlap)}
        for col, t in whole.items():
            if col < b and col + t.width > a:  # the whole run's tiles that touch [a, b)
                assert col in own
                # an edge of the span that is not an edge of the axis has no ramp; it must lie outside [a, b)
                if own[col].left and not t.left:
                    assert col + overlap <= a
                if own[col].right and not t.right:
                    assert col + t.width - overlap >= b


def test_local_cluster_plan_fits_cores_memory_and_gpus(tmp_path):
    s = _settings(tmp_path, workers=0, assessor="network")
    gb = 1024 ** 3
    assert vars(plan_local_cluster(100, s, cores=2, memory=24 * gb, gpus=0)) == \
        {"workers": 2, "torch_threads": 1, "gpus": 0, "memory_limit": 12 * gb}
    assert plan_local_cluster(1, s, cores=8, memory=64 * gb, gpus=0).torch_threads == 8  # one sheet: one worker
    assert plan_local_cluster(100, s, cores=16, memory=8 * gb, gpus=0).workers == 2      # memory-bound
    assert plan_local_cluster(100, s, cores=16, memory=128 * gb, gpus=2).workers == 2    # one per GPU
    assert plan_local_cluster(100, _settings(tmp_path, workers=3), cores=2, memory=24 * gb, gpus=0).workers == 3


def test_big_annotation_layer_is_read_only_near_the_sheet(camp, tmp_path):
    from segassess.core.assess.annotation import read_vector
    from segassess.core.assess.inputs import ImageSource
    from segassess.core.common.progress import NullProgress

    inv = gpd.read_file(camp["inventory"])
    image = ImageSource(camp["images"] / "s01.tif")
    try:
        assert len(read_vector(AnnotationSpec(camp["inventory"]), image, NullProgress())) == len(inv)  # single runs
        near = read_vector(AnnotationSpec(camp["inventory"], near_image_only=True), image, NullProgress())
        sheet_box = box(*image.bounds())
        expected = inv[inv.geometry.intersects(sheet_box.buffer(1.0))]
        assert len(near) < len(inv) / 3
        assert set(expected["sheet"]) >= set(near["sheet"])  # neighbours' features only when they reach in
        assert len(near) >= (inv["sheet"] == "s01").sum() * 0.9
        far = inv.assign(geometry=inv.geometry.translate(1e5, 0))
        far.to_file(tmp_path / "far.gpkg")
        # an inventory that records nothing on a sheet: an empty sheet, said once, as information (issue 12)
        progress = NullProgress()
        assert len(read_vector(AnnotationSpec(tmp_path / "far.gpkg", near_image_only=True), image, progress)) == 0
        assert progress.warnings == [] and any("lies" in m and "km away" in m for m in progress.messages)
    finally:
        image.close()


def test_cli_terminated_mid_campaign_keeps_finished_sheets_and_resumes(camp, tmp_path):
    cmd = [sys.executable, "-m", "segassess.cli", "batch", "--sheets", str(camp["images"]), "--annotation",
           str(camp["inventory"]), "--truth", str(camp["truth"]), "--assessor", "reference", "--tile-size", str(TILE),
           "--overlap", str(OVERLAP), "--workers", "1", "--out-dir", str(tmp_path), "--progress", "jsonl"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    events = []
    for line in proc.stdout:
        events.append(json.loads(line))
        if events[-1]["event"] == "sheet":
            proc.send_signal(signal.SIGTERM)
            break
    rest, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "run the same command again to resume" in err
    assert events[0] == {"event": "start", "total": 6, "todo": 6, "skipped": 0, "dashboard": events[0]["dashboard"]}
    assert not (tmp_path / "campaign_report.html").exists()  # no report for an unfinished campaign
    with Manifest(tmp_path) as m:
        finished = [r["sheet_id"] for r in m.records() if r["state"] == "done"]
    assert 1 <= len(finished) < 6

    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    lines = [json.loads(x) for x in again.stdout.splitlines()]
    assert lines[0]["skipped"] == len(finished) and lines[0]["todo"] == 6 - len(finished)
    assert lines[-1] == {"event": "end", "done": 6 - len(finished), "failed": 0, "skipped": len(finished)}
    assert (tmp_path / "campaign_report.html").is_file()


def test_a_second_campaign_in_the_same_folder_is_refused(camp, tmp_path):
    from segassess.cli.campaign import campaign_lock

    with campaign_lock(tmp_path):
        with pytest.raises(InputError, match="Another campaign is running"):
            run_campaign(_sheets(camp), _settings(tmp_path, workers=1))
    assert not (tmp_path / "sheets").exists()
    assert run_campaign(_sheets(camp)[:1], _settings(tmp_path, workers=1)).done == 1  # the lock went with its holder


def test_the_folder_lock_holds_across_processes_and_dies_with_its_holder(tmp_path):
    """The lock of another driver process refuses a campaign; a driver killed outright leaves no stale lock."""
    from segassess.cli.campaign import campaign_lock

    code = ("import sys, time; from pathlib import Path; from segassess.cli.campaign import campaign_lock\n"
            "with campaign_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(120)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(InputError, match="Another campaign is running"):
            with campaign_lock(tmp_path):
                pass
    finally:
        holder.kill()
        holder.wait(30)
        holder.stdout.close()
    with campaign_lock(tmp_path):  # SIGKILL: no clean-up ran, the OS released the lock
        assert (tmp_path / "campaign.lock").exists()


def _load_count():
    from segassess.models import engines

    return engines.load_count()


def test_each_worker_loads_the_model_once(camp, tmp_path):
    import dask
    from distributed import Client, LocalCluster

    from segassess.models.registry import demo_model_path

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=50)
    try:
        with Client(cluster) as client:
            result = run_campaign(_sheets(camp), _settings(tmp_path, assessor="network", model=demo_model_path(),
                                                           tile_size=256, overlap=64,
                                                           scheduler=cluster.scheduler_address))
            assert (result.done, result.failed) == (6, 0)
            loads = client.run(_load_count)  # worker address -> models loaded by that process
    finally:
        cluster.close()
    assert sorted(loads.values()) in ([1, 1], [0, 1])  # 6 sheets, at most one model load per worker
    workers = {r["worker"] for r in result.records}
    assert len(workers) == sum(loads.values())


def test_sheets_of_a_16_bit_mosaic_share_the_mosaic_stretch(mosaic, tmp_path):
    """Percentiles computed per sheet window would stretch the two sheets differently (here the east
    file is brighter); the campaign stretches every sheet with the whole mosaic's limits, so the
    joined sheets still equal one run over the mosaic."""
    from segassess.models.engines import make_assessor
    from segassess.models.registry import demo_model_path

    files = []
    for i, tif in enumerate(sorted(mosaic["images"].glob("*.tif"))):
        with rasterio.open(tif) as src:
            data, profile = src.read().astype(np.uint16), src.profile
        profile.update(dtype="uint16", photometric="RGB")
        files.append(tmp_path / f"u16_{i}.tif")
        with rasterio.open(files[-1], "w", **profile) as dst:
            dst.write(data * 40 + (4000 if i else 0))
    vrt = tmp_path / "mosaic16.vrt"
    subprocess.run(["gdalbuildvrt", str(vrt)] + [str(f) for f in files], check=True, capture_output=True)
    ann = AnnotationSpec(mosaic["inventory"])
    sheets = discover_sheets(mosaic["index"], ann, mosaic=vrt, id_field="sheet", tile_size=256, overlap=64)
    model = demo_model_path()
    result = run_campaign(sheets, _settings(tmp_path / "out", assessor="network", model=model, tile_size=256,
                                            overlap=64, workers=1, precision="fp32"))
    assert result.done == 2
    whole = run_assessment(AssessJob(image=vrt, annotation=ann, out_dir=tmp_path / "whole", tile_size=256,
                                     overlap=64), make_assessor(model, tile_size=256, precision="fp32"))
    assert (_sheet_mosaic(tmp_path / "out") == _read(whole.quality)).mean() >= 0.9999


def test_a_moved_campaign_folder_still_resumes(camp, tmp_path):
    first = run_campaign(_sheets(camp)[:2], _settings(tmp_path / "a", workers=1))
    assert first.done == 2
    shutil.move(str(tmp_path / "a"), str(tmp_path / "b"))  # e.g. from cluster scratch to the archive
    again = run_campaign(_sheets(camp)[:2], _settings(tmp_path / "b", workers=1))
    assert (again.done, again.skipped) == (0, 2)
    assert all(Path(o["path"]).is_relative_to(tmp_path / "b") for r in again.records for o in r["outputs"].values())
    merged = gpd.read_file(again.report["gpkg"], layer="scored_features")
    assert set(merged["sheet_id"]) == {"s01", "s02"}


def test_a_sheet_list_may_set_a_sheets_bands_and_stretch(camp, tmp_path):
    """The one sheet-list format: a row's bands/stretch are honoured by campaigns as by training."""
    from segassess.cli.campaign import assess_sheet

    (tmp_path / "l.yaml").write_text(f"sheets:\n- {{id: own, image: {camp['images']}/s01.tif, bands: [3, 2, 1], "
                                     f"stretch: percentile}}\n- {{id: run, image: {camp['images']}/s02.tif}}\n")
    own, run = discover_sheets(tmp_path / "l.yaml", AnnotationSpec(camp["inventory"]), AnnotationSpec(camp["truth"]))
    settings = _settings(tmp_path / "out", bands=(1, 2, 3), stretch="none")
    params = {s.sheet_id: assess_sheet(s, settings)["summary"]["parameters"] for s in (own, run)}
    assert (params["own"]["bands"], params["own"]["stretch"]) == ([3, 2, 1], "percentile")
    assert (params["run"]["bands"], params["run"]["stretch"]) == ([1, 2, 3], "none")
