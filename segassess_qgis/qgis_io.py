"""QGIS-side input/output helpers shared by the Processing algorithms.

Inputs: QGIS layers become files the core can read (a file-based raster by its source
path; a vector source, with selection, filter expression and reprojection into the image
CRS done by QGIS, written to a temporary GeoPackage). Outputs: the core's files become the
algorithm's destinations (rasters moved or translated, GeoPackage layers copied into
feature sinks). Translation: every user-visible string goes through `tr()`.
"""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsExpression,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from .i18n import tr  # noqa: F401 (re-exported: the algorithms take it from here)

RELEASES_URL = "https://github.com/Yangbn97/SegAssess"


# ----------------------------------------------------------------------------- naming

def crs_name(crs: QgsCoordinateReferenceSystem) -> str:
    """'EPSG:2953' or, for a custom CRS, its description."""
    if not crs.isValid():
        return tr("no CRS")
    return crs.authid() or crs.description() or tr("custom CRS")


def extent_text(rect: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> str:
    """An extent as an analyst reads it: 'xmin, ymin : xmax, ymax (EPSG:xxxx)'."""
    prec = 6 if crs.isValid() and crs.isGeographic() else 1
    return "{:.{p}f}, {:.{p}f} : {:.{p}f}, {:.{p}f} ({})".format(
        rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum(), crs_name(crs), p=prec)


def sheet_name(layer) -> str:
    """The map sheet's name: the image file's base name (else the layer name)."""
    path = raster_path_or_none(layer)
    if path:
        return Path(path).stem
    return layer.name() if layer is not None else "segassess"


WORK_PREFIX = "segassess_"


def _sweep_dead_work_folders(base: Path) -> None:
    """Remove work folders of SegAssess runs whose process is gone (qgis_process killed, QGIS crashed):
    `<system temp>/processing_*/segassess_<what>_<pid>_<id>`, those of this machine's dead processes."""
    for folder in base.parent.glob(f"processing_*/{WORK_PREFIX}*"):
        parts = folder.name.rsplit("_", 2)
        if len(parts) != 3 or not parts[1].isdigit() or int(parts[1]) == os.getpid():
            continue
        try:
            os.kill(int(parts[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


def temp_dir(prefix: str = "segassess") -> Path:
    """A fresh folder under the Processing temporary folder (removed by QGIS on exit; by the next run
    when this process is killed): `<prefix>_<pid>_<id>`."""
    base = Path(QgsProcessingUtils.tempFolder())
    _sweep_dead_work_folders(base)
    d = base / f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:12]}"
    d.mkdir(parents=True, exist_ok=True)
    return d


# ----------------------------------------------------------------------------- inputs

def raster_path_or_none(layer) -> str | None:
    """The local file behind a GDAL raster layer, or None (WMS, memory, database ...).

    The core opens the file by its path, so a raster that is only one part of a file (a table of
    a GeoPackage, a NetCDF/HDF subdataset, a member of a zip archive: decodeUri splits those into
    the container's path plus layerName/vsiPrefix) is None too: its path would make the core
    read the container, i.e. another raster or none.
    """
    if layer is None or not isinstance(layer, QgsRasterLayer):
        return None
    if layer.providerType() != "gdal":
        return None
    parts = QgsProviderRegistry.instance().decodeUri("gdal", layer.source())
    if parts.get("layerName") or parts.get("vsiPrefix") or parts.get("vsiSuffix"):
        return None
    path = parts.get("path") or layer.source()
    if path.startswith("/vsi"):
        return None
    return path if os.path.isfile(path) else None


def raster_path(layer, role: str) -> str:
    """The file behind a raster layer used as `role` (e.g. "image"), or a clear error."""
    if layer is None:
        raise QgsProcessingException(tr("The {role} raster layer could not be loaded.").format(role=role))
    path = raster_path_or_none(layer)
    if path is None:
        raise QgsProcessingException(
            tr("The {role} layer '{name}' is not a file-based raster (provider '{provider}'); SegAssess reads "
               "rasters from files: save it first (right-click > Export > Save As... GeoTIFF) and use the saved "
               "file.").format(role=role, name=layer.name(), provider=layer.providerType()))
    if not layer.crs().isValid():
        raise QgsProcessingException(
            tr("The {role} layer '{name}' has no coordinate reference system; set it in Layer Properties > "
               "Source and run again.").format(role=role, name=layer.name()))
    return path


def layer_extent_in(layer, crs: QgsCoordinateReferenceSystem, transform_context) -> QgsRectangle:
    """A layer's extent transformed into `crs`."""
    ext = layer.extent()
    if layer.crs() == crs or not layer.crs().isValid():
        return ext
    try:
        return QgsCoordinateTransform(layer.crs(), crs, transform_context).transformBoundingBox(ext)
    except Exception:  # QgsCsException: extent not representable in the target CRS
        return QgsRectangle()


def check_overlap(what: str, what_name: str, what_extent: QgsRectangle, what_crs, image_layer,
                  image_extent: QgsRectangle | None = None) -> None:
    """Refuse an annotation that lies entirely outside the image, naming both extents."""
    img_ext = image_extent or image_layer.extent()
    if what_extent.isNull() or not what_extent.intersects(img_ext):
        raise QgsProcessingException(
            tr("The {what} '{name}' does not overlap the image '{image}': {what} extent {ext1} (in the image "
               "CRS, from {crs1}), image extent {ext2}. Check that both layers cover the same area and that "
               "their coordinate reference systems are set correctly.").format(
                what=what, name=what_name, image=image_layer.name(),
                ext1=extent_text(what_extent, image_layer.crs()), crs1=crs_name(what_crs),
                ext2=extent_text(img_ext, image_layer.crs())))


def is_selected_only(value) -> bool:
    """Whether a feature-source parameter value asks for the selected features only."""
    return isinstance(value, QgsProcessingFeatureSourceDefinition) and bool(value.selectedFeaturesOnly)


def _check_source(source, source_name: str, what: str, filter_expression: str, selected_only: bool) -> None:
    """Refuse a source without geometries or CRS, an empty selection with 'selected only', an unparsable
    filter."""
    if QgsWkbTypes.geometryType(source.wkbType()) in (QgsWkbTypes.NullGeometry, QgsWkbTypes.UnknownGeometry):
        raise QgsProcessingException(
            tr("The {what} layer '{name}' has no geometries (a table, or an empty layer saved without a geometry "
               "type); choose a polygon layer.").format(what=what, name=source_name))
    if not source.sourceCrs().isValid():
        raise QgsProcessingException(
            tr("The {what} layer '{name}' has no coordinate reference system; set it in Layer Properties > "
               "Source and run again.").format(what=what, name=source_name))
    if selected_only and not source.featureCount():
        raise QgsProcessingException(
            tr("No feature of the {what} layer '{name}' is selected, but 'Selected features only' is checked: "
               "select the features to use, or uncheck 'Selected features only'.").format(
                what=what, name=source_name))
    if filter_expression:
        parsed = QgsExpression(filter_expression)
        if parsed.hasParserError():
            raise QgsProcessingException(
                tr("The filter {expr} is not a valid expression ({err}); write it like \"Niveau_2\" = "
                   "'Building'.").format(expr=filter_expression, err=parsed.parserErrorString()))


def _polygon_fields(source, source_name: str, what: str):
    """(fields without a clashing "fid", indexes of the kept source fields, multi-polygon type)."""
    fields = QgsFields()
    src_fields = source.fields()
    keep = [i for i in range(src_fields.count()) if src_fields.at(i).name().lower() != "fid"]
    for i in keep:
        fields.append(src_fields.at(i))
    geom_type = QgsWkbTypes.multiType(QgsWkbTypes.flatType(source.wkbType()))
    if QgsWkbTypes.geometryType(geom_type) != QgsWkbTypes.PolygonGeometry:
        raise QgsProcessingException(
            tr("The {what} layer '{name}' holds {kind} geometries; SegAssess needs polygons (building "
               "footprints, water bodies).").format(
                what=what, name=source_name, kind=QgsWkbTypes.geometryDisplayString(
                    QgsWkbTypes.geometryType(geom_type))))
    return fields, keep, geom_type


def _gpkg_writer(out_path: Path, fields, geom_type, crs, context):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "annotation"
    options.fileEncoding = "UTF-8"
    writer = QgsVectorFileWriter.create(str(out_path), fields, geom_type, crs, context.transformContext(), options)
    if writer.hasError() != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(tr("Cannot write the temporary file {path}: {err}").format(
            path=out_path, err=writer.errorMessage()))
    return writer


def _copy_features(source, request, writer, fields, keep, feedback, what: str):
    """Copy the non-empty geometries as multi-polygons; how many."""
    from qgis.core import QgsProcessingFeatureSource

    count, total = 0, source.featureCount() or 0
    for n, feat in enumerate(source.getFeatures(request, QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks)):
        if feedback is not None and feedback.isCanceled():
            break
        geom = feat.geometry()
        if geom is None or geom.isNull() or geom.isEmpty():
            continue
        geom = QgsGeometry(geom)
        geom.convertToMultiType()
        out = QgsFeature(fields)
        out.setGeometry(geom)
        out.setAttributes([feat.attributes()[i] for i in keep])
        writer.addFeature(out, QgsFeatureSink.FastInsert)
        count += 1
        if feedback is not None and total and n % 200 == 0:
            feedback.setProgressText(tr("Reading {what}: {n} of {total} features").format(what=what, n=n, total=total))
    return count


def export_features(source, source_name: str, what: str, image_layer, filter_expression: str, context,
                    feedback, out_path: Path, selected_only: bool = False) -> tuple[Path, int]:
    """Write a feature source's features, filtered and reprojected into the image CRS, to a GeoPackage.

    `source` is a QgsProcessingFeatureSource (so "selected features only" is honoured).
    Returns the GeoPackage path and the feature count; raises when the layer has no geometries, no
    CRS or no polygons, when the filter is not a valid expression, and when "selected features only"
    is set but nothing is selected (QGIS then gives an empty source, which would silently assess an
    empty annotation). No feature on the image is not an error here: the core says so.
    """
    _check_source(source, source_name, what, filter_expression, selected_only)
    request = QgsFeatureRequest()
    request.setDestinationCrs(image_layer.crs(), context.transformContext())
    if filter_expression:
        request.setFilterExpression(filter_expression)
        request.setExpressionContext(context.expressionContext())
    fields, keep, geom_type = _polygon_fields(source, source_name, what)
    writer = _gpkg_writer(out_path, fields, geom_type, image_layer.crs(), context)
    try:
        count = _copy_features(source, request, writer, fields, keep, feedback, what)
    finally:
        del writer
    if feedback is not None and feedback.isCanceled():
        raise QgsProcessingException(tr("Cancelled by the user; no output was written."))
    # no feature (an empty layer, a filter matching nothing) or none on the image: assessed like on the
    # command line, where the core says so in one line (with how far the nearest feature lies)
    return out_path, count


# ----------------------------------------------------------------------------- outputs

class RasterDelivery:
    """The core's rasters put at the destinations the user chose, all or none (core.common.files.FileGroup):
    each is moved (or copied, or translated by GDAL for other formats) into a hidden folder beside its
    destination, with its .qml style; commit() renames every staged file into place once all outputs
    were written, and abort() removes what was staged."""

    def __init__(self):
        from ..core.common.files import FileGroup

        self.group = FileGroup()

    @property
    def folder(self):
        """The destination folder being written (named in errors)."""
        return self.group.folder

    @folder.setter
    def folder(self, value):
        self.group.folder = value

    def add(self, src: Path, dest: str) -> str:
        staged = self.group.stage(dest)
        ext = Path(dest).suffix.lower()
        if ext in (".tif", ".tiff", ""):
            shutil.move(src, staged)  # same file system: a rename, no copy of a large raster
        else:
            _translate(src, staged, ext, dest)
        qml = Path(src).with_suffix(".qml")
        if qml.exists():
            shutil.copyfile(qml, staged.with_name(Path(dest).with_suffix(".qml").name))
        return str(dest)

    def commit(self) -> None:
        self.group.commit()

    def abort(self) -> None:
        self.group.abort()


def _translate(src: Path, out: Path, ext: str, dest: str) -> None:
    """A GDAL copy of `src` in the format of the destination's extension."""
    from osgeo import gdal

    from qgis.core import QgsRasterFileWriter

    driver = QgsRasterFileWriter.driverForExtension(ext.lstrip(".")) or "GTiff"
    ds = gdal.Translate(str(out), str(src), format=driver)
    if ds is None:
        raise QgsProcessingException(tr("GDAL could not write {path} (format {driver}).").format(
            path=dest, driver=driver))
    ds = None


def write_failure_message(exc, folder) -> str | None:
    """One translated sentence for an output that could not be written (full disk, read-only or forbidden
    folder), or None when `exc` is another failure."""
    from ..core.assess.outputs import write_failure

    found = write_failure(exc, folder)
    if found is None:
        return None
    kind, free = found
    if kind == "full":
        return tr("No space left on device in {folder} ({free} free): free some space or choose another "
                  "destination; no output was written.").format(folder=folder, free=free)
    if kind == "read-only":
        return tr("The destination folder {folder} is on a read-only file system: choose another destination; "
                  "no output was written.").format(folder=folder)
    return tr("Permission denied writing in {folder}: choose a destination folder you can write to; no output "
              "was written.").format(folder=folder)


def gpkg_layer(path: Path, layer_name: str) -> QgsVectorLayer | None:
    """One layer of the core's GeoPackage, or None when the core did not write it."""
    vl = QgsVectorLayer(f"{path}|layername={layer_name}", layer_name, "ogr")
    return vl if vl.isValid() else None


def sink_fields(layer: QgsVectorLayer | None) -> QgsFields:
    """The layer's fields without the GeoPackage primary key (the sink makes its own)."""
    fields = QgsFields()
    if layer is None:
        return fields
    for f in layer.fields():
        if f.name().lower() != "fid":
            fields.append(f)
    return fields


def copy_features(layer: QgsVectorLayer | None, sink, fields: QgsFields, feedback=None) -> int:
    """Copy every feature of a core GeoPackage layer into a Processing feature sink."""
    if layer is None or sink is None:
        return 0
    names = [f.name() for f in fields]
    idx = [layer.fields().indexOf(n) for n in names]
    n = 0
    for feat in layer.getFeatures():
        out = QgsFeature(fields)
        geom = feat.geometry()
        if geom is not None and not geom.isNull():
            geom = QgsGeometry(geom)
            geom.convertToMultiType()
            out.setGeometry(geom)
        attrs = feat.attributes()
        out.setAttributes([attrs[i] if i >= 0 else None for i in idx])
        if not sink.addFeature(out, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(tr("Could not write a feature to the output layer: {err}").format(
                err=getattr(sink, "lastError", lambda: "")()))
        n += 1
    return n
