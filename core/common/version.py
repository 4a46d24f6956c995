"""The version of SegAssess, from its one source: `version=` in the QGIS plugin metadata
(metadata.txt at the package root), which QGIS and its plugin repository read and which must
ship with the plugin anyway. pyproject.toml takes the package version from here (a dynamic
version), build_plugin.py names the zip with it and every summary.json records it.

Standard library only: setuptools and build_plugin.py load this file by path.
"""
from __future__ import annotations

import configparser
from pathlib import Path

METADATA = Path(__file__).resolve().parents[2] / "metadata.txt"


def read_version(metadata=METADATA) -> str:
    """`version` of the [general] section of a QGIS plugin metadata.txt."""
    cp = configparser.ConfigParser(interpolation=None)
    if not cp.read(metadata, encoding="utf-8"):
        raise FileNotFoundError(f"{metadata} is missing: it holds the plugin's version")
    return cp["general"]["version"].strip()


__version__ = read_version()
