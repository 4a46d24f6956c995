"""Progress reporting passed into the core (never a global), so the core knows nothing of QGIS.

The QGIS side wraps `QgsProcessingFeedback`; the CLI wraps tqdm; tests use `NullProgress`
or a recording subclass.
"""
from __future__ import annotations

from typing import Protocol

from .errors import Cancelled


class Message(str):
    """A progress text a front-end can translate: the English text itself (a str: the CLI prints it as
    is), plus its `template` and `values` (the QGIS plugin shows tr(template).format(**values)).
    The core stays free of Qt; the templates are collected for translation by i18n/update_ts.py."""

    template: str
    values: dict

    def __new__(cls, template: str, **values):
        obj = super().__new__(cls, template.format(**values))
        obj.template = template
        obj.values = values
        return obj


def msg(template: str, **values) -> Message:
    """A translatable progress text: msg("Assessed tile {done}/{total}", done=3, total=9)."""
    return Message(template, **values)


class Progress(Protocol):
    def set_progress(self, percent: float, text: str = "") -> None: ...
    def info(self, text: str) -> None: ...
    def warning(self, text: str) -> None: ...
    def is_canceled(self) -> bool: ...


class NullProgress:
    """Reports nothing, never cancels. Keeps warnings so callers and tests can read them."""

    def __init__(self):
        self.warnings: list[str] = []
        self.messages: list[str] = []

    def set_progress(self, percent: float, text: str = "") -> None:
        pass

    def info(self, text: str) -> None:
        self.messages.append(text)

    def warning(self, text: str) -> None:
        self.warnings.append(text)

    def is_canceled(self) -> bool:
        return False


def check_cancel(progress: Progress) -> None:
    """Raise `Cancelled` if the user asked to stop (called between batches)."""
    if progress.is_canceled():
        raise Cancelled("Cancelled by the user; no output was written.")


class ScaledProgress:
    """A Progress for a part of the work: its [src_lo, src_hi] percent are reported as [lo, hi] of the
    whole (e.g. one of several annotations' post-processing); messages and cancel pass through."""

    def __init__(self, progress: Progress, lo: float, hi: float, src_lo: float = 0.0, src_hi: float = 100.0):
        self.progress, self.lo, self.hi, self.src_lo, self.src_hi = progress, lo, hi, src_lo, src_hi
        self.warnings = getattr(progress, "warnings", [])

    def set_progress(self, percent: float, text: str = "") -> None:
        f = (percent - self.src_lo) / (self.src_hi - self.src_lo)
        self.progress.set_progress(self.lo + (self.hi - self.lo) * min(1.0, max(0.0, f)), text)

    def info(self, text: str) -> None:
        self.progress.info(text)

    def warning(self, text: str) -> None:
        self.progress.warning(text)

    def is_canceled(self) -> bool:
        return self.progress.is_canceled()
