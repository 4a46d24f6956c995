#!/usr/bin/env bash
# QGIS 3.40 LTR for the tests, beside the system QGIS (Debian bookworm: 3.22) and without touching it:
# a Debian bookworm root (debootstrap) with QGIS 3.40 from bookworm-backports, entered with chroot in a
# private mount namespace (unshare), so its mounts vanish with the command and runs never collide.
# The repository's own .venv is used inside it as it is: same Debian, same Python 3.11, and
# --system-site-packages then sees QGIS 3.40's Python bindings instead of 3.22's.
#
#   bash scripts/qgis340.sh setup          create the root once (~2 min; needs root and the network)
#   bash scripts/qgis340.sh run CMD ARGS   run CMD in the repository, inside the root
#
# SEGASSESS_QGIS340_ROOT: where the root lives (default /var/cache/segassess/qgis340-root, shared by the
# checkouts of this machine); SEGASSESS_DEBIAN_MIRROR: the Debian mirror (default deb.debian.org).
set -euo pipefail

ROOTFS=${SEGASSESS_QGIS340_ROOT:-/var/cache/segassess/qgis340-root}
MIRROR=${SEGASSESS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PACKAGES="qgis python3-qgis qgis-providers gdal-bin xvfb xauth qttools5-dev-tools"
REPO=$(cd "$(dirname "$0")/.." && pwd)
# the repository and ../shared (the sample data the tests read) appear at the same paths inside the root
SHARE=$(dirname "$REPO")
[ "$SHARE" != "/" ] || SHARE=$REPO

need_root() {
  if [ "$(id -u)" != "0" ]; then
    echo "[qgis340] needs root (debootstrap, chroot, mount namespaces)" >&2
    exit 1
  fi
}

# Enter the root with /proc, /dev, /sys and the checkout's folder mounted; the mounts are private.
enter() {
  local cmd=$1
  unshare --mount --propagation private bash -c '
    set -e
    R=$1; SHARE=$2
    mount -t proc proc "$R/proc"
    mount --rbind /dev "$R/dev"
    mount --rbind /sys "$R/sys"
    mkdir -p "$R$SHARE"
    mount --bind "$SHARE" "$R$SHARE"
    cp /etc/resolv.conf "$R/etc/resolv.conf" 2>/dev/null || true
    exec chroot "$R" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
      TERM="${TERM:-dumb}" SEGASSESS_QGIS340=inside bash -c "$3"
  ' enter "$ROOTFS" "$SHARE" "$cmd"
}

setup() {
  need_root
  mkdir -p "$(dirname "$ROOTFS")"
  exec 8>"$ROOTFS.lock"
  flock 8  # two checkouts running `make test` at once build it once
  if [ -x "$ROOTFS/usr/bin/qgis" ] && [ "$(cat "$ROOTFS/.segassess-packages" 2>/dev/null)" = "$PACKAGES" ]; then
    return
  fi
  if ! command -v debootstrap >/dev/null; then
    echo "[qgis340] installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  if [ ! -x "$ROOTFS/usr/bin/apt-get" ]; then
    echo "[qgis340] debootstrap bookworm into $ROOTFS"
    rm -rf "$ROOTFS.partial"
    debootstrap --variant=minbase bookworm "$ROOTFS.partial" "$MIRROR" >/dev/null
    mv "$ROOTFS.partial" "$ROOTFS"
  fi
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-backports main\n' \
    "$MIRROR" "$MIRROR" "$MIRROR" > "$ROOTFS/etc/apt/sources.list"
  echo "[qgis340] installing QGIS 3.40 from bookworm-backports: $PACKAGES"
  enter "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && \
    apt-get install -y -qq --no-install-recommends -t bookworm-backports $PACKAGES >/dev/null"
  echo "$PACKAGES" > "$ROOTFS/.segassess-packages"
}

case "${1:-}" in
  setup) setup ;;
  run)
    need_root
    shift
    [ -x "$ROOTFS/usr/bin/qgis" ] || { echo "[qgis340] no root at $ROOTFS: run '$0 setup' first" >&2; exit 1; }
    enter "cd '$REPO' && $(printf '%q ' "$@")"
    ;;
  *) echo "usage: $0 setup | run CMD [ARGS...]" >&2; exit 2 ;;
esac
