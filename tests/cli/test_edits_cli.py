"""`segassess edits` as a user runs it: a real subprocess, its outputs, its exit codes."""
import subprocess
import sys

import geopandas as gpd
import pyogrio

from review_support import assess, scene_files

EXE = [sys.executable, "-m", "segassess.cli"]


def run(*args):
    return subprocess.run(EXE + [str(a) for a in args], capture_output=True, text=True, timeout=600)


def test_edits_command(tmp_path):
    assert "edits" in run("--help").stdout
    files = scene_files(tmp_path / "scene")
    gpkg = assess(files, tmp_path / "out").polygons
    out = tmp_path / "corrected.gpkg"
    r = run("edits", "--assessment", gpkg, "--annotation", files["inventory"], "--where", "kind = 'Building'",
            "--accept", "auto", "--min-confidence", "0.9", "--out", out)
    assert r.returncode == 0, r.stderr
    assert "Corrected inventory" in r.stdout and "removed" in r.stdout
    assert [n for n, _ in pyogrio.list_layers(out)] == ["corrected", "changes"]
    corrected = gpd.read_file(out, layer="corrected")
    assert set(corrected["edit"]) <= {"kept", "reshaped", "removed", "added"} and "source_fid" in corrected
    # exists without --overwrite; training sheets need reviewed decisions; a missing assessment: exit 2, one line
    for args, words in (((), "exists"), (("--training-sheets", tmp_path / "t.yaml"), "--accept reviewed")):
        r = run("edits", "--assessment", gpkg, "--annotation", files["inventory"], "--accept", "auto", "--out", out,
                *args)
        assert r.returncode == 2 and words in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run("edits", "--assessment", tmp_path / "none.gpkg", "--annotation", files["inventory"], "--accept", "auto",
            "--out", tmp_path / "x.gpkg")
    assert r.returncode == 2 and "does not exist" in r.stderr
    assert not (tmp_path / "x.gpkg").exists()
