"""Faults and bad inputs through the real console script (issue 12): every failure is one line on
stderr with exit status 2 (130 when stopped), and nothing that looks finished is left behind."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import rasterio

EXE = [sys.executable, "-m", "segassess.cli"]


def run(*args, timeout=600):
    return subprocess.run(EXE + [str(a) for a in args], capture_output=True, text=True, timeout=timeout)


def one_line_error(r, *words):
    assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr[-2000:]
    for w in words:
        assert w.lower() in lines[0].lower(), lines[0]
    return lines[0]


def leftovers(folder: Path):
    return sorted(p.name for p in Path(folder).iterdir()) if Path(folder).exists() else []


def big_image(path: Path, fx, size=1024):
    """A size x size px image on the grid of the fixture (so its annotation lies inside)."""
    rng = np.random.default_rng(0)
    with rasterio.open(fx.image) as src:
        crs, t = src.crs, src.transform
    prof = dict(driver="GTiff", width=size, height=size, count=3, dtype="uint8", crs=crs, transform=t, tiled=True)
    with rasterio.open(path, "w", **prof) as ds:
        ds.write(rng.integers(0, 255, (3, size, size), dtype=np.uint8))
    return path


def reference_args(fx, out_dir, *extra):
    return ["reference", "--image", fx.image, "--annotation", fx.vector, "--truth", fx.vector, "--tile-size", 64,
            "--overlap", 16, "--out-dir", out_dir, "--quiet", "--keep-probabilities", *extra]


# ----------------------------------------------------------------------------- item 1: disk full
def test_full_disk_is_one_line_and_leaves_nothing(make_fixture, small_filesystem):
    fx = make_fixture("utm")
    failed = 0
    for size in ("8k", "64k", "128k", "160k"):  # filling up while writing rasters, the GeoPackage, the summary
        out = small_filesystem(size) / "o"
        r = run(*reference_args(fx, out))
        if r.returncode == 0:
            continue
        failed += 1
        one_line_error(r, "no space left on device", str(out))
        assert leftovers(out) == [], f"{size}: {leftovers(out)}"
    assert failed >= 3
    out = small_filesystem("2m") / "o"
    assert run(*reference_args(fx, out)).returncode == 0  # the same run fits on a larger disk


def test_read_only_destination(make_fixture, small_filesystem):
    fx = make_fixture("utm")
    fs = small_filesystem("1m")
    (fs / "o").mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(fs)], check=True)
    one_line_error(run(*reference_args(fx, fs / "o")), "not writable")
    one_line_error(run(*reference_args(fx, fs / "new")), "read-only")


# ----------------------------------------------------------------------------- item 6: SIGTERM, stale staging
def _start_and_wait_for_staging(args, out: Path):
    proc = subprocess.Popen(EXE + [str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list(out.glob(".segassess-partial-*")):
        if proc.poll() is not None:
            pytest.fail(f"the run ended before staging anything: {proc.communicate()[1][-1000:]}")
        time.sleep(0.05)
    assert list(out.glob(".segassess-partial-*"))
    time.sleep(0.3)  # inside the tile loop
    return proc


def test_sigterm_removes_the_staging_folder(make_fixture, tmp_path):
    fx = make_fixture("utm")
    image = big_image(tmp_path / "big.tif", fx)
    out = tmp_path / "o"
    proc = _start_and_wait_for_staging(["assess", "--image", image, "--annotation", fx.vector, "--tile-size", 256,
                                        "--overlap", 32, "--batch-size", 1, "--out-dir", out, "--quiet"], out)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-2000:]
    assert len(err.strip().splitlines()) == 1 and "no output was written" in err
    assert leftovers(out) == []


def test_staging_of_dead_runs_is_swept(make_fixture, tmp_path):
    fx = make_fixture("utm")
    image = big_image(tmp_path / "big.tif", fx)
    out = tmp_path / "o"
    args = ["assess", "--image", image, "--annotation", fx.vector, "--tile-size", 256, "--overlap", 32,
            "--batch-size", 1, "--out-dir", out, "--quiet"]
    proc = _start_and_wait_for_staging(args, out)
    proc.kill()  # SIGKILL: no handler runs, the staging folder stays
    proc.communicate()
    (killed,) = out.glob(".segassess-partial-*")
    assert any(killed.iterdir())
    host = socket.gethostname()
    alive = out / f".segassess-partial-{os.getpid()}-{host}-keep"  # a run still going (this process)
    alive.mkdir()
    old_foreign = out / ".segassess-partial-1-otherhost-abc"  # another machine's, untouched for two days
    old_foreign.mkdir()
    os.utime(old_foreign, (time.time() - 2 * 86400,) * 2)
    r = run("reference", "--image", fx.image, "--annotation", fx.vector, "--truth", fx.vector, "--tile-size", 64,
            "--overlap", 16, "--out-dir", out, "--quiet")
    assert r.returncode == 0, r.stderr
    assert not killed.exists() and not old_foreign.exists() and alive.exists()


# ----------------------------------------------------------------------------- item 4: NaN weights
def test_model_with_nan_weights_is_refused(make_fixture, tmp_path):
    import torch

    from segassess.models.checkpoint import save_checkpoint
    from segassess.models.network import build_model

    model = build_model("tiny", 64)
    with torch.no_grad():
        next(model.parameters()).fill_(float("nan"))
    path = save_checkpoint(model, tmp_path / "nan.safetensors")
    fx = make_fixture("utm")
    out = tmp_path / "o"
    one_line_error(run("assess", "--image", fx.image, "--annotation", fx.vector, "--model", path, "--tile-size", 64,
                       "--overlap", 16, "--out-dir", out), "non-finite", "nan.safetensors")
    assert leftovers(out) == []


# ----------------------------------------------------------------------------- item 9: strict JSON
def test_compare_json_is_strict_json(tmp_path):
    """A class absent from both maps has undefined metrics: null in the JSON report, not NaN."""
    import json

    q = np.full((20, 30), 3, np.uint8)
    q[5:10, 5:10] = 1
    prof = dict(driver="GTiff", width=30, height=20, count=1, dtype="uint8", crs="EPSG:32618",
                transform=rasterio.Affine(1, 0, 500000, 0, -1, 4500000), nodata=0)
    path = tmp_path / "q.tif"
    with rasterio.open(path, "w", **prof) as ds:
        ds.write(q, 1)
    r = run("compare", "--predicted", path, "--reference", path, "--json", tmp_path / "m.json")
    assert r.returncode == 0, r.stderr
    doc = json.loads((tmp_path / "m.json").read_text(), parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))
    assert doc["classes"]["FP"]["f1"] is None and doc["mF1"] == 1.0


# ----------------------------------------------------------------------------- item 5: unreadable pixels
def _truncated_copy(src, path):
    with rasterio.open(src) as ds:
        prof = ds.profile | dict(tiled=True, blockxsize=64, blockysize=64, compress="deflate")
        data = ds.read()
    with rasterio.open(path, "w", **prof) as out:
        out.write(data)
    blob = path.read_bytes()
    path.write_bytes(blob[: len(blob) // 2])
    return path


def test_unreadable_pixels_in_assess_reference_and_compare(make_fixture, tmp_path):
    fx = make_fixture("utm")
    bad = _truncated_copy(fx.image, tmp_path / "cut.tif")
    for cmd in (["assess", "--tile-size", 64, "--overlap", 16], ["reference", "--truth", fx.vector, "--tile-size", 64,
                                                                  "--overlap", 16]):
        out = tmp_path / cmd[0]
        one_line_error(run(cmd[0], "--image", bad, "--annotation", fx.vector, *cmd[1:], "--out-dir", out, "--quiet"),
                       "cut.tif", "TIFFFillTile")
        assert leftovers(out) == []
    good = run(*reference_args(fx, tmp_path / "ok"))
    assert good.returncode == 0, good.stderr
    quality = tmp_path / "ok" / "utm_quality.tif"
    cut_quality = _truncated_copy(quality, tmp_path / "cut_quality.tif")
    one_line_error(run("compare", "--predicted", cut_quality, "--reference", quality), "cut_quality.tif", "TIFF")
    one_line_error(run("compare", "--predicted", tmp_path / "nope.tif", "--reference", quality), "nope.tif",
                   "not found")


def test_batch_records_the_reason_of_an_unreadable_sheet(make_fixture, tmp_path):
    import csv

    fx = make_fixture("utm")
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    _truncated_copy(fx.image, sheets / "cut.tif")
    r = run("batch", "--sheets", sheets, "--annotation", fx.vector, "--truth", fx.vector, "--assessor", "reference",
            "--tile-size", 64, "--overlap", 16, "--workers", 1, "--out-dir", tmp_path / "out", "--progress", "none")
    assert r.returncode == 1, r.stderr
    with open(tmp_path / "out" / "campaign_sheets.csv", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["status"] == "failed" and "cut.tif" in row["error"] and "TIFFFillTile" in row["error"]


# ----------------------------------------------------------------------------- item 7: tile size and memory
def test_tile_size_is_bounded_and_memory_estimated(make_fixture, tmp_path):
    import resource

    fx = make_fixture("utm")
    out = tmp_path / "o"
    one_line_error(run("assess", "--image", fx.image, "--annotation", fx.vector, "--tile-size", 100000,
                       "--out-dir", out, "--quiet"), "at most 4096")

    def limit():  # an address-space limit well below what 2048 px tiles need
        resource.setrlimit(resource.RLIMIT_AS, (12 << 30, 12 << 30))

    r = subprocess.run(EXE + ["assess", "--image", str(fx.image), "--annotation", str(fx.vector), "--tile-size",
                              "2048", "--overlap", "64", "--batch-size", "4", "--out-dir", str(out), "--quiet"],
                       capture_output=True, text=True, timeout=600, preexec_fn=limit)
    line = one_line_error(r, "tile size 2048", "needs about", "available")
    assert "GiB" in line
    assert leftovers(out) == []


# ----------------------------------------------------------------------------- items 11, 12: layers
def test_layer_choice_and_geometry_type(make_fixture, tmp_path):
    import geopandas as gpd

    fx = make_fixture("utm")
    two = tmp_path / "two.gpkg"
    gdf = gpd.read_file(fx.vector)
    gdf.to_file(two, layer="buildings")
    gdf.to_file(two, layer="water")
    base = ["reference", "--image", fx.image, "--truth", fx.vector, "--tile-size", 64, "--overlap", 16, "--quiet"]
    one_line_error(run(*base, "--annotation", two, "--out-dir", tmp_path / "a"), "2 layers", "buildings, water",
                   "--layer")
    assert run(*base, "--annotation", two, "--layer", "water", "--out-dir", tmp_path / "b").returncode == 0
    points = tmp_path / "points.gpkg"
    gpd.GeoDataFrame(geometry=gdf.geometry.representative_point(), crs=gdf.crs).to_file(points)
    one_line_error(run(*base, "--annotation", points, "--out-dir", tmp_path / "c"), "points.gpkg", "Point",
                   "polygon")
    assert leftovers(tmp_path / "c") == []


# ----------------------------------------------------------------------------- items 15c, 16: models
def test_a_geotiff_given_as_model_is_named_as_such(make_fixture, tmp_path):
    fx = make_fixture("utm")
    line = one_line_error(run("assess", "--image", fx.image, "--annotation", fx.vector, "--model", fx.image,
                              "--out-dir", tmp_path / "o", "--quiet"), "utm.tif", "TIFF image")
    assert "pickled code" not in line


def test_model_and_checkpoint_are_one_option_everywhere():
    """Every command that takes a model accepts --model and --checkpoint, with one destination."""
    from segassess.cli.main import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    takes_model = {}
    for name, parser in sub.choices.items():
        actions = {s: a for a in parser._actions for s in a.option_strings}
        if "--model" in actions or "--checkpoint" in actions:
            takes_model[name] = actions
    assert {"assess", "batch", "evaluate", "export-onnx"} <= set(takes_model)
    for name, actions in takes_model.items():
        assert actions["--model"] is actions["--checkpoint"], name
        assert actions["--model"].dest == "model", name
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "--checkpoint" not in readme and "--model" in readme
