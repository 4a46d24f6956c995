"""The analyst's review workflow, pure geoprocessing (no Qt, no torch).

items      what is worth a look in an assessment: FP/FN regions, missed objects, weak features,
           ranked worst first (the `review_items` layer of every `<prefix>_assessment.gpkg`)
decisions  the analyst's statuses: read, record one decision in a transaction, carry the
           decisions of an earlier run over to a new one
matching   which new item is an old one (kind + geometry overlap), which feature a region concerns
edits      accepted items -> a corrected inventory and a table of changes
shapes     regularised outlines for added objects (squared buildings, smooth water)
training   reviewed sheets -> the (image, annotation, truth) triples `segassess train` reads
"""
