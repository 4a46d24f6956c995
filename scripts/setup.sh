#!/usr/bin/env bash
# Set up everything SegAssess needs on a fresh Debian/Ubuntu machine:
#  1. QGIS 3.22+ with its Python bindings and GDAL, Xvfb (Debian packages; installed when absent and root),
#  2. a virtual environment .venv that sees QGIS's Python (--system-site-packages),
#  3. the pinned Python dependencies and this package (editable, console script `segassess`).
# Idempotent: a stamp file skips the pip step when the requirement files have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=/usr/bin/python3
# xvfb: the desktop test runs the QGIS application under a virtual X server
DEB_PACKAGES="qgis python3-qgis gdal-bin qttools5-dev-tools python3-venv python3-pip xvfb xauth"

if ! { [ -x "$PY" ] && "$PY" -c "import qgis.core" 2>/dev/null && command -v lrelease >/dev/null \
       && command -v xvfb-run >/dev/null; }; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "[setup] installing Debian packages: $DEB_PACKAGES"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $DEB_PACKAGES >/dev/null
  else
    echo "[setup] QGIS with Python bindings is missing. Install it first, e.g.:" >&2
    echo "        sudo apt-get install $DEB_PACKAGES" >&2
    exit 1
  fi
fi

# PostgreSQL + PostGIS: only for the tests of PostGIS annotation layers (skipped, with the reason, without them)
if ! ls /usr/lib/postgresql/*/lib/postgis-3.so >/dev/null 2>&1 \
    && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "[setup] installing PostgreSQL + PostGIS (for the PostGIS annotation tests)"
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql postgresql-postgis \
      >/dev/null; } || echo "[setup] PostGIS could not be installed; its tests will be skipped" >&2
fi

if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating .venv (with system site-packages so PyQGIS is visible)"
  "$PY" -m venv --system-site-packages .venv
fi

stamp=.venv/.segassess-requirements.sha256
# metadata.txt: the package version is read from it at install time
want=$(cat requirements.txt requirements-dev.txt pyproject.toml metadata.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[setup] installing pinned Python dependencies into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt 2>&1 \
    | grep -v "is neither a file nor a directory" || true
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . 2>&1 \
    | grep -v "is neither a file nor a directory" || true
  .venv/bin/python -c "import numpy, rasterio, geopandas, torch, segment_anything, qgis.core" \
    || { echo "[setup] dependency check failed" >&2; exit 1; }
  echo "$want" > "$stamp"
fi
echo "[setup] ready: $(.venv/bin/python -c 'import qgis.core as q, torch; print("QGIS", q.Qgis.QGIS_VERSION, "| torch", torch.__version__)')"
