"""segassess:batch_campaign in real headless QGIS: the algorithm runs `segassess batch` as a
subprocess (Dask workers cannot start inside QGIS) on generated map sheets, with the reference
assessor, and delivers the merged report; re-running resumes from the manifest; cancel stops
the campaign; bad input comes back as the command's one-line reason."""
from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from qgis_support import REPO, algorithm, quality_counts, run, start_qgis, vector

ALG = "segassess:batch_campaign"
PARAMETERS = {"SHEETS", "SHEETS_FOLDER", "ANNOTATION", "ANNOTATION_FILTER", "MOSAIC", "ID_FIELD", "MARGIN_PX",
              "ASSESSOR", "MODEL", "PRECISION", "TRUTH", "TRUTH_FILTER", "TILE_SIZE", "OVERLAP", "BATCH_SIZE", "WORKERS",
              "SCHEDULER", "OUTPUT_DIR"}
OUTPUTS = {"OUTPUT_DIR", "REPORT_GPKG", "SHEETS_CSV", "REPORT_HTML", "DONE", "FAILED", "SKIPPED"}
REFERENCE = 1  # ASSESSOR enum: network, reference
SIZE, PIXEL = 256, 0.5
IDS = ["s01", "s02", "s03"]
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"


@pytest.fixture(scope="module", autouse=True)
def _qgis():
    start_qgis()


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    """Three adjacent generated 256 px sheets (one GeoTIFF each in a folder), one inventory layer with
    simulated errors and one ground-truth layer covering all of them."""
    from segassess.core.synthetic.scene import write_sheet_grid

    base = tmp_path_factory.mktemp("campaign_in")
    c = write_sheet_grid(base, n=len(IDS), size=SIZE, cols=len(IDS), seed=20, pixel_size=PIXEL)
    assert c["ids"] == IDS
    return {"sheets": c["images"], "annotation": c["inventory"], "truth": c["truth"], "base": base}


def params(campaign, out_dir, **extra):
    p = {"SHEETS_FOLDER": str(campaign["sheets"]), "ANNOTATION": str(campaign["annotation"]), "ASSESSOR": REFERENCE,
         "TRUTH": str(campaign["truth"]), "TILE_SIZE": SIZE, "OVERLAP": 32, "WORKERS": 2, "OUTPUT_DIR": str(out_dir)}
    p.update(extra)
    return p


def _feedback_class():
    from qgis.core import QgsProcessingFeedback

    class Recorder(QgsProcessingFeedback):
        """Records what the algorithm reports; cancels after the first sheet when asked to."""

        def __init__(self, cancel_after_first_sheet=False):
            super().__init__()
            self.infos, self.warnings, self.errors, self.progress = [], [], [], []
            self.cancel_after_first_sheet = cancel_after_first_sheet

        def pushInfo(self, text):  # noqa: N802
            self.infos.append(text)
            super().pushInfo(text)

        def pushWarning(self, text):  # noqa: N802
            self.warnings.append(text)
            super().pushWarning(text)

        def reportError(self, text, fatalError=False):  # noqa: N802,N803
            self.errors.append((text, fatalError))
            super().reportError(text, fatalError)

        def setProgress(self, value):  # noqa: N802
            self.progress.append(value)
            super().setProgress(value)
            # the first `sheet` event moves the bar past the start value
            if self.cancel_after_first_sheet and value > self.progress[0] and value < 100:
                self.cancel()

    return Recorder


def _run_in_project(p, feedback=None):
    """Run as the toolbox does (alg.run with a project in the context); (results, ok, context, project)."""
    from qgis.core import QgsProcessingContext, QgsProject

    project = QgsProject()
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = feedback or _feedback_class()()
    results, ok = algorithm(ALG).run(p, context, feedback)
    return results, ok, context, project, feedback


def _sheet_files(out_dir: Path) -> dict:
    return {str(p.relative_to(out_dir)): p.stat().st_mtime_ns for p in sorted((out_dir / "sheets").rglob("*"))
            if p.is_file()}


def _csv_rows(path) -> dict:
    with open(path, newline="", encoding="utf-8") as f:
        return {r["sheet_id"]: r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def first_run(campaign, tmp_path_factory):
    out = tmp_path_factory.mktemp("campaign_out") / "campaign"
    results, ok, context, project, feedback = _run_in_project(params(campaign, out))
    assert ok, feedback.errors
    return {"results": results, "context": context, "project": project, "feedback": feedback, "out": out,
            "files": _sheet_files(out)}


# ----------------------------------------------------------------------------- interface

def test_registered_with_parameters_outputs_and_help():
    alg = algorithm(ALG)
    assert alg.displayName() == "Assess map-sheet campaign (batch)"
    assert alg.group() == algorithm("segassess:assess").group()
    assert {p.name() for p in alg.parameterDefinitions()} == PARAMETERS
    assert {o.name() for o in alg.outputDefinitions()} == OUTPUTS
    outs = {o.name(): o.type() for o in alg.outputDefinitions()}
    assert outs["DONE"] == outs["FAILED"] == "outputNumber" and outs["REPORT_HTML"] == "outputFile"
    assert alg.parameterDefinition("OUTPUT_DIR").type() == "folderDestination"
    assert alg.parameterDefinition("SHEETS_FOLDER").behavior() == alg.parameterDefinition("SHEETS_FOLDER").Folder
    assert alg.parameterDefinition("ASSESSOR").options()[alg.parameterDefinition("ASSESSOR").defaultValue()] \
        .startswith("SegAssess network")
    assert alg.flags() & alg.FlagCanCancel
    text = alg.shortHelpString()
    for word in ("batch dialog", "segassess:assess", "resumes", "Dask", "campaign_report.gpkg", "sheet_id"):
        assert word in text, word


def test_missing_inputs_are_clear_sentences(campaign, tmp_path):
    from qgis.core import QgsProcessingException

    p = params(campaign, tmp_path / "out")
    cases = [
        ({k: v for k, v in p.items() if k != "SHEETS_FOLDER"}, "No sheets were given"),
        ({k: v for k, v in p.items() if k != "ANNOTATION"}, "No annotation was given"),
        ({k: v for k, v in p.items() if k != "TRUTH"}, "needs reference data"),
        ({**p, "SHEETS": str(campaign["truth"])}, "not both"),
        ({**p, "OVERLAP": 128}, "less than half the tile size"),
    ]
    for bad, words in cases:
        with pytest.raises(QgsProcessingException, match=words):
            run(ALG, bad)
    assert not (tmp_path / "out").exists()


def test_bad_sheets_path_reports_the_commands_reason(campaign, tmp_path):
    """Exit code 2 of the command: its one-line `segassess: error: ...` becomes the exception's message."""
    from qgis.core import QgsProcessingException

    missing = tmp_path / "no_such_folder"
    cli = subprocess.run([sys.executable, "-m", "segassess.cli", "batch", "--sheets", str(missing), "--annotation",
                          str(campaign["annotation"]), "--out-dir", str(tmp_path / "cli_out"), "--progress", "jsonl"],
                         capture_output=True, text=True, timeout=120, check=False)
    assert cli.returncode == 2
    line = cli.stderr.strip().splitlines()[-1]
    assert line.startswith("segassess: error: ")
    with pytest.raises(QgsProcessingException) as err:
        run(ALG, params(campaign, tmp_path / "out", SHEETS_FOLDER=str(missing)))
    assert str(err.value) == line[len("segassess: error: "):]
    assert str(missing) in str(err.value)
    assert not (tmp_path / "out").exists()


def test_command_runs_with_this_plugin_and_its_dependency_folder(tmp_path, monkeypatch):
    """The command's interpreter is this Python installation (not merely the first `python3` on PATH),
    and its PYTHONPATH makes `import segassess` give this plugin, then the plugin's dependency folder."""
    from segassess.segassess_qgis import deps
    from segassess.segassess_qgis.runtime import interpreter, subprocess_run

    monkeypatch.setenv("SEGASSESS_DEPS_DIR", str(tmp_path / "deps"))
    target = deps.target_dir()
    target.mkdir(parents=True)
    python = interpreter.python_interpreter()
    env = subprocess_run.plugin_environment()
    paths = env["PYTHONPATH"].split(os.pathsep)
    assert paths.index(str(target)) == 1
    code = "import sys, segassess, dask.distributed; print(segassess.__file__); print(sys.version_info[:2])"
    res = subprocess.run([python, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    file, version = res.stdout.strip().splitlines()
    assert Path(file).resolve() == (REPO / "__init__.py").resolve()
    assert version == str(tuple(sys.version_info[:2]))


# ----------------------------------------------------------------------------- a real campaign

def test_campaign_writes_the_merged_report(first_run):
    res, out = first_run["results"], first_run["out"]
    assert res["DONE"] == len(IDS) and res["FAILED"] == 0 and res["SKIPPED"] == 0
    assert res["OUTPUT_DIR"] == str(out)
    assert res["REPORT_GPKG"] == str(out / "campaign_report.gpkg")
    assert res["SHEETS_CSV"] == str(out / "campaign_sheets.csv")
    assert res["REPORT_HTML"] == str(out / "campaign_report.html")
    for key in ("REPORT_GPKG", "SHEETS_CSV", "REPORT_HTML"):
        assert Path(res[key]).is_file()
    assert (out / "campaign.sqlite").is_file()
    assert sorted(p.name for p in (out / "sheets").iterdir()) == IDS
    rows = _csv_rows(res["SHEETS_CSV"])
    assert sorted(rows) == IDS and {r["status"] for r in rows.values()} == {"done"}
    assert not first_run["feedback"].errors
    # progress went up to 100 % through the sheet events
    prog = first_run["feedback"].progress
    assert prog == sorted(prog) and prog[-1] == 100 and len(set(prog)) >= len(IDS) + 2


def test_merged_layers_equal_the_sheets_own_outputs(first_run):
    """Each merged layer holds every sheet's features tagged with sheet_id; per sheet they are the
    sheet's own assessment layers, and the estimated IoU in the table is the exact IoU of the
    sheet's reference quality map."""
    res, out = first_run["results"], first_run["out"]
    rows = _csv_rows(res["SHEETS_CSV"])
    for layer in ("false_positive", "false_negative", "scored_features", "missed_objects"):
        merged = vector(res["REPORT_GPKG"], layer)
        assert merged.fields().indexOf("sheet_id") >= 0, layer
        assert merged.crs().authid() == "EPSG:32618"
        per_sheet = {}
        for f in merged.getFeatures():
            per_sheet[f["sheet_id"]] = per_sheet.get(f["sheet_id"], 0) + 1
        for sid in IDS:
            own = vector(out / "sheets" / sid / f"{sid}_assessment.gpkg", layer).featureCount()
            assert per_sheet.get(sid, 0) == own, (layer, sid)
    fp = vector(res["REPORT_GPKG"], "false_positive")
    fn = vector(res["REPORT_GPKG"], "false_negative")
    assert fp.featureCount() == sum(int(r["fp_polygons"]) for r in rows.values()) > 0
    assert fn.featureCount() == sum(int(r["fn_polygons"]) for r in rows.values()) > 0
    for sid in IDS:
        c = quality_counts(out / "sheets" / sid / f"{sid}_quality.tif")
        assert c["nodata"] == 0 and c["TP"] + c["FP"] + c["TN"] + c["FN"] == SIZE * SIZE
        assert float(rows[sid]["est_iou"]) == pytest.approx(c["TP"] / (c["TP"] + c["FP"] + c["FN"]), abs=1e-9)
        summary = json.loads((out / "sheets" / sid / f"{sid}_summary.json").read_text(encoding="utf-8"))
        assert summary["assessor"].lower().startswith("reference")


def test_merged_layers_are_loaded_styled_and_grouped(first_run):
    """The FP, FN and scored layers of the report are queued for loading; loading them (as the toolbox
    does) puts them, outlined like the assess outputs, in one group named after the campaign folder."""
    from processing.gui.Postprocessing import handleAlgorithmResults
    from qgis.core import QgsProcessingFeedback

    res, context, project, out = (first_run[k] for k in ("results", "context", "project", "out"))
    queued = context.layersToLoadOnCompletion()
    gpkg = res["REPORT_GPKG"]
    assert set(queued) == {f"{gpkg}|layername={n}" for n in ("false_positive", "false_negative", "scored_features")}
    assert all(d.project is project for d in queued.values())
    assert handleAlgorithmResults(algorithm(ALG), context, QgsProcessingFeedback(), parameters={})
    group = project.layerTreeRoot().findGroup(f"Campaign – {out.name}")
    assert group is not None
    layers = {node.layer().name(): node.layer() for node in group.findLayers()}
    assert len(layers) == 3
    fp = layers["False positive regions (FP polygons)"]
    fn = layers["False negative regions (FN polygons)"]
    assert "Annotated features with quality scores" in layers
    assert fp.featureCount() == vector(gpkg, "false_positive").featureCount()
    assert fp.renderer().symbol().symbolLayer(1).color().getRgb()[:3] == (255, 0, 255)  # over a dark halo
    assert fn.renderer().symbol().symbolLayer(1).color().getRgb()[:3] == (255, 140, 0)
    assert not [n for n in project.layerTreeRoot().children() if getattr(n, "layer", None) is not None]


def test_rerun_skips_every_finished_sheet(first_run, campaign):
    """Same inputs, same folder: the manifest says every sheet is done, nothing is recomputed."""
    out = first_run["out"]
    results, ok, _, _, feedback = _run_in_project(params(campaign, out))
    assert ok, feedback.errors
    assert results["DONE"] == len(IDS) and results["SKIPPED"] == len(IDS) and results["FAILED"] == 0
    assert _sheet_files(out) == first_run["files"]  # not one sheet file rewritten
    rows = _csv_rows(results["SHEETS_CSV"])
    assert {r["attempts"] for r in rows.values()} == {"1"}
    with sqlite3.connect(out / "campaign.sqlite") as db:
        assert dict(db.execute("SELECT sheet_id, attempts FROM sheets")) == {sid: 1 for sid in IDS}
    assert not [m for m in feedback.infos if m.startswith("Sheet ")]  # no sheet event at all


# ----------------------------------------------------------------------------- failures and cancel

def test_a_failed_sheet_is_reported_not_fatal(campaign, tmp_path):
    """Exit code 1 (some sheets failed): the algorithm finishes, counts the failure and says so."""
    folder = tmp_path / "sheets"
    folder.mkdir()
    shutil.copy(campaign["sheets"] / "s01.tif", folder / "good.tif")
    (folder / "broken.tif").write_bytes(b"not a GeoTIFF" * 100)
    results, ok, context, _, feedback = _run_in_project(params(campaign, tmp_path / "out", SHEETS_FOLDER=str(folder),
                                                               WORKERS=1))
    assert ok
    assert results["DONE"] == 1 and results["FAILED"] == 1
    assert Path(results["REPORT_GPKG"]).is_file() and len(context.layersToLoadOnCompletion()) == 3
    assert [fatal for _, fatal in feedback.errors] == [False]
    assert "1 of 2 sheet(s) failed" in feedback.errors[0][0]
    assert any("broken" in w and "broken.tif" in w for w in feedback.warnings)
    assert _csv_rows(results["SHEETS_CSV"])["broken"]["status"] == "failed"


def test_cancel_stops_the_campaign_and_a_rerun_resumes(campaign, tmp_path):
    """Cancel after the first sheet: the command and its Dask workers are stopped, no report is written,
    the finished sheet stays recorded, and running again finishes the rest only."""
    import psutil
    from qgis.core import QgsProcessingException

    out = tmp_path / "out"
    # children this test process already had (e.g. multiprocessing's resource tracker, started by an
    # earlier test's Dask cluster and kept for the life of the process) are not the campaign's
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    feedback = _feedback_class()(cancel_after_first_sheet=True)
    with pytest.raises(QgsProcessingException, match="resume") as err:
        run(ALG, params(campaign, out, WORKERS=1), feedback=feedback)
    assert "kept" in str(err.value) and str(out) in str(err.value)
    assert feedback.isCanceled()
    assert not list(out.glob("campaign_report*")) and not (out / "campaign_sheets.csv").exists()
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
    assert left == []  # neither the command nor a worker is left
    with sqlite3.connect(out / "campaign.sqlite") as db:
        states = dict(db.execute("SELECT sheet_id, state FROM sheets"))
    finished = sorted(s for s, st in states.items() if st == "done")
    assert 1 <= len(finished) < len(IDS)
    results, ok, _, _, fb = _run_in_project(params(campaign, out, WORKERS=1))
    assert ok, fb.errors
    assert results["SKIPPED"] == len(finished) and results["DONE"] == len(IDS)
    assert Path(results["REPORT_GPKG"]).is_file()


# ----------------------------------------------------------------------------- inside a QGIS binary

def test_campaign_through_qgis_process(campaign, tmp_path):
    """In qgis_process, sys.executable is the QGIS binary: the algorithm must find a Python interpreter
    and put the plugin (loaded from QGIS_PLUGINPATH) on the command's PYTHONPATH."""
    import sysconfig

    if not os.path.exists(QGIS_PROCESS):
        pytest.skip("qgis_process.bin is not installed")
    (tmp_path / "plugins").mkdir()
    (tmp_path / "home").mkdir()
    os.symlink(REPO, tmp_path / "plugins" / "segassess")
    site = sysconfig.get_paths()["purelib"]  # this venv's packages (rasterio, geopandas, dask ...)
    env = dict(os.environ, HOME=str(tmp_path / "home"), QGIS_PLUGINPATH=str(tmp_path / "plugins"),
               QT_QPA_PLATFORM="offscreen", PYTHONPATH=site)
    env.pop("SEGASSESS_PYTHON", None)
    subprocess.run([QGIS_PROCESS, "plugins", "enable", "segassess"], env=env, capture_output=True, timeout=120,
                   cwd=tmp_path, check=True)
    out = tmp_path / "out"
    res = subprocess.run([QGIS_PROCESS, "run", ALG, "--json", "--", f"SHEETS_FOLDER={campaign['sheets']}",
                          f"ANNOTATION={campaign['annotation']}", "ASSESSOR=1", f"TRUTH={campaign['truth']}",
                          f"TILE_SIZE={SIZE}", "OVERLAP=32", "WORKERS=1", f"OUTPUT_DIR={out}"],
                         env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)
    assert res.returncode == 0, res.stderr[-3000:] + res.stdout[-3000:]
    results = json.loads(res.stdout)["results"]
    assert results["DONE"] == len(IDS) and results["FAILED"] == 0
    assert results["REPORT_GPKG"] == str(out / "campaign_report.gpkg")
    assert vector(results["REPORT_GPKG"], "false_positive").featureCount() > 0


def test_sheet_index_mode_over_a_vrt(campaign, tmp_path):
    """SHEETS as a sheet-index layer over MOSAIC (a VRT of the three sheets), cut at other places
    than the files' edges: two sheets named by ID_FIELD, whose quality rasters join into the
    mosaic's exact quality map."""
    if shutil.which("gdalbuildvrt") is None:
        pytest.skip("gdalbuildvrt (Debian gdal-bin, installed by scripts/setup.sh) is missing")
    import geopandas as gpd
    import numpy as np
    import rasterio
    from shapely.geometry import box

    from segassess.core.assess.assessors import ReferenceAssessor
    from segassess.core.assess.job import AnnotationSpec, AssessJob
    from segassess.core.assess.pipeline import run_assessment

    vrt = tmp_path / "mosaic.vrt"
    subprocess.run(["gdalbuildvrt", str(vrt)] + [str(campaign["sheets"] / f"{sid}.tif") for sid in IDS],
                   check=True, capture_output=True)
    with rasterio.open(vrt) as ds:
        b, t = ds.bounds, ds.transform
    cut = b.left + 300 * t.a
    gpd.GeoDataFrame({"name": ["west", "east"]}, geometry=[box(b.left, b.bottom, cut, b.top),
                                                           box(cut, b.bottom, b.right, b.top)],
                     crs="EPSG:32618").to_file(tmp_path / "index.gpkg", layer="index")
    p = params(campaign, tmp_path / "out", SHEETS=str(tmp_path / "index.gpkg"), MOSAIC=str(vrt), ID_FIELD="name")
    del p["SHEETS_FOLDER"]
    results, ok, _, _, feedback = _run_in_project(p)
    assert ok, feedback.errors
    assert results["DONE"] == 2 and results["FAILED"] == 0
    parts = []
    for sid in ("west", "east"):
        with rasterio.open(tmp_path / "out" / "sheets" / sid / f"{sid}_quality.tif") as ds:
            parts.append(ds.read(1))
    whole = run_assessment(AssessJob(image=vrt, annotation=AnnotationSpec(campaign["annotation"]),
                                     truth=AnnotationSpec(campaign["truth"]), out_dir=tmp_path / "whole",
                                     tile_size=SIZE, overlap=32), ReferenceAssessor())
    with rasterio.open(whole.quality) as ds:
        np.testing.assert_array_equal(np.concatenate(parts, axis=1), ds.read(1))
    assert parts[0].shape[1] == 300
