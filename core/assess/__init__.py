"""One sheet assessed: image + annotation -> tiles -> assessor -> stitched probabilities -> rasters, polygons, scores."""
