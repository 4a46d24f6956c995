"""The review panel: a dock widget that walks an analyst through an assessment's review items.

Open an assessment (`<prefix>_assessment.gpkg`) or a campaign report (`campaign_report.gpkg`):
the queue, worst first, filtered by kind, status and sheet; the current item zoomed to and
flashed over the imagery; one button per status, a note, the reviewer's name (remembered in
QgsSettings). Every decision is written to the GeoPackage at once (one SQLite transaction, see
`core.review.store`), then the panel moves on. Reopening a file resumes after the latest decision.

Keyboard (main window, while the panel is shown; changeable in Settings › Keyboard Shortcuts):
next / previous item SHORTCUTS["next"] / SHORTCUTS["previous"], statuses Ctrl+Alt+1..4.
"""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

from qgis.core import QgsProject, QgsSettings
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, Qt
from qgis.PyQt.QtGui import QKeySequence
from qgis.PyQt.QtWidgets import (QAction, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                                 QLineEdit, QMessageBox, QProgressBar, QPushButton, QTableView, QVBoxLayout, QWidget)

from ...core.review.schema import KINDS
from ..i18n import tr
from .mapview import Highlighter, add_items_layer, ensure_image, sheet_images, status_labels
from .queue import ReviewQueue

REVIEWER_KEY = "SegAssess/review/reviewer"
DECISIONS = ("confirmed", "false_alarm", "fixed", "skipped")
SHORTCUTS = {"next": "Ctrl+Alt+N", "previous": "Ctrl+Alt+B", "confirmed": "Ctrl+Alt+1", "false_alarm": "Ctrl+Alt+2",
             "fixed": "Ctrl+Alt+3", "skipped": "Ctrl+Alt+4"}


def kind_labels():
    return {"false_positive": tr("false positive"), "false_negative": tr("false negative"),
            "missed_object": tr("missed object"), "feature": tr("weak feature")}


class QueueModel(QAbstractTableModel):
    """The filtered queue as a table: priority, kind, sheet, area, confidence, status."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.queue: Optional[ReviewQueue] = None
        self.rows: List[int] = []
        self.headers = [tr("#"), tr("kind"), tr("sheet"), tr("area m²"), tr("confidence"), tr("status")]
        self.kinds, self.statuses = kind_labels(), status_labels()

    def reset(self, queue, rows) -> None:
        self.beginResetModel()
        self.queue, self.rows = queue, list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 (Qt API)
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if role != Qt.DisplayRole or not index.isValid():
            return None
        it = self.queue.items[self.rows[index.row()]]
        conf = "–" if it.mean_confidence is None else f"{it.mean_confidence:.2f}"
        return (str(it.priority), self.kinds.get(it.kind, it.kind), it.sheet_id or "", f"{it.area_m2:,.1f}", conf,
                self.statuses.get(it.status, it.status))[index.column()]

    def refresh_row(self, position: int) -> None:
        if position in self.rows:
            r = self.rows.index(position)
            self.dataChanged.emit(self.index(r, 0), self.index(r, self.columnCount() - 1))


class ReviewPanel(QgsDockWidget):
    """The dock widget; `open_file(path)` shows a file's queue."""

    def __init__(self, iface=None, parent=None):
        super().__init__(tr("SegAssess review"), parent)
        self.setObjectName("SegAssessReviewPanel")
        self.iface = iface
        self.queue: Optional[ReviewQueue] = None
        self.current: Optional[int] = None  # queue position of the item shown
        self.images = {}
        self.items_layer = None
        self.group_name = ""
        self.highlighter = Highlighter(iface.mapCanvas() if iface is not None else None)
        self.model = QueueModel(self)
        self._build()
        self.actions = self._make_actions()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        body = QWidget(self)
        lay = QVBoxLayout(body)
        top = QHBoxLayout()
        self.open_button = QPushButton(tr("Open…"), body)
        self.open_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(tr("No assessment open"), body)
        self.file_label.setWordWrap(True)
        top.addWidget(self.open_button)
        top.addWidget(self.file_label, 1)
        lay.addLayout(top)
        lay.addLayout(self._filters(body))
        self.progress = QProgressBar(body)
        self.progress_label = QLabel("", body)
        lay.addWidget(self.progress_label)
        lay.addWidget(self.progress)
        self.table = QTableView(body)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.clicked.connect(lambda index: self.go(self.model.rows[index.row()]))
        lay.addWidget(self.table, 1)
        self.item_label = QLabel("", body)
        self.item_label.setWordWrap(True)
        lay.addWidget(self.item_label)
        lay.addLayout(self._buttons(body))
        form = QFormLayout()
        self.note = QLineEdit(body)
        self.note.setPlaceholderText(tr("optional: what you saw"))
        self.reviewer = QLineEdit(QgsSettings().value(REVIEWER_KEY, "", type=str), body)
        self.reviewer.editingFinished.connect(lambda: QgsSettings().setValue(REVIEWER_KEY, self.reviewer.text()))
        form.addRow(tr("Note"), self.note)
        form.addRow(tr("Reviewer"), self.reviewer)
        lay.addLayout(form)
        self.setWidget(body)
        self._enable(False)

    def _filters(self, parent) -> QHBoxLayout:
        row = QHBoxLayout()
        self.kind_filter, self.status_filter, self.sheet_filter = (QComboBox(parent) for _ in range(3))
        self.kind_filter.addItem(tr("all kinds"), None)
        for kind in KINDS:
            self.kind_filter.addItem(kind_labels()[kind], kind)
        self.status_filter.addItem(tr("all statuses"), None)
        for status, label in status_labels().items():
            self.status_filter.addItem(label, status)
        self.sheet_filter.addItem(tr("all sheets"), None)
        for combo in (self.kind_filter, self.status_filter, self.sheet_filter):
            combo.currentIndexChanged.connect(self.apply_filters)
            row.addWidget(combo)
        return row

    def _buttons(self, parent) -> QVBoxLayout:
        col = QVBoxLayout()
        nav = QHBoxLayout()
        self.previous_button = QPushButton(tr("◀ Previous"), parent)
        self.next_button = QPushButton(tr("Next ▶"), parent)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.next_button)
        col.addLayout(nav)
        marks = QHBoxLayout()
        labels = {"confirmed": tr("Confirmed"), "false_alarm": tr("False alarm"), "fixed": tr("Fixed"),
                  "skipped": tr("Skipped")}
        self.status_buttons = {}
        for status in DECISIONS:
            button = QPushButton(labels[status], parent)
            button.setToolTip(tr("Mark the item '{status}' and go to the next one ({keys})").format(
                status=status_labels()[status], keys=SHORTCUTS[status]))
            button.clicked.connect(lambda _=False, s=status: self.mark(s))
            marks.addWidget(button)
            self.status_buttons[status] = button
        col.addLayout(marks)
        return col

    def _make_actions(self) -> List[QAction]:
        """Window-wide shortcuts (registered with QGIS so users can change them)."""
        handlers = {"next": self.next, "previous": self.previous,
                    **{s: (lambda _=False, s=s: self.mark(s)) for s in DECISIONS}}
        names = {"next": tr("Review: next item"), "previous": tr("Review: previous item"),
                 "confirmed": tr("Review: mark confirmed"), "false_alarm": tr("Review: mark false alarm"),
                 "fixed": tr("Review: mark fixed"), "skipped": tr("Review: mark skipped")}
        window = self.iface.mainWindow() if self.iface is not None else self
        actions = []
        for key, handler in handlers.items():
            action = QAction(names[key], window)
            action.setObjectName(f"SegAssessReview_{key}")
            action.setShortcut(QKeySequence(SHORTCUTS[key]))
            action.setShortcutContext(Qt.WindowShortcut)
            action.triggered.connect(handler)
            window.addAction(action)
            if self.iface is not None and hasattr(self.iface, "registerMainWindowAction"):
                self.iface.registerMainWindowAction(action, SHORTCUTS[key])
            actions.append(action)
        self.visibilityChanged.connect(lambda shown: [a.setEnabled(shown) for a in actions])
        return actions

    def release(self) -> None:
        """Remove the shortcuts and the highlight (plugin unload)."""
        for action in self.actions:
            if self.iface is not None and hasattr(self.iface, "unregisterMainWindowAction"):
                self.iface.unregisterMainWindowAction(action)
            if action.parent() is not None:
                action.parent().removeAction(action)
            action.deleteLater()
        self.actions = []
        self.highlighter.clear()

    def _enable(self, on: bool) -> None:
        for w in (self.previous_button, self.next_button, self.note, *self.status_buttons.values()):
            w.setEnabled(on)

    # ------------------------------------------------------------------ file
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Open an assessment or campaign report"), "",
                                              tr("GeoPackage (*.gpkg)"))
        if path:
            self.open_file(path)

    def open_file(self, path) -> bool:
        """Show `path`'s queue, resuming where the analyst stopped; False (and a message) if it has none."""
        try:
            queue = ReviewQueue(path)
        except ValueError as exc:
            QMessageBox.warning(self, tr("SegAssess review"), str(exc))
            return False
        self.queue, self.current = queue, None
        self.images = sheet_images(queue.path)
        self.file_label.setText(queue.path.name)
        self.file_label.setToolTip(str(queue.path))
        project = QgsProject.instance()
        self.items_layer = add_items_layer(queue.path, project)
        self.group_name = tr("SegAssess review – {name}").format(name=queue.path.name)
        if None in self.images:
            ensure_image(self.images[None], self.group_name, project)
        self.sheet_filter.blockSignals(True)
        while self.sheet_filter.count() > 1:
            self.sheet_filter.removeItem(1)
        for sheet in queue.sheets():
            self.sheet_filter.addItem(sheet, sheet)
        self.sheet_filter.setVisible(queue.has_sheets)
        self.table.setColumnHidden(2, not queue.has_sheets)
        self.sheet_filter.blockSignals(False)
        self.show()
        self.raise_()
        self.apply_filters(target=queue.resume())
        return True

    # ------------------------------------------------------------------ queue
    def apply_filters(self, *_, target: Optional[int] = None) -> None:
        """Refill the table with the filtered queue and show `target` (or the nearest item after it)."""
        if self.queue is None:
            return
        rows = self.queue.positions(self.kind_filter.currentData(), self.status_filter.currentData(),
                                    self.sheet_filter.currentData())
        self.model.reset(self.queue, rows)
        self._update_progress()
        want = self.current if target is None else target
        later = [p for p in rows if want is not None and p >= want]
        self._enable(bool(rows))
        if rows:
            self.go(later[0] if later else rows[-1])
        else:
            self.current = None
            self.item_label.setText(tr("No item matches the filters."))
            self.highlighter.clear()

    def _update_progress(self) -> None:
        total, done = len(self.queue), self.queue.reviewed()
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress_label.setText(tr("{reviewed} of {total} reviewed").format(reviewed=done, total=total))

    def go(self, position: int) -> None:
        """Show the item at queue `position`: select it, describe it, zoom to it over the imagery."""
        self.current = position
        item = self.queue.items[position]
        if position in self.model.rows:
            self.table.selectRow(self.model.rows.index(position))
        self.note.setText(item.note)
        self.item_label.setText(self._describe(item))
        project = QgsProject.instance()
        if item.sheet_id is not None and item.sheet_id in self.images:
            ensure_image(self.images[item.sheet_id], self.group_name, project)
        self.highlighter.show(item.geometry, self.queue.crs, project)

    def _describe(self, item) -> str:
        parts = [tr("Item {id} (priority {p}): {kind}, {area:,.1f} m²").format(
            id=item.item_id, p=item.priority, kind=kind_labels().get(item.kind, item.kind), area=item.area_m2)]
        if item.mean_confidence is not None:
            parts.append(tr("confidence {c:.2f}").format(c=item.mean_confidence))
        if item.est_iou is not None:
            parts.append(tr("estimated IoU {v:.2f}").format(v=item.est_iou))
        if item.feature_id is not None:
            parts.append(tr("feature {fid}").format(fid=item.feature_id))
        if item.sheet_id:
            parts.append(tr("sheet {sheet}").format(sheet=item.sheet_id))
        status = status_labels().get(item.status, item.status)
        who = tr(" by {name}").format(name=item.reviewer) if item.reviewer else ""
        return "; ".join(parts) + ". " + tr("Status: {status}{who}.").format(status=status, who=who)

    def _step(self, delta: int) -> None:
        rows = self.model.rows
        if not rows:
            return
        if self.current in rows:
            k = max(0, min(len(rows) - 1, rows.index(self.current) + delta))
        else:  # the current item left the filtered queue: the nearest one in the direction asked
            ahead = [p for p in rows if (p > self.current if delta > 0 else p < self.current)]
            k = rows.index((ahead[0] if delta > 0 else ahead[-1]) if ahead else rows[0 if delta > 0 else -1])
        self.go(rows[k])

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def mark(self, status: str) -> None:
        """Record the decision on the current item (written at once), then show the next item."""
        if self.queue is None or self.current is None:
            return
        position = self.current
        reviewer = self.reviewer.text().strip()
        QgsSettings().setValue(REVIEWER_KEY, reviewer)
        try:
            self.queue.decide(position, status, self.note.text().strip(), reviewer)
        except Exception as exc:  # noqa: BLE001 (locked or removed file: say so, keep the queue)
            QMessageBox.warning(self, tr("SegAssess review"), tr(
                "The decision could not be written to {name}: {error}. If another program or an edit session "
                "holds the file, save or stop it and try again.").format(name=self.queue.path.name, error=exc))
            return
        self.model.refresh_row(position)
        if self.items_layer is not None:
            self.items_layer.reload()
            self.items_layer.triggerRepaint()
        rows = self.queue.positions(self.kind_filter.currentData(), self.status_filter.currentData(),
                                    self.sheet_filter.currentData())
        after = [p for p in rows if p > position]
        self.current = after[0] if after else position
        self.apply_filters()
