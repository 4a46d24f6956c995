"""Plugins > SegAssess > Check / install dependencies: the check as a background task, its report,
the dialog, and the install task.

The check is `runtime/imports.py` run in a child of QGIS's own Python (runtime.interpreter), with the
plugin's environment: it imports what each algorithm imports, the way the algorithm imports it, and a
package that crashes on import takes the child down, not QGIS. The GUI stays responsive: the child
runs in a QgsTask whose progress is the dialog's progress bar.
"""
from __future__ import annotations

import collections
import json
import subprocess

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsTask
from qgis.PyQt.QtGui import QFontDatabase
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QProgressBar, QVBoxLayout

from . import deps
from .qgis_io import tr
from .runtime import interpreter, subprocess_run

LOG_TAG = "SegAssess"
CHECK_TIMEOUT_S = 600


def need_labels() -> dict:
    return {"core": tr("all algorithms"), "network": tr("Assess (the SegAssess network)"),
            "onnx": tr("ONNX Runtime engine"), "export": tr("Export model to ONNX"),
            "campaign": tr("map-sheet campaigns"), "rank": tr("Rank candidate annotations")}


class CheckFailed(RuntimeError):
    """The child ran but crashed or printed no report (a broken binary package)."""


def run_check(python: str, env: dict, on_progress=None, is_canceled=lambda: False) -> dict:
    """The child's result (runtime.imports.check); CheckFailed with its output when it gave none."""
    argv = [python, "-m", f"{interpreter.package_name()}.segassess_qgis.runtime.imports", "--json", "--progress"]
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8", errors="replace", env=env, creationflags=interpreter.NO_WINDOW)
    result, other = None, collections.deque(maxlen=30)
    with proc.stdout:
        for line in proc.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                other.append(line.rstrip())
                continue
            if "progress" in event and on_progress is not None:
                on_progress(100.0 * event["progress"] / max(event["total"], 1))
            elif "packages" in event:
                result = event
            if is_canceled():
                proc.kill()
    rc = proc.wait(timeout=CHECK_TIMEOUT_S)
    if result is None:
        raise CheckFailed(tr("exit {rc}: {err}").format(rc=rc, err="\n".join(other)[-1500:]))
    return result


def report_rows(result: dict) -> list:
    """(status, package, version, what it is needed for) per package; required ones first."""
    labels = need_labels()
    rows = []
    for p in sorted(result["packages"], key=lambda p: not p["required"]):
        status = tr("OK") if p["ok"] else (tr("MISSING") if p["required"] else tr("missing (optional)"))
        rows.append((status, p["dist"], p["version"] if p["ok"] else "-", labels.get(p["need"], p["need"])))
    return rows


def format_report(result: dict, folder) -> str:
    """Aligned columns (shown in a fixed-width font), the import errors, what works and what does not."""
    rows = [(tr("Status"), tr("Package"), tr("Version"), tr("Needed for"))] + report_rows(result)
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    table = ["  ".join(c.ljust(w) for c, w in zip(r[:3], widths)) + "  " + r[3] for r in rows]
    errors = [f"  {p['dist']}: {p['error']}" for p in result["packages"] if not p["ok"]]
    labels = need_labels()
    works = [labels.get(n, n) for n, err in result["needs"].items() if not err]
    broken = [labels.get(n, n) for n, err in result["needs"].items() if err]
    text = [tr("Python: {python}").format(python=result.get("python", "")), tr("Dependency folder: {}").format(folder),
            ""] + table
    if errors:
        text += ["", tr("Import errors:")] + errors
    text += ["", tr("Works: {}").format(", ".join(works) or "-")]
    if broken:
        text.append(tr("Does not work: {}").format(", ".join(broken)))
    return "\n".join(text)


def all_required_ok(result: dict) -> bool:
    return all(p["ok"] for p in result["packages"] if p["required"])


class DependencyCheckTask(QgsTask):
    """Runs the check in a child of QGIS's Python; `result` or `error` when finished."""

    def __init__(self):
        super().__init__(tr("Checking SegAssess dependencies"), QgsTask.CanCancel)
        self.result = None
        self.error = ""
        self.python = ""

    def run(self):  # noqa: D401 (QgsTask API, on a worker thread)
        try:
            self.python = interpreter.python_interpreter()
            self.result = run_check(self.python, subprocess_run.plugin_environment(), self.setProgress,
                                    self.isCanceled)
        except (OSError, subprocess.SubprocessError, RuntimeError) as exc:
            self.error = tr("The dependency check in a separate Python ({python}) failed; a package may be broken. "
                            "Details:").format(python=self.python or "?") + "\n" + str(exc)
            QgsMessageLog.logMessage(self.error, LOG_TAG, Qgis.Warning)
            return False
        return True


class DependencyDialog(QDialog):
    """The report (fixed-width), a progress bar while the check runs, and the install button."""

    def __init__(self, parent, on_install):
        super().__init__(parent)
        self.setWindowTitle(tr("SegAssess dependencies"))
        lay = QVBoxLayout(self)
        self.view = QPlainTextEdit(tr("Checking the dependencies in QGIS's Python…"))
        self.view.setReadOnly(True)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.view.setMinimumSize(760, 320)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        lay.addWidget(self.view)
        lay.addWidget(self.bar)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.install = buttons.addButton(tr("Install / update dependencies"), QDialogButtonBox.ActionRole)
        self.install.clicked.connect(lambda: (on_install(), self.accept()))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.task = None
        self.result = None  # the check's result once it ended (the task manager then deletes the task)
        self.done = False

    def start(self) -> DependencyCheckTask:
        """Start the check in the background; the dialog fills in when it ends."""
        self.task = DependencyCheckTask()
        self.task.progressChanged.connect(lambda p: self.bar.setValue(int(p)))
        self.task.taskCompleted.connect(self.show_result)
        self.task.taskTerminated.connect(self.show_result)
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def show_result(self):
        task, self.task = self.task, None
        self.result = task.result
        self.bar.setValue(100)
        self.view.setPlainText(format_report(task.result, deps.target_dir()) if task.result else task.error)
        self.done = True


def install_task(log_tag: str = LOG_TAG) -> QgsTask:
    """pip-install the pinned requirements for QGIS's Python (CUDA or CPU builds chosen from nvidia-smi)."""
    def run(task):
        deps.install(interpreter.python_interpreter(), log=lambda line: QgsMessageLog.logMessage(line, log_tag, Qgis.Info))
        return True

    return QgsTask.fromFunction(tr("Installing SegAssess dependencies"), run)
