"""The core's Progress protocol over a QgsProcessingFeedback.

The core calls `set_progress` per batch of tiles and `is_canceled` between batches; this adapter maps
its 0-100 % onto a slice of the algorithm's progress bar (reading inputs and copying outputs take the
rest), translates its texts (core.common.progress.Message: template + values, translated here so the
core stays Qt-free) and forwards messages to the Processing log. The Processing dialog writes every new
progress text to the log, so a text is shown when its kind changes or the run has advanced by
TEXT_STEP percent since the last one: a long run logs at most ~20 progress lines, not one per tile.
"""
from __future__ import annotations

from .qgis_io import tr

TEXT_STEP = 5.0  # percent of the algorithm's progress between two progress texts of the same kind


def translated(text: str) -> str:
    """A core text in the user's language: tr(template).format(values) for a Message, else tr(text)."""
    template = getattr(text, "template", None)
    if template is None:
        return tr(text)
    try:
        return tr(template).format(**text.values)
    except (KeyError, IndexError, ValueError):  # a translation with broken placeholders: the English text
        return str(text)


class QgisProgress:
    """Implements core.common.progress.Progress for a QgsProcessingFeedback (may be None)."""

    def __init__(self, feedback, start: float = 0.0, end: float = 100.0, prefix: str = ""):
        self.feedback = feedback
        self.start = float(start)
        self.end = float(end)
        self.prefix = prefix
        self._last = (None, -TEXT_STEP)  # (kind of the last text shown, its percent)
        self.warnings: list[str] = []

    def set_progress(self, percent: float, text: str = "") -> None:
        if self.feedback is None:
            return
        p = max(0.0, min(100.0, float(percent)))
        value = self.start + (self.end - self.start) * p / 100.0
        self.feedback.setProgress(value)
        if text:
            kind = getattr(text, "template", text)
            if kind != self._last[0] or value - self._last[1] >= TEXT_STEP or p >= 100.0:
                self._last = (kind, value)
                self.feedback.setProgressText(f"{self.prefix}{translated(text)}")

    def info(self, text: str) -> None:
        if self.feedback is not None:
            self.feedback.pushInfo(translated(text))

    def warning(self, text: str) -> None:
        self.warnings.append(text)
        if self.feedback is not None:
            self.feedback.pushWarning(translated(text))

    def is_canceled(self) -> bool:
        return bool(self.feedback is not None and self.feedback.isCanceled())


def step(feedback, percent: float, text: str) -> None:
    """Report a step outside the core (reading the annotation, copying outputs)."""
    if feedback is None:
        return
    feedback.setProgress(percent)
    feedback.setProgressText(text)


__all__ = ["QgisProgress", "step", "tr", "translated"]
