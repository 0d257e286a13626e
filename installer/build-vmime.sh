#!/bin/sh
# Builds and installs vmime 0.9.2 from its upstream tag, for the platforms whose package
# managers do not ship it (Homebrew, MSYS2, vcpkg). Debian and Ubuntu use libvmime-dev.
# The tag is the one Debian 12 packages, so every platform runs the vmime that DESIGN.md §4
# describes (and that its work-arounds are written for).
#
#   installer/build-vmime.sh PREFIX [WORKDIR]
#
# Needs git, cmake, a C++ compiler, pkg-config, GnuTLS, GNU SASL and ICU or iconv.
# Used by .github/workflows/ci.yml (macOS, Windows/MSYS2); not run on Linux here.
set -eu
prefix=$1
work=${2:-${TMPDIR:-/tmp}/petrel-vmime}
tag=v0.9.2

rm -rf "$work"
git clone --quiet --depth 1 --branch "$tag" https://github.com/kisli/vmime.git "$work/src"
cmake -S "$work/src" -B "$work/build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_POLICY_VERSION_MINIMUM=3.5 \
    -DVMIME_BUILD_SHARED_LIBRARY=ON \
    -DVMIME_BUILD_STATIC_LIBRARY=OFF \
    -DVMIME_BUILD_SAMPLES=OFF \
    -DVMIME_BUILD_TESTS=OFF \
    -DVMIME_BUILD_DOCUMENTATION=OFF \
    -DVMIME_HAVE_MESSAGING_PROTO_SENDMAIL=OFF \
    -DVMIME_HAVE_TLS_SUPPORT=ON \
    -DVMIME_TLS_SUPPORT_LIB_IS_GNUTLS=ON \
    -DVMIME_TLS_SUPPORT_LIB_IS_OPENSSL=OFF \
    -DVMIME_HAVE_SASL_SUPPORT=ON
cmake --build "$work/build" -j2
cmake --install "$work/build"
