"""Map-sheet campaigns: sheet lists and fingerprints, the manifest that makes them resumable, the report."""
