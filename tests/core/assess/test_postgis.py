"""Annotation layers in PostGIS, against a real throw-away PostgreSQL + PostGIS server started
for this module (Debian's postgresql and postgis; scripts/setup.sh installs them as root).
Skipped, with the reason, where the server binaries, the extension or psycopg2 are missing."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio

from segassess.cli.campaign import CampaignSettings, run_campaign
from segassess.core.assess.annotation import read_vector
from segassess.core.common.errors import InputError
from segassess.core.assess.inputs import ImageSource
from segassess.core.assess.job import AnnotationSpec
from segassess.core.common.progress import NullProgress
from segassess.core.synthetic.scene import write_sheet_grid
from segassess.core.campaign.sheets import discover_sheets

pytestmark = pytest.mark.timeout(300)
PORT = 55439


def _pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("PostgreSQL server binaries are missing (Debian: postgresql)")
    bin_dir = Path(found[-1]).parent
    version = bin_dir.parent.name
    if not (Path(f"/usr/lib/postgresql/{version}/lib/postgis-3.so").exists()
            and Path(f"/usr/share/postgresql/{version}/extension/postgis.control").exists()):
        pytest.skip(f"the PostGIS extension for PostgreSQL {version} is missing (Debian: postgis)")
    pytest.importorskip("psycopg2", reason="psycopg2 is missing (Debian: python3-psycopg2)")
    return bin_dir


@pytest.fixture(scope="module")
def postgis():
    """(libpq DSN, psycopg2 connection) of a PostGIS database in a temporary cluster (unix socket only)."""
    import psycopg2

    bin_dir = _pg_bin()
    root = Path(tempfile.mkdtemp(prefix="segassess-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    os.chmod(root, 0o755)
    os.chmod(sock, 0o777)
    as_user = []
    if os.geteuid() == 0:  # the server refuses to run as root: use Debian's postgres account
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start a PostgreSQL server")
        data.mkdir()
        shutil.chown(data, "postgres", "postgres")
        shutil.chown(sock, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(as_user + [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)
    opts = f"-p {PORT} -k {sock} -c listen_addresses=''"
    subprocess.run(as_user + [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-l", str(sock / "server.log"),
                              "start"], check=True, capture_output=True)
    dsn = f"host={sock} port={PORT} user=postgres dbname=postgres"
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("CREATE EXTENSION postgis")
        yield dsn, conn
    finally:
        conn.close()
        subprocess.run(as_user + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def sheets_in_postgis(postgis, tmp_path_factory):
    """Two generated sheets and their inventory, as a GeoPackage and as the table public.buildings
    (primary key gid, a text column kind, geometry(Polygon, 32618))."""
    dsn, conn = postgis
    data = write_sheet_grid(tmp_path_factory.mktemp("pg_sheets"), n=2, size=192, cols=2)
    inv = gpd.read_file(data["inventory"])
    inv = inv.explode(index_parts=False).reset_index(drop=True)
    inv["kind"] = np.where(np.arange(len(inv)) % 2 == 0, "building", "shed")
    inv.to_file(data["inventory"].with_name("inventory_poly.gpkg"), layer="inventory")
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE public.buildings (gid integer PRIMARY KEY, sheet text, kind text, "
                    "geom geometry(Polygon, 32618))")
        cur.execute("CREATE INDEX ON public.buildings USING gist (geom)")
        cur.executemany("INSERT INTO public.buildings VALUES (%s, %s, %s, ST_GeomFromWKB(%s, 32618))",
                        [(1001 + i, r.sheet, r.kind, r.geometry.wkb) for i, r in enumerate(inv.itertuples())])
        cur.execute("ANALYZE public.buildings")
    return {**data, "gpkg": data["inventory"].with_name("inventory_poly.gpkg"), "dsn": dsn, "n": len(inv)}


def _pg(data, **kw):
    return AnnotationSpec(Path("PG:" + data["dsn"]), layer="public.buildings", **kw)


def test_a_postgis_table_reads_like_the_same_layer_in_a_geopackage(sheets_in_postgis):
    data = sheets_in_postgis
    image = ImageSource(data["images"] / "s01.tif")
    try:
        for kw in ({}, {"where": "kind = 'shed'"}, {"near_image_only": True}):
            from_pg = read_vector(_pg(data, **kw), image, NullProgress())
            from_file = read_vector(AnnotationSpec(data["gpkg"], **kw), image, NullProgress())
            assert len(from_pg) == len(from_file) > 0, kw
            assert from_pg.crs == from_file.crs
            np.testing.assert_allclose(sorted(from_pg.area), sorted(from_file.area))
            # feature ids are the table's primary key
            assert sorted(from_pg["source_fid"] - 1000) == sorted(from_file["source_fid"])
        assert len(read_vector(_pg(data), image, NullProgress())) == data["n"]
        assert len(read_vector(_pg(data, near_image_only=True), image, NullProgress())) < data["n"]
    finally:
        image.close()


def test_postgis_errors_are_one_sentence(sheets_in_postgis):
    data = sheets_in_postgis
    image = ImageSource(data["images"] / "s01.tif")
    try:
        with pytest.raises(InputError, match="no geometry table public.nope"):
            read_vector(AnnotationSpec(Path("PG:" + data["dsn"]), layer="nope"), image, NullProgress())
        with pytest.raises(InputError, match="needs its table"):
            read_vector(AnnotationSpec(Path("PG:" + data["dsn"])), image, NullProgress())
        with pytest.raises(InputError, match="with the filter"):
            read_vector(_pg(data, where="no_such_column = 1"), image, NullProgress())
        with pytest.raises(InputError, match="Cannot connect to PostGIS"):
            read_vector(AnnotationSpec(Path("PG:host=/nonexistent port=1 dbname=x"), layer="t"), image,
                        NullProgress())
    finally:
        image.close()


def test_a_campaign_reads_its_annotation_from_postgis(postgis, sheets_in_postgis, tmp_path):
    data = sheets_in_postgis
    results = {}
    for name, spec in (("pg", _pg(data)), ("gpkg", AnnotationSpec(data["gpkg"]))):
        sheets = discover_sheets(data["images"], spec, AnnotationSpec(data["truth"]))
        result = run_campaign(sheets, CampaignSettings(out_dir=tmp_path / name, assessor="reference", tile_size=128,
                                                       overlap=32, workers=1))
        assert (result.done, result.failed) == (2, 0)
        results[name] = result
    for sid in ("s01", "s02"):
        a, b = (rasterio.open(tmp_path / n / "sheets" / sid / f"{sid}_quality.tif").read(1) for n in ("pg", "gpkg"))
        np.testing.assert_array_equal(a, b)
    merged = gpd.read_file(results["pg"].report["gpkg"], layer="scored_features")
    assert {"kind", "sheet_id", "est_iou"} <= set(merged.columns) and merged["source_fid"].min() >= 1000

    # resumable: an unchanged table skips every sheet, an edited one (shared by all) redoes them
    sheets = discover_sheets(data["images"], _pg(data), AnnotationSpec(data["truth"]))
    settings = CampaignSettings(out_dir=tmp_path / "pg", assessor="reference", tile_size=128, overlap=32, workers=1)
    assert run_campaign(sheets, settings).skipped == 2
    from segassess.core.assess.postgis import table_state

    before = table_state(_pg(data))
    _, conn = postgis
    with conn.cursor() as cur:
        cur.execute("UPDATE public.buildings SET kind = 'barn' WHERE gid = 1001")
        cur.execute("SELECT pg_stat_force_next_flush()")  # publish this session's counters when idle
    deadline = time.time() + 15
    while table_state(_pg(data)) == before and time.time() < deadline:
        time.sleep(0.1)
    assert table_state(_pg(data)) != before
    again = run_campaign(sheets, settings)
    assert (again.done, again.skipped) == (2, 0)


def test_qgis_batch_campaign_takes_a_postgis_layer(sheets_in_postgis, tmp_path):
    """A PostGIS layer of the QGIS project (with its own subset string) goes to the campaign as
    PG:<connection> + schema.table + the filter, and the campaign runs on it."""
    from qgis_support import run, start_qgis

    start_qgis()
    from qgis.core import QgsVectorLayer

    from segassess.segassess_qgis.algorithms.campaign_args import vector_file

    data = sheets_in_postgis
    layer = QgsVectorLayer(f"{data['dsn']} key='gid' srid=32618 type=Polygon table=\"public\".\"buildings\" (geom)",
                           "buildings", "postgres")
    assert layer.isValid()
    layer.setSubsetString("kind = 'building'")
    dsn, table, where = vector_file(layer, "annotation", "gid > 1001")
    assert dsn.startswith("PG:") and table == "public.buildings" and where == "(kind = 'building') AND (gid > 1001)"
    res = run("segassess:batch_campaign", {
        "SHEETS_FOLDER": str(data["images"]), "ANNOTATION": layer, "ASSESSOR": 1, "TRUTH": str(data["truth"]),
        "TILE_SIZE": 128, "OVERLAP": 32, "WORKERS": 1, "OUTPUT_DIR": str(tmp_path / "out")})
    assert res["DONE"] == 2 and res["FAILED"] == 0
    scored = gpd.read_file(res["REPORT_GPKG"], layer="scored_features")
    assert set(scored["kind"]) == {"building"} and scored["source_fid"].min() > 1001
