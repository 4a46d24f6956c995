"""Run inside the QGIS desktop application (`qgis --code desktop_session.py`), as a new user would:
install the plugin zip with Plugins > Install from ZIP's own code, run segassess:assess and
segassess:reference as the algorithm dialog runs them (a background task, results loaded into the
project), run segassess:assess in the batch dialog with blank optional outputs, open the dependency
dialog, and save screenshots of the map canvas. A modal dialog nobody asked for, a Python error or an
algorithm error is recorded; the report goes to the JSON file named by SEGASSESS_DESKTOP_CONFIG.

Driven by a QTimer (the script returns at once and QGIS keeps running its event loop); it ends the
process with os._exit, so QGIS's own shutdown cannot hide or add a crash.
"""
import json
import os
import sys
import time
import traceback

from qgis.core import (QgsApplication, QgsProcessingAlgRunnerTask, QgsProcessingContext, QgsProcessingFeedback,
                       QgsProcessingOutputLayerDefinition, QgsProject, QgsRasterLayer)
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface

CONFIG = json.load(open(os.environ["SEGASSESS_DESKTOP_CONFIG"], encoding="utf-8"))
REPORT = {"steps": [], "errors": [], "dialogs": [], "python_errors": [], "screenshots": []}
STATE = {}


def save_report():
    REPORT["triton_loaded"] = sys.modules.get("triton") is not None
    REPORT["torchvision_loaded"] = sys.modules.get("torchvision") is not None
    with open(CONFIG["report"], "w", encoding="utf-8") as f:
        json.dump(REPORT, f, indent=1, default=str)


def excepthook(kind, value, tb):  # replaces QGIS's "Python error" dialog
    REPORT["python_errors"].append("".join(traceback.format_exception(kind, value, tb))[-3000:])
    save_report()


sys.excepthook = excepthook


def close_unasked_dialogs():
    """A modal dialog the session did not open (e.g. an empty 'Plugin dependencies' dialog)."""
    widget = QApplication.activeModalWidget()
    if widget is not None and widget is not STATE.get("own_dialog"):
        REPORT["dialogs"].append(widget.windowTitle() or type(widget).__name__)
        widget.reject() if hasattr(widget, "reject") else widget.close()


def run_in_task(alg_id, params, name):
    """As the algorithm dialog runs an algorithm: a QgsProcessingAlgRunnerTask, then results loaded."""
    from processing.gui.Postprocessing import handleAlgorithmResults

    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    done = {}

    def executed(ok, results):
        done["ok"], done["results"] = ok, results
        if ok:
            handleAlgorithmResults(alg, context, feedback, parameters=params)
        else:
            REPORT["errors"].append(f"{name} failed")

    task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
    task.executed.connect(executed)
    STATE[name] = (task, context, feedback, alg, done)  # alive until the task ends
    QgsApplication.taskManager().addTask(task)
    return done


def destinations(alg_id, out_dir, prefix):
    project = QgsProject.instance()
    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    params = {}
    for d in alg.destinationParameterDefinitions():
        if d.name() == "OUTPUT_QUALITY":
            params[d.name()] = QgsProcessingOutputLayerDefinition(os.path.join(out_dir, f"{prefix}_quality.tif"),
                                                                  project)
        elif d.name() != "OUTPUT_SUMMARY":
            params[d.name()] = QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", project)
    params["OUTPUT_SUMMARY"] = os.path.join(out_dir, f"{prefix}_summary.html")
    return params


def screenshot(name):
    """The canvas over the image with only the newest group of outputs (the top one) shown."""
    groups = [g for g in QgsProject.instance().layerTreeRoot().children() if hasattr(g, "findLayers")]
    for i, group in enumerate(groups):
        group.setItemVisibilityChecked(i == 0)
    canvas = iface.mapCanvas()
    image = QgsProject.instance().mapLayersByName(CONFIG["image_name"])[0]
    canvas.setExtent(image.extent())
    canvas.refresh()
    STATE["shot"] = (name, time.monotonic())


def shot_done():
    name, t0 = STATE["shot"]
    canvas = iface.mapCanvas()
    if canvas.isDrawing() or time.monotonic() - t0 < 1.0:
        return False
    path = os.path.join(CONFIG["out_dir"], f"{name}.png")
    canvas.saveAsImage(path)
    REPORT["screenshots"].append(path)
    return True


def fill_batch(dialog, rows):
    """Rows of the batch dialog's table, as its 'Open' button fills them (outputs left blank stay blank)."""
    from processing.tools import dataobjects

    panel = dialog.mainWidget()
    context = dataobjects.createContext()
    panel.clear()
    for row, (params, outputs) in enumerate(rows):
        panel.addRow()
        for name, value in params.items():
            panel.wrappers[row][panel.parameter_to_column[name]].setParameterValue(value, context)
        for name, value in outputs.items():
            panel.tblParameters.cellWidget(row + 1, panel.parameter_to_column[name]).setValue(value)


def start_batch():
    from processing.core.ProcessingResults import resultsList
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog

    alg = QgsApplication.processingRegistry().createAlgorithmById("segassess:assess")
    dialog = BatchAlgorithmDialog(alg.create(), iface.mainWindow())
    STATE["batch_dialog"] = dialog
    rows = [({"IMAGE": path, "ANNOTATION": CONFIG["annotation"], "FILTER": CONFIG["filter"], "DEVICE": 1},
             {"OUTPUT_QUALITY": os.path.join(CONFIG["out_dir"], f"batch{i}_quality.tif")})
            for i, path in enumerate(CONFIG["batch_images"])]
    fill_batch(dialog, rows)
    dialog.mainWidget().checkLoadLayersOnCompletion.setChecked(False)
    summary = {}
    resultsList.resultAdded.connect(lambda: summary.setdefault("done", True))
    dialog.show()
    dialog.runAlgorithm()  # 3.22: runs the rows here; 3.40: in a task
    return summary


def session():
    from pyplugin_installer import instance as plugin_installer

    plugin_installer().installFromZipFile(CONFIG["zip"])
    import qgis.utils

    REPORT["plugin_active"] = "segassess" in qgis.utils.active_plugins
    REPORT["steps"].append("installed")
    layer = QgsRasterLayer(CONFIG["image"], CONFIG["image_name"])
    QgsProject.instance().addMapLayer(layer)
    inputs = {"IMAGE": CONFIG["image"], "ANNOTATION": CONFIG["annotation"], "FILTER": CONFIG["filter"]}
    for name, params in (("assess", dict(inputs, DEVICE=1)),
                         ("reference", dict(inputs, TRUTH=CONFIG["truth"], TRUTH_FILTER=CONFIG["truth_filter"]))):
        alg_id = f"segassess:{name}"
        done = run_in_task(alg_id, dict(params, **destinations(alg_id, CONFIG["out_dir"], name)), name)
        yield lambda done=done: "ok" in done
        REPORT["steps"].append(f"{name} ok={done['ok']}")
        screenshot(name)
        yield shot_done
    REPORT["layer_tree"] = [[g.name(), [n.layer().name() for n in g.findLayers()]]
                            for g in QgsProject.instance().layerTreeRoot().children() if hasattr(g, "findLayers")]
    summary = start_batch()
    yield lambda: summary.get("done") and not QgsApplication.taskManager().countActiveTasks()
    REPORT["steps"].append("batch done")
    REPORT["batch_files"] = sorted(f for f in os.listdir(CONFIG["out_dir"]) if f.startswith("batch"))
    STATE["batch_dialog"].close()
    plugin = qgis.utils.plugins["segassess"]
    plugin.show_dependencies()
    dialog = plugin.dependency_dialog
    STATE["own_dialog"] = dialog
    yield lambda: dialog.done
    path = os.path.join(CONFIG["out_dir"], "dependencies.png")
    dialog.grab().save(path)
    REPORT["screenshots"].append(path)
    REPORT["dependency_report"] = dialog.view.toPlainText()
    dialog.close()
    REPORT["steps"].append("dependencies checked")


STEPS = session()
STATE["waiting"] = lambda: True


STEP_TIMEOUT_S = 600  # one step (an algorithm on a small sheet, the dependency check) takes well under this


def tick():
    close_unasked_dialogs()
    if STATE.get("busy"):  # a modal dialog's event loop runs this timer inside a step
        return
    STATE["busy"] = True
    try:
        if REPORT["python_errors"]:  # a slot failed: what it waited for will not come; end with the report
            raise RuntimeError("a Python error in QGIS's event loop ended the session")
        if time.monotonic() - STATE.setdefault("since", time.monotonic()) > STEP_TIMEOUT_S:
            raise TimeoutError(f"step after {REPORT['steps'][-1:]} did not finish in {STEP_TIMEOUT_S} s")
        if STATE["waiting"]():
            STATE["waiting"] = next(STEPS)
            STATE["since"] = time.monotonic()
        STATE["busy"] = False
        return
    except StopIteration:
        REPORT["finished"] = True
    except Exception:  # noqa: BLE001 (the report says what failed)
        REPORT["errors"].append(traceback.format_exc()[-3000:])
    save_report()
    os._exit(0)


TIMER = QTimer()
TIMER.timeout.connect(tick)
TIMER.start(200)
