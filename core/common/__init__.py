"""What every stage shares: errors, progress, CRS and ground areas, quality classes, files."""
