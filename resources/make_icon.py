"""Draw the plugin icon (64x64 PNG): a building footprint over a TP/FP/TN/FN quality map.

Why a script: the icon is reproducible and reviewable; run `python resources/make_icon.py`
after changing it and commit resources/icon.png. Written atomically (core/common/files.py).
"""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

from PIL import Image, ImageDraw

# the project's class colours and atomic writer, loaded by path: this script runs without the package installed
_COMMON = Path(__file__).resolve().parents[1] / "core" / "common"
_COLOURS = runpy.run_path(str(_COMMON / "classes.py"))["CLASS_COLOURS"]
atomic_write = runpy.run_path(str(_COMMON / "files.py"))["atomic_write"]
SIZE = 64
TP, FP, TN, FN = (_COLOURS[v] for v in (1, 2, 3, 4))


def draw() -> Image.Image:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=10, fill=TN + (255,))
    # annotated building: mostly correct (TP), one wrong corner (FP), one missed wing (FN)
    d.rectangle((12, 12, 44, 44), fill=TP + (255,))
    d.rectangle((34, 12, 44, 24), fill=FP + (255,))
    d.rectangle((20, 45, 36, 53), fill=FN + (255,))
    d.rectangle((12, 12, 44, 44), outline=(255, 255, 255, 255), width=2)
    return img


def main(out: Path = Path(__file__).resolve().parent / "icon.png") -> Path:
    return atomic_write(out, lambda tmp: draw().save(tmp, format="PNG", optimize=True))


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "icon.png"))
