#!/usr/bin/env bash
# make bench: coach serve on a managed redis-server (AOF on, as in
# production) and a bare Gin server, both driven by cmd/loadgen from a
# third process. Scoring is local and the per-user answer limit is off
# (COACH_SCORE_LIMIT=0); every connection is its own user.
#
#   BENCH_CONNS=32 BENCH_DURATION=10s scripts/bench.sh
#   BENCH_ONLY=answers BENCH_DURATION=30s BENCH_PROFILE=cpu.pprof BENCH_PROFILE_AFTER=12 scripts/bench.sh
#
# Then, unless BENCH_FLOOR=0 (or BENCH_ONLY leaves the answer path out),
# it measures the answer path's floor
# (cmd/loadgen/floor.go: only the work the target names, on the same
# Redis), without and with a token lookup, against the same bare server.
set -euo pipefail
cd "$(dirname "$0")/.."
conns=${BENCH_CONNS:-32}
duration=${BENCH_DURATION:-10s}
go=${GO:-go}
tmp=$(mktemp -d /tmp/coach-bench-XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

$go build -o "$tmp/coach" ./cmd/coach
$go build -o "$tmp/loadgen" ./cmd/loadgen

"$tmp/loadgen" bare --addr 127.0.0.1:0 >"$tmp/bare.out" 2>&1 &
pids+=($!)
COACH_ADDR=127.0.0.1:0 COACH_DATA_DIR="$tmp/data" COACH_SCORER=local COACH_SCORE_LIMIT=0 \
	COACH_LOG_LEVEL=${COACH_LOG_LEVEL:-info} COACH_PPROF_ADDR=${BENCH_PROFILE:+127.0.0.1:0} GIN_MODE=release \
	"$tmp/coach" serve >"$tmp/app.out" 2>"$tmp/app.err" &
app_pid=$!
pids+=($app_pid)

url_of() { # the first http:// URL a process printed
	for _ in $(seq 300); do
		u=$(grep -o 'http://[0-9.:]*' "$1" | head -1 || true)
		[ -n "$u" ] && { echo "$u"; return; }
		sleep 0.1
	done
	echo "no URL in $1:" >&2; cat "$1" "${2:-/dev/null}" >&2; exit 1
}
bare=$(url_of "$tmp/bare.out")
app=$(url_of "$tmp/app.out" "$tmp/app.err")

if [ -n "${BENCH_PROFILE:-}" ]; then
	command -v curl >/dev/null || { echo "BENCH_PROFILE needs curl (apt-get install curl)" >&2; exit 1; }
	pprof=$(url_of "$tmp/app.err")
	# Profile the middle of the run; BENCH_ONLY=answers profiles one path.
	(sleep ${BENCH_PROFILE_AFTER:-14}; curl -s -o "$BENCH_PROFILE" "$pprof/debug/pprof/profile?seconds=20") &
	pids+=($!)
fi

echo "coach $app (pid $app_pid, managed Redis in $tmp/data), bare Gin $bare; $(nproc) CPUs"
"$tmp/loadgen" run -app "$app" -bare "$bare" -redis "unix://$tmp/data/redis.sock" \
	-app-pid "$app_pid" -c "$conns" -d "$duration" -only "${BENCH_ONLY:-}"
if [ -n "${BENCH_PROFILE:-}" ]; then wait "${pids[-1]}"; echo "CPU profile: $BENCH_PROFILE"; fi

# The floor is the answer path's: a BENCH_ONLY that leaves that path out
# leaves the floor out too.
if [ "${BENCH_FLOOR:-1}" != 0 ] && [[ "POST /api/v1/sessions/{id}/answers" == *"${BENCH_ONLY:-}"* ]]; then
	for variant in "" "-token"; do
		"$tmp/loadgen" floor -redis "unix://$tmp/data/redis.sock" $variant >"$tmp/floor.out" 2>&1 &
		floor_pid=$!
		pids+=($floor_pid)
		floor=$(url_of "$tmp/floor.out")
		echo
		echo "answer path's floor${variant:+ with the token lookup} (loadgen floor${variant:+ $variant}: bind, validate, rubric score, one script, reply; nothing else)"
		"$tmp/loadgen" run -app "$floor" -bare "$bare" -c "$conns" -d "$duration" -only answers | grep -E '× bare|/answers '
		kill "$floor_pid"
	done
fi
