#!/usr/bin/env bash
# Starts Neo4j Community 5 for the integration tier, without Docker: the first run fetches the
# server's jars from Maven Central with mvn (pom.xml here), every run starts Launcher.java on them
# with the Bolt connector on bolt://127.0.0.1:7687 (auth off, loopback only) and waits until it
# answers. Idempotent: a port that already answers is left alone. Stop it with stop.sh.
#
# Needs Java 17+ and Maven 3.8+. Settings (environment):
#   NEO4J_BOLT_PORT      Bolt port (7687)             NEO4J_BOLT_HOST   listen address (127.0.0.1)
#   NEO4J_DATA_DIR       data directory (default: a fresh temporary one, deleted by stop.sh)
#   NEO4J_CACHE_DIR      jars, compiled launcher, pid and log (<repo>/.sensei/neo4j, git-ignored)
#   NEO4J_FETCH_TIMEOUT  seconds for the first fetch (600)   NEO4J_START_TIMEOUT  seconds to wait (120)
#   NEO4J_JAVA_OPTS      JVM options (small heap; C1 only, which halves start-up on small machines)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
host="${NEO4J_BOLT_HOST:-127.0.0.1}"
port="${NEO4J_BOLT_PORT:-7687}"
cache="${NEO4J_CACHE_DIR:-$repo/.sensei/neo4j}"
run_dir="$cache/run-$port"
fetch_timeout="${NEO4J_FETCH_TIMEOUT:-600}"
start_timeout="${NEO4J_START_TIMEOUT:-120}"
java_opts="${NEO4J_JAVA_OPTS:--Xms256m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"

port_open() { (echo >"/dev/tcp/$host/$port") >/dev/null 2>&1; }
fail() { echo "neo4j: $*" >&2; exit 1; }

if port_open; then
  if [ -f "$run_dir/pid" ] && kill -0 "$(cat "$run_dir/pid")" 2>/dev/null; then
    echo "Neo4j already running on bolt://$host:$port (pid $(cat "$run_dir/pid"))"
  else
    echo "bolt://$host:$port already answers (not started by this script): using it"
  fi
  exit 0
fi

command -v java >/dev/null || fail "java not found: install a JDK 17 or later"
command -v javac >/dev/null || fail "javac not found: install a JDK 17 or later (not only a JRE)"
command -v mvn >/dev/null || fail "mvn not found: install Maven 3.8 or later"

# The jars are fetched again only when the pom or the launcher changes.
stamp="$(cat "$here/pom.xml" "$here/Launcher.java" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$cache/stamp" 2>/dev/null)" != "$stamp" ]; then
  version="$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$here/pom.xml")"
  echo "fetching Neo4j $version from Maven Central (first run only, about 125 MB)"
  started=$SECONDS
  rm -rf "$cache/lib" "$cache/classes" "$cache/stamp"
  mkdir -p "$cache"
  timeout "$fetch_timeout" mvn -B -q -Dstyle.color=never -f "$here/pom.xml" \
    dependency:copy-dependencies -DoutputDirectory="$cache/lib" \
    || fail "mvn could not fetch Neo4j in ${fetch_timeout} s (network, or a Maven mirror in ~/.m2/settings.xml?)"
  javac -nowarn -cp "$cache/lib/*" -d "$cache/classes" "$here/Launcher.java" \
    || fail "could not compile $here/Launcher.java"
  echo "$stamp" >"$cache/stamp"
  echo "fetched $(ls "$cache/lib" | wc -l) jars in $((SECONDS - started)) s into $cache"
fi

data_dir="${NEO4J_DATA_DIR:-}"
temporary=0
if [ -z "$data_dir" ]; then
  data_dir="$(mktemp -d "${TMPDIR:-/tmp}/sensei-neo4j-XXXXXX")"
  temporary=1
fi
mkdir -p "$run_dir" "$data_dir"
log="$run_dir/neo4j.log"

started=$SECONDS
# Detached from this shell's output (a CI step reading it must not wait for the server to exit).
# shellcheck disable=SC2086
nohup java $java_opts -cp "$cache/classes:$cache/lib/*" Launcher "$data_dir" "$host" "$port" \
  </dev/null >"$log" 2>&1 &
pid=$!
echo "$pid" >"$run_dir/pid"
echo "$data_dir" >"$run_dir/data-dir"
echo "$temporary" >"$run_dir/data-dir-temporary"

# A start that fails leaves nothing behind but its log.
give_up() {
  tail -n 30 "$log" >&2 || true
  kill -9 "$pid" 2>/dev/null || true
  [ "$temporary" = 1 ] && rm -rf "$data_dir"
  rm -f "$run_dir/pid" "$run_dir/data-dir" "$run_dir/data-dir-temporary"
  fail "$1 (log: $log)"
}
until grep -q '^neo4j ready' "$log" 2>/dev/null && port_open; do
  kill -0 "$pid" 2>/dev/null || give_up "Neo4j exited during start-up"
  [ $((SECONDS - started)) -lt "$start_timeout" ] ||
    give_up "Neo4j did not answer on bolt://$host:$port within ${start_timeout} s"
  sleep 0.5
done
echo "Neo4j ready on bolt://$host:$port in $((SECONDS - started)) s (pid $pid, data $data_dir, log $log)"
