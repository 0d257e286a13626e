#!/bin/sh
# Checks tests/servers/with-keyring itself: the command gets a working keyring, a private HOME,
# its stdin and its exit status, and nothing the script started outlives it.
set -u
wk="${1:?usage: with-keyring-selftest.sh PATH/TO/with-keyring}"
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/petrel-wk-selftest.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# 1. A real, unlocked keyring; fresh HOME; the command's exit status comes back.
"$wk" sh -c '
    printf %s "selftest-secret" | secret-tool store --label="Petrel: selftest" service Petrel/selftest user u || exit 90
    [ "$(secret-tool lookup service Petrel/selftest user u)" = selftest-secret ] || exit 91
    [ "$PETREL_TEST_KEYRING" = unlocked ] || exit 92
    case "$HOME" in "${TMPDIR:-/tmp}"/petrel-keyring.*) ;; *) exit 93 ;; esac
    echo "$DBUS_SESSION_BUS_ADDRESS" >"$1/bus"
    cat "$XDG_RUNTIME_DIR/../gnome-keyring.pid" >"$1/daemon.pid"
    echo "$HOME" >"$1/home"
    exit 42
' sh "$scratch" 2>"$scratch/stderr"
status=$?
[ $status -eq 42 ] || fail "exit status $status, expected 42 (stderr: $(cat "$scratch/stderr"))"

# 2. Nothing left: the daemon's pid is gone (or only an unreaped zombie) and no process
#    refers to the run's temporary directory; the directory itself is deleted.
sleep 0.3
if [ -s "$scratch/daemon.pid" ]; then
    pid=$(cat "$scratch/daemon.pid")
    if kill -0 "$pid" 2>/dev/null; then
        state=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)
        [ "$state" = Z ] || fail "gnome-keyring-daemon $pid still running (state $state)"
    fi
else
    fail "the command did not see a keyring daemon pid"
fi
run_dir=$(dirname "$(cat "$scratch/home" 2>/dev/null || echo /nonexistent/x)")
leftover=$(pgrep -f "$run_dir" | while read -r p; do
    state=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | cut -c1)
    [ "$state" = Z ] || echo "$p"
done)
[ -z "$leftover" ] || fail "processes still running from $run_dir: $(ps -o pid,cmd -p $(echo $leftover) 2>/dev/null)"
[ ! -e "$run_dir" ] || fail "temporary directory $run_dir was not removed"

# 3. Standard input reaches the command (e.g. petrel-cli --password-stdin).
got=$(echo "piped-password" | "$wk" sh -c 'read -r line; echo "$line"' 2>/dev/null)
[ "$got" = piped-password ] || fail "stdin not passed through (got '$got')"

# 4. A command killed by a signal is reported as 128+n; a missing command as 127.
"$wk" sh -c 'kill -9 $$' 2>/dev/null
status=$?
[ $status -eq 137 ] || fail "killed command: status $status, expected 137"
"$wk" /nonexistent/petrel-command 2>/dev/null
status=$?
[ $status -eq 127 ] || fail "missing command: status $status, expected 127"

# 5. --no-daemon: a bus without any Secret Service.
"$wk" --no-daemon sh -c '
    [ "$PETREL_TEST_KEYRING" = none ] || exit 94
    [ -n "$DBUS_SESSION_BUS_ADDRESS" ] || exit 95
    secret-tool lookup service Petrel/x user u >/dev/null 2>&1 && exit 96
    exit 0
' 2>/dev/null
status=$?
[ $status -eq 0 ] || fail "--no-daemon run: status $status"

# 6. SIGINT is not left ignored for the command (sh ignores it for background jobs).
ignored=$("$wk" sh -c 'grep SigIgn /proc/self/status' 2>/dev/null | awk '{print $2}')
if [ -n "$ignored" ] && [ $((0x$ignored & 2)) -ne 0 ]; then
    fail "SIGINT is ignored in the command (SigIgn=$ignored)"
fi

if [ $failures -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "with-keyring: all checks passed"
