"""The QGIS plugin object: Processing provider, translator and the "SegAssess" menu.

Why so thin: all work happens in Processing algorithms (usable from the toolbox, models,
qgis_process and PyQGIS). Importing this module imports neither torch nor the algorithms; it
only puts the per-user dependency folder on sys.path so later heavy imports find it.
"""
from __future__ import annotations

import configparser
import json
import subprocess
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsTask
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import (QAction, QDialog, QDialogButtonBox, QMessageBox, QPlainTextEdit,
                                 QVBoxLayout)

from . import deps, i18n

deps.activate()  # before any algorithm imports torch/rasterio from the dependency folder

PLUGIN_DIR = Path(__file__).resolve().parent.parent
MENU = "&SegAssess"
LOG_TAG = "SegAssess"


def tr(text: str) -> str:
    return QCoreApplication.translate("SegAssess", text)


def plugin_metadata() -> dict:
    """The [general] section of metadata.txt (version, about, homepage, ...)."""
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(PLUGIN_DIR / "metadata.txt", encoding="utf-8")
    return dict(cp["general"]) if cp.has_section("general") else {}


def in_process_check() -> list:
    """deps.check_imports in this process, with the GDAL/PROJ-bundling wheels imported privately."""
    import os
    import sys

    from .algorithms.base import embedded_in_qgis_binary

    deep = embedded_in_qgis_binary()
    old = sys.getdlopenflags()
    if deep:
        sys.setdlopenflags(os.RTLD_NOW | os.RTLD_LOCAL | os.RTLD_DEEPBIND)
    try:
        return deps.check_imports()
    finally:
        if deep:
            sys.setdlopenflags(old)


class SegAssessPlugin:
    """What QGIS's classFactory returns; owns everything it adds so `unload` can remove it."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = None
        self.actions = []
        self.install_task = None

    # ------------------------------------------------------------ Processing
    def initProcessing(self):  # noqa: N802 (QGIS API name)
        """Register the provider (translator first, so algorithm names come out translated)."""
        if self.translator is None:
            self.translator = i18n.install_translator()
        if self.provider is not None:
            return
        from .provider import SegAssessProvider

        self.provider = SegAssessProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    # ------------------------------------------------------------ GUI
    def initGui(self):  # noqa: N802 (QGIS API name)
        self.initProcessing()
        icon = QIcon(str(PLUGIN_DIR / "resources" / "icon.png"))
        parent = self.iface.mainWindow() if self.iface is not None else None
        for text, slot in ((tr("Check / install dependencies…"), self.show_dependencies),
                           (tr("About"), self.show_about)):
            action = QAction(icon, text, parent)
            action.triggered.connect(slot)
            self.iface.addPluginToMenu(MENU, action)
            self.actions.append(action)

    def unload(self):
        """Undo initGui/initProcessing completely, so a plugin reload leaves nothing behind."""
        for action in self.actions:
            if self.iface is not None:
                self.iface.removePluginMenu(MENU, action)
            action.deleteLater()
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        i18n.remove_translator(self.translator)
        self.translator = None

    # ------------------------------------------------------------ actions
    def show_about(self):
        md = plugin_metadata()
        text = "<b>SegAssess {}</b><p>{}</p><p>{}</p><p><a href='{}'>{}</a></p>".format(
            md.get("version", ""), tr("Ground-truth-free, pixel-level quality maps (TP/FP/TN/FN) of "
                                       "building and water annotations."),
            tr("Dependency folder: {}").format(deps.target_dir()),
            md.get("homepage", ""), md.get("homepage", ""))
        QMessageBox.about(self.iface.mainWindow(), tr("About"), text)

    def dependency_report(self) -> tuple:
        """(all ok, text). Checked in a child Python so a broken torch cannot crash QGIS.

        Only when there is no separate interpreter at all (frozen builds) is it checked in this
        process, with the imports isolated as the algorithms do them (RTLD_DEEPBIND, see
        algorithms.base). A child that ran but crashed or printed no report is reported as such:
        importing the same packages here would crash QGIS the same way.
        """
        folder = tr("Dependency folder: {}").format(deps.target_dir())
        try:
            python = deps.python_executable()
        except RuntimeError as e:
            QgsMessageLog.logMessage(f"no separate Python for the dependency check ({e}); checking in-process",
                                     LOG_TAG, Qgis.Warning)
            statuses = in_process_check()
        else:
            try:
                res = subprocess.run([python, str(Path(deps.__file__)), "--check", "--json"],
                                     capture_output=True, text=True, timeout=300)
                data = json.loads(res.stdout.strip().splitlines()[-1])
                statuses = [deps.ModuleStatus(**m) for m in data["modules"]]
            except (OSError, subprocess.SubprocessError) as e:
                return False, self._check_failed(folder, python, str(e))
            except (ValueError, IndexError, KeyError, TypeError):  # crashed (e.g. in torch) or no report
                return False, self._check_failed(
                    folder, python, "exit {}: {}".format(res.returncode, (res.stderr or res.stdout).strip()[-1500:]))
        ok = all(s.ok for s in statuses)
        return ok, folder + "\n\n" + deps.format_report(statuses)

    @staticmethod
    def _check_failed(folder: str, python: str, detail: str) -> str:
        QgsMessageLog.logMessage(f"dependency check with {python} failed: {detail}", LOG_TAG, Qgis.Warning)
        return "{}\n\n{}\n{}".format(folder, tr("The dependency check in a separate Python ({python}) failed; a "
                                                 "package may be broken. Details:").format(python=python), detail)

    def show_dependencies(self):
        ok, text = self.dependency_report()
        dlg = QDialog(self.iface.mainWindow())
        dlg.setWindowTitle(tr("SegAssess dependencies"))
        lay = QVBoxLayout(dlg)
        view = QPlainTextEdit(text)
        view.setReadOnly(True)
        view.setMinimumSize(640, 280)
        lay.addWidget(view)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        install = buttons.addButton(tr("Install / update dependencies"), QDialogButtonBox.ActionRole)
        install.setEnabled(self.install_task is None)
        install.clicked.connect(lambda: (self.start_install(), dlg.accept()))
        buttons.rejected.connect(dlg.reject)
        lay.addWidget(buttons)
        dlg.exec_()

    def start_install(self):
        """pip-install the pinned requirements in a background task; report in the message log."""
        bar = self.iface.messageBar()

        def run(task):
            deps.install(log=lambda line: QgsMessageLog.logMessage(line, LOG_TAG, Qgis.Info))
            return True

        def finished(exception, result=None):
            self.install_task = None
            if exception is None:
                bar.pushMessage("SegAssess", tr("Dependencies installed. Restart QGIS to use them."),
                                Qgis.Success, 0)
            else:
                QgsMessageLog.logMessage(str(exception), LOG_TAG, Qgis.Critical)
                bar.pushMessage("SegAssess", tr("Installing dependencies failed; see the SegAssess log."),
                                Qgis.Critical, 0)

        self.install_task = QgsTask.fromFunction(tr("Installing SegAssess dependencies"), run,
                                                 on_finished=finished)
        QgsApplication.taskManager().addTask(self.install_task)
        bar.pushMessage("SegAssess", tr("Installing dependencies in the background…"), Qgis.Info, 5)
