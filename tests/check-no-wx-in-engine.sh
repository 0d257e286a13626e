#!/bin/sh
# The engine (src/) is shared by the GUI and petrel-cli and must not depend on wxWidgets.
src="${1:?usage: check-no-wx-in-engine.sh SRC_DIR}"
hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]wx/' "$src")
if [ -n "$hits" ]; then
    echo "wx headers included in the engine:" >&2
    echo "$hits" >&2
    exit 1
fi
count=$(find "$src" -name '*.h' -o -name '*.cpp' | wc -l)
if [ "$count" -eq 0 ]; then
    echo "no sources found under $src" >&2
    exit 1
fi
echo "checked $count files under $src: no wx include"
