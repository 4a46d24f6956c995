"""Annotation layers in PostGIS (`PG:dbname=... host=...` with the table as the layer).

Why not through GDAL like files: the GDAL bundled in the pyogrio/rasterio wheels has no
PostgreSQL driver. The table is read with psycopg2 (the libpq binding Debian ships beside
QGIS; pip: psycopg2-binary) as WKB, straight into a GeoDataFrame. pandas.read_sql is not
used because it wants SQLAlchemy for anything but SQLite.

With `near_image_only` the image's bounding box becomes a `geom && ST_MakeEnvelope(...)`
condition, which PostGIS answers from the geometry column's GiST index: one national
inventory table serves thousands of map sheets. The user's filter (`where`) is SQL run in
their own database with their own credentials, as OGR's attribute filter would be.
"""
from __future__ import annotations

from typing import Optional, Tuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from rasterio.warp import transform_bounds

from ..common.errors import InputError
from .job import AnnotationSpec


def is_postgis(path) -> bool:
    return str(path).upper().startswith("PG:")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _table(spec: AnnotationSpec) -> Tuple[str, str]:
    if not spec.layer:
        raise InputError("A PostGIS source needs its table as the layer (e.g. --layer public.buildings).")
    schema, _, table = spec.layer.rpartition(".")
    return schema or "public", table


def _connect(dsn: str, what: str):
    try:
        import psycopg2
    except ImportError:
        raise InputError(f"Reading the {what} from PostGIS needs psycopg2 (Debian: python3-psycopg2; "
                         "pip: psycopg2-binary).") from None
    try:
        return psycopg2.connect(dsn, connect_timeout=20)
    except psycopg2.Error as exc:
        raise InputError(f"Cannot connect to PostGIS for the {what} ({dsn}): {_first_line(exc)}") from None


def read_postgis(spec: AnnotationSpec, image, what: str = "annotation",
                 extent_check=None) -> gpd.GeoDataFrame:
    """The table's features (all, or with spec.near_image_only those whose bounding box meets
    the image's), indexed by the primary key when it is one column (else the row number).
    extent_check(extent, crs) is called with the table's estimated extent before reading,
    when PostGIS knows it."""
    from psycopg2 import Error, sql

    schema, table = _table(spec)
    dsn = str(spec.path)[3:].strip()
    conn = _connect(dsn, what)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT f_geometry_column, srid FROM geometry_columns "
                        "WHERE f_table_schema = %s AND f_table_name = %s", (schema, table))
            found = cur.fetchall()
            if not found:
                raise InputError(f"PostGIS has no geometry table {schema}.{table} for the {what} "
                                 "(see the geometry_columns view).")
            geom_col, srid = found[0]
            if not srid:
                raise InputError(f"The {what} table {schema}.{table} has no SRID; set one "
                                 "(ALTER TABLE ... USING ST_SetSRID(geom, XXXX)).")
            crs = CRS.from_user_input(_srs_text(cur, srid))
            pk = _primary_key(cur, schema, table)
            conditions, params = [], []
            if spec.near_image_only:
                bbox = transform_bounds(image.crs, crs, *image.bounds(), densify_pts=21)
                if extent_check is not None:
                    extent = _estimated_extent(cur, schema, table, geom_col)
                    if extent is not None:
                        extent_check(extent, crs)
                conditions.append(sql.SQL("{} && ST_MakeEnvelope(%s, %s, %s, %s, %s)").format(
                    sql.Identifier(geom_col)))
                params += [*bbox, srid]
            if spec.where:
                conditions.append(sql.SQL("({})").format(sql.SQL(spec.where)))
            query = sql.SQL("SELECT *, ST_AsBinary({g}) AS segassess_wkb FROM {s}.{t}").format(
                g=sql.Identifier(geom_col), s=sql.Identifier(schema), t=sql.Identifier(table))
            if conditions:
                query = query + sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conditions)
            try:
                cur.execute(query, params)
            except Error as exc:
                where = f" with the filter {spec.where!r}" if spec.where else ""
                raise InputError(f"Cannot read the {what} table {schema}.{table}{where}: {_first_line(exc)}") from None
            columns = [d.name for d in cur.description]
            rows = cur.fetchall()
    finally:
        conn.close()
    df = pd.DataFrame(rows, columns=columns)
    wkb = [bytes(v) if v is not None else None for v in df.pop("segassess_wkb")]
    df = df.drop(columns=[geom_col])
    df.index = pd.Index(df[pk].to_numpy() if pk and pk in df.columns else np.arange(len(df)))
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(shapely.from_wkb(wkb), index=df.index, crs=crs), crs=crs)


def _srs_text(cur, srid: int) -> str:
    """The CRS of an SRID as PostGIS defines it (spatial_ref_sys), falling back to EPSG:srid."""
    cur.execute("SELECT auth_name, auth_srid, srtext FROM spatial_ref_sys WHERE srid = %s", (srid,))
    row = cur.fetchone()
    if row and row[0] and row[1]:
        return f"{row[0]}:{row[1]}"
    if row and row[2]:
        return row[2]
    return f"EPSG:{srid}"


def _primary_key(cur, schema: str, table: str) -> Optional[str]:
    cur.execute("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = (quote_ident(%s) || '.' || quote_ident(%s))::regclass "
                "AND i.indisprimary", (schema, table))
    keys = [r[0] for r in cur.fetchall()]
    return keys[0] if len(keys) == 1 else None


def _estimated_extent(cur, schema: str, table: str, geom_col: str):
    """The table's extent from PostGIS statistics (no table scan); None before ANALYZE."""
    try:
        cur.execute("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
                    "FROM (SELECT ST_EstimatedExtent(%s, %s, %s) AS e) s", (schema, table, geom_col))
        row = cur.fetchone()
    except Exception:
        cur.connection.rollback()
        return None
    return tuple(float(v) for v in row) if row and None not in row else None


def table_state(spec: AnnotationSpec) -> list:
    """What a campaign fingerprints for a PostGIS table: its OID and PostgreSQL's counters of
    inserted, updated and deleted rows (pg_stat_user_tables; no table scan). Any committed edit
    changes them; a statistics reset changes them too, which only makes sheets redo."""
    schema, table = _table(spec)
    conn = _connect(str(spec.path)[3:].strip(), "annotation")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT relid, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables "
                        "WHERE schemaname = %s AND relname = %s", (schema, table))
            row = cur.fetchone()
    finally:
        conn.close()
    return [str(spec.path), spec.layer] + (list(map(int, row)) if row else [None])
