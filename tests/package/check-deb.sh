#!/bin/bash
# The package test (label "package"): builds the .deb and .tar.gz with CPack from the build tree,
# unpacks the .deb into a temporary root and checks what a user would get: the files, their
# metadata (desktop-file-validate, appstreamcli), the package's dependencies, and the installed
# binaries themselves (petrel-cli --version, petrel --version, petrel alive under Xvfb for a few
# seconds with a fresh profile and HOME). Needs no network.
#
#   check-deb.sh BUILD_DIR VERSION APP_ID [CPACK [CONFIG]]
set -u

build=$1
version=$2
app_id=$3
cpack=${4:-cpack}
config=${5:-}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }
die() { echo "FAIL: $*"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/petrel-package.XXXXXX") || die "mktemp"
gui_pid=""
cleanup() {
    [ -n "$gui_pid" ] && kill -KILL "$gui_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

for tool in dpkg-deb desktop-file-validate appstreamcli xvfb-run tar; do
    command -v "$tool" >/dev/null || die "$tool is missing (run ./.ci/deps)"
done

# --- 1. Build the packages, into the temporary folder (the build tree's own stay untouched) ---
config_args=()
[ -n "$config" ] && config_args=(-C "$config")
start=$(date +%s)
if ! "$cpack" -G "DEB;TGZ" --config "$build/CPackConfig.cmake" -B "$tmp/packages" "${config_args[@]}" \
        >"$tmp/cpack.log" 2>&1; then
    cat "$tmp/cpack.log"
    die "cpack failed"
fi
echo "cpack took $(($(date +%s) - start)) s"
debs=("$tmp"/packages/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || die "expected one .deb, found: ${debs[*]}"
deb=${debs[0]}
tgzs=("$tmp"/packages/*.tar.gz)
[ ${#tgzs[@]} -eq 1 ] && [ -f "${tgzs[0]}" ] || die "expected one .tar.gz, found: ${tgzs[*]}"
tgz=${tgzs[0]}
pass "built $(basename "$deb") and $(basename "$tgz")"

# --- 2. The package's control fields ---
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = petrel ] && pass "Package: petrel" || fail "Package is '$(field Package)', not petrel"
[ "$(field Version)" = "$version" ] && pass "Version: $version" || fail "Version is '$(field Version)', not $version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] && pass "Architecture: $(field Architecture)" \
    || fail "Architecture is '$(field Architecture)'"
description=$(field Description)
case "$description" in
    *'&'[a-z]*';'*) fail "Description has XML entities: $description" ;;
    "Mail client"*) pass "Description: ${description%%$'\n'*}" ;;
    *) fail "Description is not Petrel's: $description" ;;
esac
depends=$(field Depends)
echo "      Depends: $depends"
# The runtime libraries the binaries link (dpkg-shlibdeps names them; their versions vary).
for lib in libvmime libwx_gtk3u_core-3.2 libwx_baseu-3.2 libsqlite3 libgnutls30 libsecret-1 libstdc++6 libc6; do
    case "$depends" in
        *"$lib"*) ;;
        *) case "$lib" in
               libwx_gtk3u_core-3.2|libwx_baseu-3.2)
                   case "$depends" in *libwxgtk3.2*|*libwxbase3.2*) ;; *) fail "Depends lacks wxWidgets ($lib)";; esac ;;
               *) fail "Depends lacks $lib" ;;
           esac ;;
    esac
done
pass "Depends names vmime, wxWidgets, SQLite, GnuTLS, libsecret"

# --- 3. Unpack and check the files ---
root=$tmp/root
dpkg-deb -x "$deb" "$root" || die "dpkg-deb -x failed"
for f in usr/bin/petrel usr/bin/petrel-cli; do
    [ -x "$root/$f" ] && pass "$f" || fail "$f missing or not executable"
done
desktop=usr/share/applications/$app_id.desktop
metainfo=usr/share/metainfo/$app_id.metainfo.xml
for f in "$desktop" "$metainfo" usr/share/icons/hicolor/scalable/apps/petrel.svg; do
    [ -s "$root/$f" ] && pass "$f" || fail "$f missing"
done
# "W H" from a PNG's IHDR, or nothing if the file is not a PNG.
png_size() {
    [ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ] || return 0
    od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }'
}
for size in 16 24 32 48 64 128 256 512; do
    png=usr/share/icons/hicolor/${size}x${size}/apps/petrel.png
    if [ ! -s "$root/$png" ]; then
        fail "$png missing"
    elif [ "$(png_size "$root/$png")" != "$size $size" ]; then
        fail "$png is not a ${size}x${size} PNG (header says: $(png_size "$root/$png"))"
    fi
done
pass "hicolor icons 16..512 are PNGs of their size"
# Nothing else: no static libraries, headers or test programs slip into the package. A file
# that belongs in it goes into this list.
unexpected=$(cd "$root" && find . -type f | sed 's|^\./||' | grep -Ev \
    '^usr/bin/petrel(-cli)?$|^usr/share/(applications|metainfo)/|^usr/share/icons/hicolor/|^usr/share/(doc|man|locale)/' || true)
[ -z "$unexpected" ] && pass "no unexpected files" || fail "unexpected files in the package:
$unexpected"

# --- 4. Desktop integration metadata ---
if out=$(desktop-file-validate "$root/$desktop" 2>&1); then pass "desktop-file-validate"; else fail "desktop-file-validate: $out"; fi
[ -n "${out:-}" ] && echo "$out"
grep -qx 'MimeType=.*x-scheme-handler/mailto;.*' "$root/$desktop" && pass "mailto: handler" \
    || fail "the .desktop file does not register x-scheme-handler/mailto"
grep -qx 'Exec=petrel %u' "$root/$desktop" && pass "Exec=petrel %u" || fail "Exec is not 'petrel %u'"
grep -qx 'Icon=petrel' "$root/$desktop" && pass "Icon=petrel" || fail "Icon is not 'petrel'"
if out=$(appstreamcli validate --no-net --pedantic "$root/$metainfo" 2>&1); then
    pass "appstreamcli validate --no-net"
else
    fail "appstreamcli validate --no-net"
fi
echo "$out" | sed 's/^/      /'
# The installed tree as a whole: metainfo, .desktop file and icon found and consistent.
if out=$(appstreamcli validate-tree --no-net "$root" 2>&1); then
    pass "appstreamcli validate-tree --no-net"
else
    fail "appstreamcli validate-tree --no-net"
    echo "$out" | sed 's/^/      /'
fi
grep -q "<release version=\"$version\"" "$root/$metainfo" && pass "metainfo has a release entry for $version" \
    || fail "metainfo has no release entry for $version"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$root/$metainfo" \
    && pass "metainfo launches $app_id.desktop" || fail "metainfo's launchable is not $app_id.desktop"

# --- 5. The .tar.gz holds the same program ---
listing=$(tar -tzf "$tgz")
for f in bin/petrel bin/petrel-cli "share/applications/$app_id.desktop" "share/metainfo/$app_id.metainfo.xml"; do
    echo "$listing" | grep -q "^[^/]*/$f\$" || fail ".tar.gz lacks $f"
done
pass ".tar.gz holds bin/petrel, bin/petrel-cli and the desktop files"

# --- 6. The installed binaries: system libraries only, stripped, one version ---
for bin in petrel petrel-cli; do
    exe=$root/usr/bin/$bin
    missing=$(env -u LD_LIBRARY_PATH ldd "$exe" 2>&1 | grep 'not found' || true)
    [ -z "$missing" ] && pass "$bin: every library resolves from the system" || fail "$bin: $missing"
    if readelf -d "$exe" | grep -Eq 'RPATH|RUNPATH'; then
        fail "$bin has an RPATH/RUNPATH: $(readelf -d "$exe" | grep -E 'RPATH|RUNPATH')"
    fi
    if readelf -S "$exe" | grep -q '\.debug_info'; then fail "$bin is not stripped"; fi
done

cd "$tmp" || die "cd"
cli_out=$(env -u LD_LIBRARY_PATH HOME="$tmp/home" "$root/usr/bin/petrel-cli" --version 2>&1)
[ "$cli_out" = "petrel-cli $version" ] && pass "installed petrel-cli --version: $cli_out" \
    || fail "installed petrel-cli --version printed '$cli_out', expected 'petrel-cli $version'"
gui_out=$(env -u LD_LIBRARY_PATH -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" "$root/usr/bin/petrel" --version 2>&1)
[ "$gui_out" = "petrel $version" ] && pass "installed petrel --version: $gui_out" \
    || fail "installed petrel --version printed '$gui_out', expected 'petrel $version'"
[ "${cli_out##* }" = "${gui_out##* }" ] && pass "petrel and petrel-cli report the same version" \
    || fail "petrel says '${gui_out##* }', petrel-cli says '${cli_out##* }'"
header_version=$(sed -n 's/^#define PETREL_VERSION "\(.*\)"$/\1/p' "$build/generated/PetrelVersion.h")
[ "$header_version" = "$version" ] && pass "build's PetrelVersion.h says $version" \
    || fail "build's PetrelVersion.h says '$header_version', project(VERSION) says $version"

# --- 7. The installed petrel runs: a fresh profile and HOME, under Xvfb, alive after 3 s ---
mkdir -p "$tmp/home" "$tmp/xdg-runtime"
chmod 700 "$tmp/xdg-runtime"
cat >"$tmp/run-gui.sh" <<EOF
#!/bin/bash
# Runs inside xvfb-run: start the installed petrel, check it after 3 s, stop it with SIGTERM.
# A second one starts the way the desktop's "Exec=petrel %u" does for a mailto: link.
echo started >"$tmp/xvfb-ok"
"$root/usr/bin/petrel" --profile "$tmp/profile" >"$tmp/gui.log" 2>&1 &
pid=\$!
echo \$pid >"$tmp/gui.pid"
"$root/usr/bin/petrel" --profile "$tmp/profile-mailto" 'mailto:bob@example.com?subject=Hello%20there' \
    >"$tmp/gui-mailto.log" 2>&1 &
mailto_pid=\$!
sleep 3
if kill -0 \$pid 2>/dev/null; then echo alive >"$tmp/gui.alive"; fi
if kill -0 \$mailto_pid 2>/dev/null; then echo alive >"$tmp/gui-mailto.alive"; fi
kill -TERM \$mailto_pid 2>/dev/null
wait \$mailto_pid
echo \$? >"$tmp/gui-mailto.status"
kill -TERM \$pid 2>/dev/null
for i in \$(seq 1 50); do kill -0 \$pid 2>/dev/null || break; sleep 0.1; done
if kill -0 \$pid 2>/dev/null; then echo "no exit 5 s after SIGTERM" >"$tmp/gui.hung"; kill -KILL \$pid; fi
wait \$pid
echo \$? >"$tmp/gui.status"
EOF
for attempt in 1 2; do
    rm -f "$tmp/xvfb-ok"
    env -u LD_LIBRARY_PATH -u DISPLAY -u WAYLAND_DISPLAY -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME \
        HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/xdg-runtime" GDK_BACKEND=x11 NO_AT_BRIDGE=1 \
        xvfb-run -a -s "-screen 0 1280x1024x24" bash "$tmp/run-gui.sh" >"$tmp/xvfb.log" 2>&1
    # xvfb-run -a can lose a race for a display number with another test starting an X server.
    [ -f "$tmp/xvfb-ok" ] && break
    echo "      xvfb-run did not start (attempt $attempt): $(cat "$tmp/xvfb.log")"
    sleep 1
done
[ -f "$tmp/xvfb-ok" ] || die "Xvfb did not start"
gui_pid=""
status=$(cat "$tmp/gui.status" 2>/dev/null || echo none)
if [ -f "$tmp/gui.alive" ]; then pass "installed petrel still running after 3 s"; else fail "installed petrel died within 3 s (exit status $status)"; fi
[ -f "$tmp/gui.hung" ] && fail "installed petrel: $(cat "$tmp/gui.hung")"
# 143 = ended by the SIGTERM we sent (128 + 15); 0 = it handled SIGTERM and exited cleanly.
case "$status" in
    0|143) pass "installed petrel ended on SIGTERM (exit status $status)" ;;
    *) fail "installed petrel exit status $status (crash or error), not SIGTERM's 143 or 0" ;;
esac
mailto_status=$(cat "$tmp/gui-mailto.status" 2>/dev/null || echo none)
if [ -f "$tmp/gui-mailto.alive" ]; then pass "installed petrel started with a mailto: link (Exec=petrel %u) and stayed up"
else fail "installed petrel given a mailto: link died within 3 s (exit status $mailto_status): $(cat "$tmp/gui-mailto.log")"; fi
[ -f "$tmp/profile/petrel.db" ] && pass "installed petrel created its fresh profile" \
    || fail "installed petrel did not create $tmp/profile/petrel.db"
for log in "$tmp/gui.log" "$tmp/gui-mailto.log"; do
    [ -s "$log" ] || continue
    echo "      $(basename "$log"):"
    sed 's/^/      | /' "$log"
    if grep -Eiq 'assert|critical|segmentation|terminate called' "$log"; then
        fail "installed petrel ($(basename "$log")) reported an assertion, a critical error or a crash"
    fi
done

echo "elapsed $(($(date +%s) - start)) s"
if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all package checks passed"
