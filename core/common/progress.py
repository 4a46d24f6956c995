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
