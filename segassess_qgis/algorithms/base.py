"""What every SegAssess algorithm shares: translation, group, help link and the tiling parameters,
and the two hand-offs to the runtime: `require` (the isolated imports of a need, or one sentence
saying what to install and how) and `call` (the core on a Python thread, its errors as Processing
errors). Heavy modules are imported inside processAlgorithm only, through `require`.
"""
from __future__ import annotations

import contextlib
import signal
import sys
import threading
from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterNumber,
)

from ..feedback import translated
from ..qgis_io import RELEASES_URL, tr
from ..runtime import imports, interpreter


def cancelled() -> QgsProcessingException:
    return QgsProcessingException(tr("Cancelled by the user; no output was written."))


def missing_message(failures) -> str:
    """What cannot be imported, with which Python, and how to install it."""
    names = " ".join(dict.fromkeys(f.dist for f in failures))
    try:
        python = interpreter.python_interpreter()
    except RuntimeError:
        python = sys.executable
    script = Path(__file__).resolve().parent.parent / "deps.py"
    return tr("SegAssess needs the Python package(s) {names}, which QGIS's Python ({python}) cannot import "
              "({error}). Install them for QGIS's Python: run \"{python}\" \"{script}\" --install (or Plugins > "
              "SegAssess > Check / install dependencies), or \"{python} -m pip install {names}\" (OSGeo4W Shell "
              "on Windows), then restart QGIS.").format(names=names, python=python, error=failures[0].error,
                                                        script=script)


def require(need: str) -> None:
    """Import what `need` requires (runtime.imports.NEEDS), isolated, or raise saying what is missing."""
    failures = imports.in_python_thread(imports.load, need)
    if failures:
        raise QgsProcessingException(missing_message(failures))


def call(fn, *args, **kwargs):
    """fn on a Python thread (runtime.imports.in_python_thread); a core error (one sentence written for
    the user) becomes a Processing error, a cancel the usual message."""
    from ...core.common.errors import Cancelled, SegAssessError

    try:
        return imports.in_python_thread(fn, *args, **kwargs)
    except Cancelled:
        raise cancelled() from None
    except SegAssessError as exc:  # its text in the user's language when the core gave a template (msg)
        raise QgsProcessingException(translated(exc.args[0]) if exc.args else str(exc)) from None


def core_problem(check, *args) -> str | None:
    """A core check of the user's input run before the algorithm (checkParameterValues): None when it
    passes, else the core's message in the user's language."""
    from ...core.common.errors import InputError

    try:
        check(*args)
    except InputError as exc:
        return translated(exc.args[0]) if exc.args else str(exc)
    return None


@contextlib.contextmanager
def cancel_on_terminate(feedback):
    """SIGTERM (qgis_process stopped by `kill` or a scheduler) cancels the run like the Cancel button: the
    core removes its staging and the algorithm its work folder before the process ends. Only where the
    algorithm runs on the main thread (qgis_process); the desktop runs it on a worker thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: feedback.cancel())
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class SegAssessAlgorithm(QgsProcessingAlgorithm):
    """Common base: translation, grouping, instance creation, the tiling parameters."""

    def tr(self, text):  # noqa: D401 (QGIS convention)
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def group(self):
        return tr("Quality assessment")

    def groupId(self):  # noqa: N802
        return "quality"

    def helpUrl(self):  # noqa: N802
        return RELEASES_URL

    def add_tiling(self, batch_default: int = 4, tile_default: int = 512):
        """TILE_SIZE (tile_default 0: the model's own tile size), OVERLAP, BATCH_SIZE (advanced)."""
        label = tr("Tile size (pixels; 0: the tile size the model was trained on)") if tile_default == 0 else \
            tr("Tile size (pixels)")
        self.addParameter(QgsProcessingParameterNumber(
            "TILE_SIZE", label, QgsProcessingParameterNumber.Integer, tile_default,
            minValue=0 if tile_default == 0 else 64, maxValue=4096))
        self.addParameter(QgsProcessingParameterNumber(
            "OVERLAP", tr("Tile overlap (pixels)"), QgsProcessingParameterNumber.Integer, 64, minValue=0,
            maxValue=2048))
        p = QgsProcessingParameterNumber(
            "BATCH_SIZE", tr("Batch size (tiles per step)"), QgsProcessingParameterNumber.Integer, batch_default,
            minValue=1, maxValue=256)
        p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(p)
