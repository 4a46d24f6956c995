"""Geoprocessing core of SegAssess: pure Python (numpy, rasterio, geopandas), no Qt/QGIS.

Data path, one module per arrow:
image + annotation --(inputs, annotation)--> aligned mask on the image grid
--(tiling)--> window plan --(pipeline)--> batches --(assessor: network or reference)-->
--(stitching)--> blended class probabilities --(outputs, polygons, scores)--> quality
raster, confidence raster, FP/FN polygons, per-feature scores, summary.
"""
CLASS_NAMES = ("TP", "FP", "TN", "FN")
"""Channel order of every probability array, and quality-raster values 1..4."""
