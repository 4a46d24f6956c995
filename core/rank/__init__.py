"""Ranking candidate annotations of one image without ground truth, and keeping the best of each object.

The defaults of the matching and selection rules live here (no heavy imports), so the command line
can show them without loading geopandas; `core.rank.matching` documents the rules.
"""
MIN_OVERLAP = 0.1      # features are one object when they overlap by this fraction of the smaller one's area
SINGLE_MIN_IOU = 0.5   # an object only one candidate has is kept when its estimated IoU reaches this
