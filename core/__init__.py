"""Geoprocessing core of SegAssess: pure Python (numpy, rasterio, geopandas), no torch, no Qt/QGIS.

One subpackage per concept:
- `assess/`: one sheet. image + annotation --(inputs, annotation)--> aligned mask on the image
  grid --(tiling)--> window plan --(pipeline)--> batches --(assessors: network or reference)-->
  --(stitching)--> blended class probabilities --(outputs, polygons, scores)--> quality raster,
  confidence raster, FP/FN polygons, per-feature scores, summary.
- `campaign/`: many sheets: sheet lists and fingerprints, the manifest, the campaign report.
- `review/`: the analyst's review: ranked review items, decisions, suggested edits, training export.
- `synthetic/`: generated scenes and the inventory error simulator (demo, tests, training).
- `common/`: what every stage shares: errors, progress, CRS and areas, quality classes.
"""
