"""Progress reporting passed into the core (never a global), so the core knows nothing of QGIS.

The QGIS side wraps `QgsProcessingFeedback`; the CLI wraps tqdm; tests use `NullProgress`
or a recording subclass.
"""
from __future__ import annotations

from typing import Protocol

from .errors import Cancelled


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
