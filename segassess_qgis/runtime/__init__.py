"""How the plugin runs its Python: which process it is in, the one interpreter finder, the one
isolation mechanism for heavy imports, and the supervisor of the campaign subprocess.

`interpreter` and `imports` import neither Qt nor QGIS, so the dependency check can run them in a
child interpreter (the same imports an algorithm does); `subprocess_run` is QGIS-side.
"""
