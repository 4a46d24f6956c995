"""The four quality classes: one place for their order, names, raster values and colours.

Channel order of every probability array is TP, FP, TN, FN; the quality raster stores them as
values 1..4 (0 = nodata). Colours are the paper's (TP red, FP green, TN blue, FN cyan).
"""
CLASS_NAMES = ("TP", "FP", "TN", "FN")
CLASS_VALUES = {name: value for value, name in enumerate(CLASS_NAMES, start=1)}
CLASS_COLOURS = {1: (255, 0, 0), 2: (0, 255, 0), 3: (0, 0, 255), 4: (0, 255, 255)}
# Opacity (0-255) of each class when the quality map is reviewed over the imagery (QGIS style, .qml):
# TN transparent, TP faint, FP and FN strong but semi-transparent; the colours stay the paper's.
CLASS_ALPHA = {1: 64, 2: 160, 3: 0, 4: 160}
CLASS_LABELS = {1: "TP (true positive)", 2: "FP (false positive)", 3: "TN (true negative)", 4: "FN (false negative)"}
NODATA = 0
