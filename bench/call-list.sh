#!/usr/bin/env bash
# The call list's statements on a million calls in PostgreSQL (issue 11): seeds calls, summaries, tags and
# recordings into a schema of its own in the test database (dropped afterwards, whatever happens; the public schema
# the tests use is never touched), runs each list query — first pages, filtered pages, deep keyset pages, the
# caller search — N times, and prints p50/p95/max in milliseconds. Target: p95 < 200 ms.
#
#   bench/call-list.sh                    # 1,000,000 calls, 50 runs per query
#   CALLS=200000 RUNS=20 bench/call-list.sh
#   EXPLAIN=1 bench/call-list.sh          # also prints EXPLAIN (ANALYZE, BUFFERS) of each query on stderr
set -euo pipefail
cd "$(dirname "$0")/.."

calls=${CALLS:-1000000}
runs=${RUNS:-50}
url=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
schema="bench_call_list_$$"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
work=$(mktemp -d /tmp/uketsuke-call-list.XXXXXX)
trap 'rm -rf "$work"' EXIT

# the application's classes (migrations, CallListSql) and the few libraries the bench needs, from the local
# Maven repository the build filled (the newest version present of each)
flock /tmp/uketsuke-maven.lock ./mvnw -q -o -pl server -am test-compile -DskipTests
m2=${M2_REPO:-$HOME/.m2/repository}
jar() { # group path, artifact, version prefix
  ls -d "$m2/$1/$2"/$3* 2>/dev/null | sort -V | tail -1 | while read -r dir; do ls "$dir"/"$2"-*.jar | grep -v sources | head -1; done
}
classpath="server/target/classes"
for spec in "org/flywaydb flyway-core 12" "org/flywaydb flyway-database-postgresql 12" "org/postgresql postgresql 42" \
            "tools/jackson/core jackson-databind 3" "tools/jackson/core jackson-core 3" \
            "com/fasterxml/jackson/core jackson-annotations 2"; do
  # shellcheck disable=SC2086
  found=$(jar $spec)
  [ -n "$found" ] || { echo "bench: missing $spec in $m2 (build the project once online)" >&2; exit 1; }
  classpath="$classpath:$found"
done

echo "call list on $calls calls, $runs runs per query ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
"$java" -cp "$classpath" bench/CallListBench.java "$url" "$schema" "$calls" "$runs" ${EXPLAIN:+explain}
