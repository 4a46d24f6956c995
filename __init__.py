"""SegAssess for QGIS. QGIS calls `classFactory`; importing this package loads neither torch nor QGIS."""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    from .segassess_qgis.plugin import SegAssessPlugin

    return SegAssessPlugin(iface)
