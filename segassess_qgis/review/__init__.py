"""The review panel: the queue of an assessment's review items in a dock widget.

`offer(path)` is what an algorithm calls when it has produced a GeoPackage with review items
(postProcessAlgorithm, on the main thread): when the plugin runs in the QGIS desktop it has
registered an opener (`set_opener`) and the panel opens on that file; in qgis_process or a
script nothing happens. Importing this package imports no heavy module.
"""
from __future__ import annotations

from typing import Callable, Optional

_opener: Optional[Callable[[str], None]] = None


def set_opener(opener: Optional[Callable[[str], None]]) -> None:
    """Register (or with None, remove) the desktop's way to show a file in the review panel."""
    global _opener
    _opener = opener


def offer(path) -> bool:
    """Open `path` in the review panel when a desktop panel is available; True if it was."""
    if _opener is None or not path:
        return False
    _opener(str(path))
    return True
