"""The core's Progress protocol over a QgsProcessingFeedback.

The core calls `set_progress` per tile/batch and `is_canceled` between batches; this
adapter maps its 0-100 % onto a slice of the algorithm's progress bar (reading inputs and
copying outputs take the rest) and forwards messages to the Processing log.
"""
from __future__ import annotations

from .qgis_io import tr


class QgisProgress:
    """Implements core.common.progress.Progress for a QgsProcessingFeedback (may be None)."""

    def __init__(self, feedback, start: float = 0.0, end: float = 100.0, prefix: str = ""):
        self.feedback = feedback
        self.start = float(start)
        self.end = float(end)
        self.prefix = prefix
        self._last_text = None
        self.warnings: list[str] = []

    def set_progress(self, percent: float, text: str = "") -> None:
        if self.feedback is None:
            return
        p = max(0.0, min(100.0, float(percent)))
        self.feedback.setProgress(self.start + (self.end - self.start) * p / 100.0)
        if text and text != self._last_text:
            self._last_text = text
            self.feedback.setProgressText(f"{self.prefix}{text}")

    def info(self, text: str) -> None:
        if self.feedback is not None:
            self.feedback.pushInfo(text)

    def warning(self, text: str) -> None:
        self.warnings.append(text)
        if self.feedback is None:
            return
        push = getattr(self.feedback, "pushWarning", None)  # QGIS >= 3.16
        if push is not None:
            push(text)
        else:
            self.feedback.reportError(text, False)

    def is_canceled(self) -> bool:
        return bool(self.feedback is not None and self.feedback.isCanceled())


def step(feedback, percent: float, text: str) -> None:
    """Report a step outside the core (reading the annotation, copying outputs)."""
    if feedback is None:
        return
    feedback.setProgress(percent)
    feedback.setProgressText(text)


__all__ = ["QgisProgress", "step", "tr"]
