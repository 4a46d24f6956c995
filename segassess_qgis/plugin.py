"""The QGIS plugin object: Processing provider, translator and the "SegAssess" menu.

Why so thin: all work happens in Processing algorithms (usable from the toolbox, models,
qgis_process and PyQGIS). Importing this module imports neither torch nor the algorithms; it
only puts the per-user dependency folder on sys.path so later heavy imports find it.
"""
from __future__ import annotations

import configparser
from pathlib import Path

from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QMessageBox

from . import deps, i18n, review
from .qgis_io import tr

deps.activate()  # before any algorithm imports torch/rasterio from the dependency folder

PLUGIN_DIR = Path(__file__).resolve().parent.parent
MENU = "&SegAssess"
LOG_TAG = "SegAssess"


def plugin_metadata() -> dict:
    """The [general] section of metadata.txt (version, about, homepage, ...)."""
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(PLUGIN_DIR / "metadata.txt", encoding="utf-8")
    return dict(cp["general"]) if cp.has_section("general") else {}


class SegAssessPlugin:
    """What QGIS's classFactory returns; owns everything it adds so `unload` can remove it."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = None
        self.actions = []
        self.install_task = None
        self.dependency_dialog = None
        self.review_panel = None

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
        for text, slot in ((tr("Review panel…"), lambda: self.show_review_panel()),
                           (tr("Check / install dependencies…"), self.show_dependencies),
                           (tr("About"), self.show_about)):
            action = QAction(icon, text, parent)
            action.triggered.connect(slot)
            self.iface.addPluginToMenu(MENU, action)
            self.actions.append(action)
        review.set_opener(self.show_review_panel)  # algorithms offer their review items after a run

    def show_review_panel(self, path=None):
        """The review dock (created on first use); with `path`, that file's queue."""
        if self.review_panel is None:
            from qgis.PyQt.QtCore import Qt

            from .review.panel import ReviewPanel

            self.review_panel = ReviewPanel(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.RightDockWidgetArea, self.review_panel)
        self.review_panel.show()
        self.review_panel.raise_()
        if path:
            self.review_panel.open_file(path)
        return self.review_panel

    def unload(self):
        """Undo initGui/initProcessing completely, so a plugin reload leaves nothing behind."""
        review.set_opener(None)
        if self.review_panel is not None:
            self.review_panel.release()
            self.iface.removeDockWidget(self.review_panel)
            self.review_panel.deleteLater()
            self.review_panel = None
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

    def show_dependencies(self):
        """The dependency dialog; the check runs as a background task while it is open."""
        from .dependency_check import DependencyDialog

        self.dependency_dialog = DependencyDialog(self.iface.mainWindow(), self.start_install)
        self.dependency_dialog.install.setEnabled(self.install_task is None)
        self.dependency_dialog.start()
        self.dependency_dialog.show()

    def start_install(self):
        """pip-install the pinned requirements in a background task; report in the message log."""
        from .dependency_check import install_task

        bar = self.iface.messageBar()
        self.install_task = install_task(LOG_TAG)

        def completed():
            self.install_task = None
            bar.pushMessage("SegAssess", tr("Dependencies installed. Restart QGIS to use them."), Qgis.Success, 0)

        def terminated():
            self.install_task = None
            bar.pushMessage("SegAssess", tr("Installing dependencies failed; see the SegAssess log."),
                            Qgis.Critical, 0)

        self.install_task.taskCompleted.connect(completed)
        self.install_task.taskTerminated.connect(terminated)
        QgsApplication.taskManager().addTask(self.install_task)
        bar.pushMessage("SegAssess", tr("Installing dependencies in the background…"), Qgis.Info, 5)
