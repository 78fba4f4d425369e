#!/bin/sh
# tests/ci_deps.sh - install the Debian (bookworm) packages of the portability checks (#7).
#
#   sh tests/ci_deps.sh [matrix] [aarch64] [s390x] [mingw] [wine]     (default: all)
#
#   matrix   tcc (gcc, g++, clang and libomp-14-dev come with the machine; listed anyway)
#   aarch64  gcc-aarch64-linux-gnu + libc6-dev-arm64-cross, qemu-user
#   s390x    gcc-s390x-linux-gnu + libc6-dev-s390x-cross, qemu-user
#   mingw    gcc-mingw-w64-x86-64 (compile only)
#   wine     wine64 (runs the mingw tests; about 105 MB to download, 0.7 GB on disk; all the
#            groups together on a bare bookworm: about 300 MB, 1.6 GB, a minute to install)
# Idempotent and quiet: packages already installed are not asked for, and apt-get runs only
# when something is missing. Needs root (CI runs as root).
set -eu
GROUPS_=${*:-matrix aarch64 s390x mingw wine}
PKGS=
for g in $GROUPS_; do
    case $g in
    matrix) PKGS="$PKGS gcc g++ clang libomp-14-dev make binutils tcc" ;;
    aarch64) PKGS="$PKGS gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user" ;;
    s390x) PKGS="$PKGS gcc-s390x-linux-gnu libc6-dev-s390x-cross qemu-user" ;;
    mingw) PKGS="$PKGS gcc-mingw-w64-x86-64" ;;
    wine) PKGS="$PKGS wine64" ;;
    *) echo "ci_deps.sh: unknown group '$g' (matrix aarch64 s390x mingw wine)" >&2; exit 2 ;;
    esac
done
MISSING=
for p in $PKGS; do
    case " $MISSING " in *" $p "*) continue ;; esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || MISSING="$MISSING $p"
done
[ -z "$MISSING" ] && exit 0
echo "ci_deps.sh: installing$MISSING"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $MISSING >/dev/null
