"""Draw the plugin icon (64x64 PNG): a building footprint over a TP/FP/TN/FN quality map.

Why a script: the icon is reproducible and reviewable; run `python resources/make_icon.py`
after changing it and commit resources/icon.png. Written atomically (temp file + rename).
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 64
TP, FP, TN, FN = (255, 0, 0), (0, 255, 0), (0, 0, 255), (0, 255, 255)


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
    fd, tmp = tempfile.mkstemp(suffix=".png", dir=out.parent)
    os.close(fd)
    try:
        draw().save(tmp, format="PNG", optimize=True)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "icon.png"))
