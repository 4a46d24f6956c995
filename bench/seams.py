"""Seams at sheet boundaries in sheet-index mode: how far the sheets of a mosaic, assessed one
by one and joined, are from one run over the whole mosaic.

    .venv/bin/python bench/seams.py [--out bench/out/seams]

Two adjacent generated 384 px GeoTIFFs, a VRT over both (gdalbuildvrt), a sheet index that
cuts the VRT at x = 300 px (not at the files' edge), the built-in demo model (tile 256,
overlap 64). Each sheet is run with `core.assess.pipeline.run_assessment` exactly as a campaign
worker runs it; the joined quality rasters are compared with the whole-mosaic run, over
the whole mosaic and within +-24 px of the cut. Variants: no context (margin 0), a fixed
64 px margin, the default grid-aligned window; and on a 16-bit copy of the mosaic (the
east file brighter) the grid-aligned window with per-sheet percentiles vs. the mosaic's.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CUT, BAND, TILE, OVERLAP = 300, 24, 256, 64


def _quality(path):
    import rasterio

    with rasterio.open(path) as ds:
        return ds.read(1)


def _joined(sheets, assessor, out: Path, stretch_limits=None):
    import numpy as np

    from segassess.core.assess.job import AssessJob
    from segassess.core.assess.pipeline import run_assessment

    parts = []
    for s in sheets:
        job = AssessJob(image=s.image, annotation=s.annotation, out_dir=out / s.sheet_id, tile_size=TILE,
                        overlap=OVERLAP, overwrite=True, prefix=f"{s.sheet_id}_", core_window=s.core_window,
                        stretch_limits=stretch_limits)
        parts.append(_quality(run_assessment(job, assessor).quality))
    return np.concatenate(parts, axis=1)


def _agreement(joined, whole) -> dict:
    band = slice(CUT - BAND, CUT + BAND)
    return {"all": round(float((joined == whole).mean()) * 100, 2),
            "near_cut": round(float((joined[:, band] == whole[:, band]).mean()) * 100, 2)}


def _vrt(files, out: Path) -> Path:
    subprocess.run(["gdalbuildvrt", str(out)] + [str(f) for f in files], check=True, capture_output=True)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "seams")
    args = ap.parse_args(argv)

    import geopandas as gpd
    import numpy as np
    import rasterio
    from shapely.geometry import box

    from segassess.cli.campaign import CampaignSettings, mosaic_stretch
    from segassess.core.assess.job import AnnotationSpec, AssessJob
    from segassess.core.assess.pipeline import run_assessment
    from segassess.core.synthetic.scene import write_sheet_grid
    from segassess.core.campaign.sheets import discover_sheets
    from segassess.models.engines import make_assessor
    from segassess.models.registry import demo_model_path

    out = args.out
    data = write_sheet_grid(out / "data", n=2, size=384, cols=2, seed=3)
    tifs = sorted(data["images"].glob("*.tif"))
    mosaic = _vrt(tifs, out / "mosaic.vrt")
    with rasterio.open(mosaic) as ds:
        b, t = ds.bounds, ds.transform
    cut = b.left + CUT * t.a
    gpd.GeoDataFrame({"sheet": ["west", "east"]}, geometry=[box(b.left, b.bottom, cut, b.top),
                                                           box(cut, b.bottom, b.right, b.top)],
                     crs="EPSG:32618").to_file(out / "index.gpkg", layer="index")
    ann = AnnotationSpec(data["inventory"])
    assessor = make_assessor(demo_model_path(), tile_size=TILE)

    def whole_run(image, name):
        job = AssessJob(image=image, annotation=ann, out_dir=out / name, tile_size=TILE, overlap=OVERLAP,
                        overwrite=True)
        return _quality(run_assessment(job, assessor).quality)

    def sheets(image, margin):
        return discover_sheets(out / "index.gpkg", ann, mosaic=image, id_field="sheet", margin_px=margin,
                               tile_size=TILE, overlap=OVERLAP)

    results = {}
    whole = whole_run(mosaic, "whole")
    for name, margin in (("margin 0 (no context)", 0), ("margin 64 px", 64), ("grid-aligned (default)", None)):
        results[name] = _agreement(_joined(sheets(mosaic, margin), assessor, out / f"u8_{margin}"), whole)

    # 16-bit copy, east file brighter: per-window percentiles differ from sheet to sheet
    files16 = []
    for i, tif in enumerate(tifs):
        with rasterio.open(tif) as src:
            arr, profile = src.read().astype(np.uint16), src.profile
        profile.update(dtype="uint16", photometric="RGB")
        files16.append(out / f"u16_{i}.tif")
        with rasterio.open(files16[-1], "w", **profile) as dst:
            dst.write(arr * 40 + (4000 if i else 0))
    mosaic16 = _vrt(files16, out / "mosaic16.vrt")
    whole16 = whole_run(mosaic16, "whole16")
    limits = mosaic_stretch(str(mosaic16), CampaignSettings(out_dir=out, assessor="trivial"))
    results["16-bit, per-sheet percentiles"] = _agreement(
        _joined(sheets(mosaic16, None), assessor, out / "u16_sheet"), whole16)
    results["16-bit, mosaic percentiles (default)"] = _agreement(
        _joined(sheets(mosaic16, None), assessor, out / "u16_mosaic", limits), whole16)

    (out / "results.json").write_text(json.dumps(results, indent=2))
    print("| variant | agreement with the whole-mosaic run, % | within ±24 px of the cut, % |")
    print("|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['all']} | {r['near_cut']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
