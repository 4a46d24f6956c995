"""The `segassess` console script: real subprocesses, exit codes, one-line errors, outputs."""
import json
import subprocess
import sys

import geopandas as gpd
import pytest

EXE = [sys.executable, "-m", "segassess.cli"]


def run(*args, cwd=None):
    return subprocess.run(EXE + [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=600)


def test_help_lists_commands():
    """Every registered command is listed by --help and answers its own --help (a broken one fails here)."""
    import re

    from segassess.cli.main import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    commands = sorted(sub.choices)
    assert {"assess", "reference", "compare", "demo", "export-onnx", "batch", "train", "evaluate"} <= set(commands)
    r = run("--help")
    assert r.returncode == 0
    listed = set(re.search(r"\{([^}]*)\}", r.stdout).group(1).split(","))
    assert listed == set(commands)
    for cmd in commands:
        h = run(cmd, "--help")
        assert h.returncode == 0 and h.stdout.startswith(f"usage: segassess {cmd}"), (cmd, h.stderr[-500:])
    r = run("reference", "--help")
    assert "--truth" in r.stdout and "--where" in r.stdout and "--overwrite" in r.stdout


def test_reference_then_compare(make_fixture, tmp_path):
    fx = make_fixture("utm")
    g = gpd.read_file(fx.vector)
    g["geometry"] = g.translate(2.0, 0)
    truth = tmp_path / "truth.geojson"
    g.to_file(truth)
    r = run("reference", "--image", fx.image, "--annotation", fx.vector, "--truth", truth, "--where", "kind = 'Building'",
            "--tile-size", 64, "--overlap", 16, "--out-dir", tmp_path / "o", "--quiet")
    assert r.returncode == 0, r.stderr
    assert "Estimated IoU of the annotation" in r.stdout
    quality = tmp_path / "o" / "utm_quality.tif"
    assert quality.exists()
    summary = json.loads((tmp_path / "o" / "utm_summary.json").read_text())
    assert summary["filter"] == "kind = 'Building'" and summary["features"]["count"] == 2
    # same map against itself: perfect scores
    r = run("compare", "--predicted", quality, "--reference", quality, "--json", tmp_path / "m.json")
    assert r.returncode == 0, r.stderr
    assert "mF1 100.00  mIoU 100.00" in r.stdout
    assert json.loads((tmp_path / "m.json").read_text())["mIoU"] == 1.0
    # second run refuses to overwrite: exit 2, one line
    r = run("reference", "--image", fx.image, "--annotation", fx.vector, "--truth", truth,
            "--tile-size", 64, "--overlap", 16, "--out-dir", tmp_path / "o", "--quiet")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "already exists" in r.stderr


def test_raster_annotation_is_detected(make_fixture, tmp_path):
    import rasterio

    fx = make_fixture("utm")
    mask = tmp_path / "mask.tif"
    with rasterio.open(fx.image) as src:
        prof = src.profile | {"count": 1}
    with rasterio.open(mask, "w", **prof) as ds:
        ds.write(fx.mask(), 1)
    r = run("reference", "--image", fx.image, "--annotation", mask, "--truth", fx.vector, "--tile-size", 64,
            "--overlap", 16, "--out-dir", tmp_path / "o", "--quiet")
    assert r.returncode == 0, r.stderr
    s = json.loads(next((tmp_path / "o").glob("*summary.json")).read_text())
    assert s["pixels"]["FP"] == 0 and s["pixels"]["FN"] == 0 and s["features"]["count"] == 3


@pytest.mark.parametrize("args,needle", [
    (["--tile-size", "100"], "multiple of 16"),
    (["--bands", "4"], "out of range"),
    (["--bands", "1,x"], "band numbers"),
    (["--buffer-m", "-3"], "0 m or more"),
])
def test_bad_input_exits_nonzero_with_one_line(make_fixture, tmp_path, args, needle):
    fx = make_fixture("utm")
    r = run("reference", "--image", fx.image, "--annotation", fx.vector, "--truth", fx.vector,
            "--out-dir", tmp_path / "o", "--quiet", *args)
    assert r.returncode == 2
    assert needle in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def make_image(folder):
    import numpy as np
    import rasterio

    path = folder / "img.tif"
    with rasterio.open(path, "w", driver="GTiff", width=32, height=32, count=3, dtype="uint8", crs="EPSG:32618",
                       transform=rasterio.Affine(1, 0, 500000, 0, -1, 4500000)) as ds:
        ds.write(np.zeros((3, 32, 32), np.uint8))
    return path


def test_missing_file(tmp_path):
    r = run("reference", "--image", tmp_path / "nope.tif", "--annotation", tmp_path / "a.gpkg",
            "--truth", tmp_path / "t.gpkg", "--out-dir", tmp_path / "o", "--quiet")
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    assert "not found" in r.stderr and str(tmp_path / "nope.tif") in r.stderr  # names the missing file
    assert not (tmp_path / "o").exists()
    image = make_image(tmp_path)
    r = run("reference", "--image", image, "--annotation", tmp_path / "a.gpkg",
            "--truth", image, "--out-dir", tmp_path / "o", "--quiet")
    assert r.returncode == 2 and "a.gpkg" in r.stderr and "does not exist" in r.stderr


def test_demo_writes_outputs_and_quicklook(tmp_path):
    r = run("demo", "--out-dir", tmp_path / "demo", "--size", 256, "--seed", 3)
    assert r.returncode == 0, r.stderr
    assert "generated, not real imagery" in r.stdout
    assert "Estimated IoU of the annotation" in r.stdout and "Worst features" in r.stdout
    from PIL import Image

    png = tmp_path / "demo" / "demo_quicklook.png"
    with Image.open(png) as im:
        assert im.size == (3 * 256 + 16, 256)
    assert (tmp_path / "demo" / "demo_quality.tif").exists()


def _quality(path):
    import rasterio

    with rasterio.open(path) as ds:
        return ds.read(1)


def test_assess_without_model_uses_demo_model_and_says_so(make_fixture, tmp_path):
    fx = make_fixture("utm")
    r = run("assess", "--image", fx.image, "--annotation", fx.vector, "--tile-size", 256, "--overlap", 32,
            "--out-dir", tmp_path / "torch", "--quiet")
    assert r.returncode == 0, r.stderr
    demo_lines = [line for line in r.stdout.splitlines() if "DEMO model" in line]
    assert len(demo_lines) == 1 and "trained on generated scenes only" in demo_lines[0]
    s = json.loads((tmp_path / "torch" / "utm_summary.json").read_text())
    assert "demo" in s["assessor"] and s["pixels"]["nodata"] == 0
    assert sum(v for k, v in s["pixels"].items() if k != "nodata") == 200 * 160

    # the same model through ONNX Runtime gives (nearly) the same map
    onnx_path = tmp_path / "demo.onnx"
    r = run("export-onnx", "--tile-size", 256, "--out", onnx_path)
    assert r.returncode == 0, r.stderr
    assert onnx_path.stat().st_size > 1_000_000
    r = run("assess", "--image", fx.image, "--annotation", fx.vector, "--model", onnx_path, "--engine", "onnx",
            "--tile-size", 256, "--overlap", 32, "--out-dir", tmp_path / "onnx", "--quiet")
    assert r.returncode == 0, r.stderr
    a, b = _quality(tmp_path / "torch" / "utm_quality.tif"), _quality(tmp_path / "onnx" / "utm_quality.tif")
    assert (a == b).mean() >= 0.999


def test_assess_with_a_corrupt_model_is_a_one_line_error(make_fixture, tmp_path):
    fx = make_fixture("utm")
    bad = tmp_path / "best.pkl"
    bad.write_bytes(b"\x80\x04truncated")
    r = run("assess", "--image", fx.image, "--annotation", fx.vector, "--model", bad, "--out-dir", tmp_path / "o")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "best.pkl" in r.stderr
    assert not (tmp_path / "o").exists()


def test_precision_option_in_every_model_command():
    from segassess.cli.main import build_parser

    parser = build_parser()
    for argv in (["assess", "--image", "i.tif", "--annotation", "a.gpkg", "--out-dir", "o"],
                 ["batch", "--sheets", "s", "--out-dir", "o"], ["evaluate", "--model", "m.pth", "--sheets", "s.yaml"]):
        assert parser.parse_args(argv).precision == "auto"
        assert parser.parse_args(argv + ["--precision", "bf16"]).precision == "bf16"
        with pytest.raises(SystemExit):
            parser.parse_args(argv + ["--precision", "int8"])
