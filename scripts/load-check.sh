#!/usr/bin/env bash
# The TCK on a loaded machine: starts CPU-bound processes, twice as many as there are cores, then runs the
# TCK jar against the reference implementation and through the Python driver (asyncio, uvloop) with their
# known-failures files, and counts the runs that pass (exit code 0). A slow machine must not fail a correct
# implementation: every run should pass.
#
#   scripts/load-check.sh [REFERENCE_RUNS [PYTHON_RUNS]]     (defaults: 5 and 3)
#
# Needs tck/target/tck.jar (mvn -B -q install -DskipTests) and, for the Python runs, a python3 with uvloop
# ($TCK_PYTHON, else python3). Each run's console goes to target/load-check/<name>-<n>.log.
set -uo pipefail
cd "$(dirname "$0")/.."

reference_runs=${1:-5}
python_runs=${2:-3}
jar=tck/target/tck.jar
out=target/load-check
[ -f "$jar" ] || { echo "no $jar: run mvn -B -q install -DskipTests first" >&2; exit 2; }
mkdir -p "$out"

burners=$(( 2 * $(nproc) ))
pids=()
stop_burners() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; }
trap stop_burners EXIT
for _ in $(seq "$burners"); do
    sh -c 'while :; do :; done' &
    pids+=($!)
done
echo "load: $burners busy processes on $(nproc) cores"

failures=0
run() { # name, count, tck arguments...
    local name=$1 count=$2 passed=0
    shift 2
    for i in $(seq "$count"); do
        local start=$SECONDS
        java -jar "$jar" --reports "$out/reports-$name" "$@" >"$out/$name-$i.log" 2>&1
        local code=$?
        local summary
        summary=$(tail -n 1 "$out/$name-$i.log")
        printf '%-10s run %d: exit %d in %3d s  %s\n' "$name" "$i" "$code" $((SECONDS - start)) "$summary"
        [ "$code" -eq 0 ] && passed=$((passed + 1)) || failures=$((failures + 1))
    done
    echo "$name: $passed of $count runs passed"
}

run reference "$reference_runs"
if [ "$python_runs" -gt 0 ]; then
    run asyncio "$python_runs" --driver asyncio --known-failures drivers/python/known-failures-asyncio.txt
    run uvloop "$python_runs" --driver uvloop --known-failures drivers/python/known-failures-uvloop.txt
fi
[ "$failures" -eq 0 ]
