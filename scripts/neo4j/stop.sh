#!/usr/bin/env bash
# Stops the Neo4j that start.sh started on NEO4J_BOLT_PORT (7687) and deletes its data directory
# when start.sh made a temporary one. A server start.sh did not start is left alone.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
port="${NEO4J_BOLT_PORT:-7687}"
cache="${NEO4J_CACHE_DIR:-$repo/.sensei/neo4j}"
run_dir="$cache/run-$port"

if [ ! -f "$run_dir/pid" ]; then
  echo "no Neo4j started by start.sh on port $port"
  exit 0
fi
pid="$(cat "$run_dir/pid")"

# Only our launcher: a pid left from a crashed run may belong to another process by now.
if kill -0 "$pid" 2>/dev/null && grep -q Launcher "/proc/$pid/cmdline" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "Neo4j (pid $pid) did not stop in 30 s: killing it"
    kill -KILL "$pid" 2>/dev/null
  fi
  echo "Neo4j on port $port stopped (pid $pid)"
else
  echo "Neo4j on port $port was not running (stale pid $pid)"
fi

if [ "$(cat "$run_dir/data-dir-temporary" 2>/dev/null)" = 1 ]; then
  rm -rf "$(cat "$run_dir/data-dir")"
fi
rm -f "$run_dir/pid" "$run_dir/data-dir" "$run_dir/data-dir-temporary"
