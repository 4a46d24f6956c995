"""Pipeline benchmark: time per stage and peak RSS for 2k², 4k², 8k² images with a
constant-time assessor (core.assess.assessors.TrivialAssessor), so the figures measure the
geoprocessing (reads, rasterizing, stitching, writing, polygons, scores), not a network.

    .venv/bin/python bench/pipeline.py [--sizes 2048 4096 8192] [--out bench/out]

Each size runs in its own process so peak RSS (ru_maxrss) is per size. Inputs are
generated window by window (the generator itself never holds the image).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np


def parse_size(text) -> tuple:
    """'4096' -> (4096, 4096); '2048x8192' -> (2048, 8192) (width x height)."""
    w, _, h = str(text).partition("x")
    return int(w), int(h or w)


def make_inputs(size, out: Path):
    import geopandas as gpd
    import rasterio
    from affine import Affine
    from rasterio.windows import Window
    from shapely.geometry import box

    out.mkdir(parents=True, exist_ok=True)
    width, height = parse_size(size)
    img = out / f"image_{size}.tif"
    vec = out / f"buildings_{size}.gpkg"
    if img.exists() and vec.exists():
        return img, vec
    t = Affine(0.5, 0, 500000, 0, -0.5, 4500000)
    rng = np.random.default_rng(width * 7 + height)
    with rasterio.open(img, "w", driver="GTiff", width=width, height=height, count=3, dtype="uint8", crs="EPSG:32618",
                       transform=t, tiled=True, blockxsize=256, blockysize=256, compress="deflate") as ds:
        for r in range(0, height, 512):
            h = min(512, height - r)
            ds.write(rng.integers(0, 255, (3, h, width), dtype=np.uint8), window=Window(0, r, width, h))
    # one 10x8 m building per 40x40 m cell
    geoms = [box(500000 + 40 * i + 5, 4500000 - 40 * j - 21, 500000 + 40 * i + 15, 4500000 - 40 * j - 13)
             for i in range(int(width * 0.5 // 40)) for j in range(int(height * 0.5 // 40))]
    gpd.GeoDataFrame(geometry=geoms, crs="EPSG:32618").to_file(vec)
    return img, vec


def run_one(size, out: Path) -> dict:
    from segassess.core.assess.assessors import TrivialAssessor
    from segassess.core.assess.job import AnnotationSpec, AssessJob
    from segassess.core.assess.pipeline import run_assessment

    img, vec = make_inputs(size, out)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    res = run_assessment(AssessJob(img, AnnotationSpec(vec), out / f"run_{size}", tile_size=512, overlap=64,
                                   batch_size=4, overwrite=True), TrivialAssessor())
    wall = time.perf_counter() - t0
    mpx = np.prod(parse_size(size)) / 1e6
    return {"size": size, "megapixels": mpx, "wall_s": round(wall, 2), "mpx_per_s": round(mpx / wall, 2), "stages_s": res.summary_data["timing_s"],
            "features": res.summary_data["features"]["count"],
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_after_inputs_generation_mb": round(rss_before / 1024, 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=["2048", "4096", "8192", "2048x8192"],
                    help="square side or WIDTHxHEIGHT; a tall image shows memory does not grow with height")
    ap.add_argument("--out", type=Path, default=Path("bench/out"))
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        make_inputs(args.one, args.out)  # generate first, in a separate step, so RSS is the run's
        print(json.dumps(run_one(args.one, args.out)))
        return
    rows = []
    for size in args.sizes:
        subprocess.run([sys.executable, "-c", f"import sys; sys.argv=['x']; sys.path.insert(0, {str(Path(__file__).parent)!r});"
                        f"from pipeline import make_inputs; from pathlib import Path; make_inputs({size!r}, Path({str(args.out)!r}))"],
                       check=True)
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--out", str(args.out)],
                             check=True, capture_output=True, text=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(json.dumps(row))
    print("\n| image | Mpx | wall s | Mpx/s | peak RSS MB | read | assess | stitch | write | polygonize | scores |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        s = r["stages_s"]
        print(f"| {r['size']} | {r['megapixels']:.1f} | {r['wall_s']} | {r['mpx_per_s']} | {r['peak_rss_mb']} | "
              f"{s.get('read', 0)} | {s.get('assess', 0)} | {s.get('stitch', 0)} | {s.get('write', 0)} | "
              f"{s.get('polygonize', 0)} | {s.get('scores', 0)} |")


if __name__ == "__main__":
    main()
