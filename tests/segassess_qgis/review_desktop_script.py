"""Driven inside a real QGIS desktop (`qgis --code`) by test_review_panel.py: the plugin's review
panel opened from its menu action, next by keyboard, decisions by button and shortcut while another
layer of the same GeoPackage is being edited, closed, reopened (it must resume), a screenshot.

Arguments come from the environment: REVIEW_GPKG, REVIEW_OUT (JSON results), REVIEW_SHOT (PNG).
Ends with os._exit (QGIS's own exit path is not under test here).
"""
import json
import os
import traceback

import qgis.utils
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface

GPKG = os.environ["REVIEW_GPKG"]
OUT = os.environ["REVIEW_OUT"]
SHOT = os.environ["REVIEW_SHOT"]
res = {"steps": []}


def state(panel):
    q = panel.queue
    item = q.items[panel.current] if panel.current is not None else None
    return {"current_item": item.item_id if item else None, "current_position": panel.current,
            "progress": panel.progress_label.text(), "rows": len(panel.model.rows),
            "item_text": panel.item_label.text(), "visible": panel.isVisible()}


def key(letter_key):
    """A key press as a user makes it: to the active main window (no window manager under Xvfb
    activates it by itself), through QGIS's shortcut handling."""
    window = iface.mainWindow()
    QApplication.setActiveWindow(window)
    window.activateWindow()
    QTest.keyClick(window, letter_key, Qt.ControlModifier | Qt.AltModifier)
    QTest.qWait(200)


def steps():
    try:
        iface.mainWindow().resize(1600, 1000)
        qgis.utils.loadPlugin("segassess")
        qgis.utils.startPlugin("segassess")
        plugin = qgis.utils.plugins["segassess"]
        menu = [a for a in plugin.actions if a.text().startswith("Review panel")]
        res["menu_action"] = [a.text() for a in menu]
        menu[0].trigger()  # Plugins > SegAssess > Review panel...
        panel = plugin.review_panel
        res["opened_empty"] = panel.isVisible() and panel.queue is None
        panel.reviewer.setText("Ana Analyst")
        panel.reviewer.editingFinished.emit()
        assert panel.open_file(GPKG)
        QTest.qWait(500)
        res["steps"].append(("opened", state(panel)))
        key(Qt.Key_N)  # next item by keyboard
        res["steps"].append(("next", state(panel)))
        panel.note.setText("roof outline too large")
        panel.status_buttons["confirmed"].click()
        res["steps"].append(("confirmed", state(panel)))
        # another layer of the same GeoPackage in an edit session while decisions are written
        other = QgsVectorLayer(f"{GPKG}|layername=false_positive", "fp edit", "ogr")
        QgsProject.instance().addMapLayer(other, False)  # edited, not drawn
        other.startEditing()
        fid = next(other.getFeatures()).id()
        other.changeAttributeValue(fid, other.fields().indexOf("mean_confidence"), 0.123)
        key(Qt.Key_2)  # false alarm by keyboard
        res["steps"].append(("false_alarm", state(panel)))
        res["other_committed"] = other.commitChanges()
        panel.status_buttons["skipped"].click()
        res["steps"].append(("skipped", state(panel)))
        QTest.qWait(300)
        iface.mapCanvas().refreshAllLayers()
        QTest.qWait(1500)
        iface.mainWindow().grab().save(SHOT)
        panel.close()
        QTest.qWait(200)
        plugin.show_review_panel(GPKG)  # reopened: resumes after the latest decision
        QTest.qWait(500)
        res["steps"].append(("reopened", state(panel)))
        res["layers"] = sorted(lyr.name() for lyr in QgsProject.instance().mapLayers().values())
        plugin.unload()
        res["after_unload"] = [a.objectName() for a in iface.mainWindow().actions()
                               if a.objectName().startswith("SegAssessReview")]
        res["ok"] = True
    except Exception:  # noqa: BLE001 (reported to the test)
        res["error"] = traceback.format_exc()
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1)
    os._exit(0)


QTimer.singleShot(3000, steps)
