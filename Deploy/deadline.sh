#!/usr/bin/env bash
# Runs a command with a deadline: `deadline.sh SECONDS COMMAND...`. A command still running after SECONDS has every
# thread of its test processes (*.xctest) printed with gdb, where gdb is installed, and is then killed with all its
# descendants; the exit code is then 124. A hung test run thus fails in minutes with the stacks that explain it,
# rather than holding CI until its own limit.
set -uo pipefail
limit=$1
shift

"$@" &
pid=$!

descendants() { # pid: every process below it, deepest last
    local child
    for child in $(pgrep -P "$1" 2>/dev/null); do
        echo "$child"
        descendants "$child"
    done
}

for ((waited = 0; waited < limit; waited++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid"
        exit $?
    fi
    sleep 1
done

echo "deadline: '$*' was still running after ${limit}s" >&2
tree=$(descendants "$pid")
if command -v gdb >/dev/null; then
    for process in $tree; do
        case "$(readlink "/proc/$process/exe" 2>/dev/null)" in
        *xctest*)
            echo "deadline: threads of process $process ($(tr '\0' ' ' <"/proc/$process/cmdline" 2>/dev/null))" >&2
            gdb -p "$process" -batch -ex 'thread apply all bt 25' 2>&1 | grep -v '^\[New LWP' >&2
            ;;
        esac
    done
fi
kill -TERM "$pid" $tree 2>/dev/null
sleep 3
kill -KILL "$pid" $tree 2>/dev/null
wait "$pid" 2>/dev/null
exit 124
