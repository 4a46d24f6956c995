"""The Processing provider `segassess`: registered by the plugin's initProcessing().

Loading it is cheap: the algorithms import the core, torch and the models only inside
processAlgorithm, so the toolbox and qgis_process start fast even without torch.
"""
from __future__ import annotations

import os

from qgis.PyQt.QtGui import QIcon
from qgis.core import QgsProcessingProvider

from .qgis_io import tr

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class SegAssessProvider(QgsProcessingProvider):
    """Assess / reference / rank / evaluate / export_onnx / batch_campaign / suggest_edits."""

    def id(self):  # noqa: A003 (QGIS API)
        return "segassess"

    def name(self):
        return tr("SegAssess")

    def longName(self):  # noqa: N802
        return tr("SegAssess: pixel-level quality maps of building and water annotations")

    def icon(self):
        for name in ("icon.png", "resources/icon.png", "resources/icon.svg"):
            p = os.path.join(PLUGIN_DIR, name)
            if os.path.isfile(p):
                return QIcon(p)
        return QgsProcessingProvider.icon(self)

    def loadAlgorithms(self):  # noqa: N802
        from .algorithms import ALGORITHMS

        for cls in ALGORITHMS:
            self.addAlgorithm(cls())
