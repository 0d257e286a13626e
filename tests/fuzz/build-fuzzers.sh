#!/bin/sh
# Configures and builds tests/fuzz/standalone with clang (called by the fuzz_build test).
# build-fuzzers.sh CMAKE SOURCE_DIR BUILD_DIR CLANGXX [LAUNCHER]
set -eu
cmake=$1 source=$2 build=$3 cxx=$4 launcher=${5:-}
if [ -z "$cxx" ] || [ "${cxx%NOTFOUND}" != "$cxx" ]; then
    echo "fuzz_build: no clang++ found; install clang and libclang-rt-dev (.ci/deps does)" >&2
    exit 1
fi
set -- -S "$source" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx"
[ -n "$launcher" ] && set -- "$@" -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher"
"$cmake" "$@"
"$cmake" --build "$build" -j2
