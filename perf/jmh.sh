#!/usr/bin/env bash
# Runs the JMH micro-benchmarks of the hot paths. Usage: perf/jmh.sh [JMH options] [regex]
#   perf/jmh.sh                      every benchmark, default settings (a few minutes)
#   perf/jmh.sh HostMatch            only benchmarks whose name matches
#   perf/jmh.sh -h                   JMH's own options (PERF_SKIP_BUILD=1: use the existing build)
# Results go to perf/results/jmh-<date>.txt as well as the terminal.
set -euo pipefail
if [[ ${1:-} == --help ]]; then sed -n '2,6p' "$0"; exit 0; fi
root=$(cd "$(dirname "$0")/.." && pwd)
for d in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
  if [[ -n $d && -x $d/bin/javac ]] && "$d/bin/java" -version 2>&1 | grep -q 'version "25'; then export JAVA_HOME=$d; break; fi
done
[[ ${PERF_SKIP_BUILD:-} == 1 ]] || (cd "$root" && ./mvnw -q -B -ntp -pl perf -am package -DskipTests)
mkdir -p "$root/perf/results"
out="$root/perf/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).txt"
"$JAVA_HOME/bin/java" -jar "$root/perf/target/benchmarks.jar" "$@" | tee "$out"
echo "written: $out"
