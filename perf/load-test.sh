#!/usr/bin/env bash
# perf/load-test.sh: steady load against a running edge (or anything else) for a while, optionally
# with a deploy part-way, reporting errors, throughput and latency per second and for before,
# during and after the deploy.
#
# Usage: perf/load-test.sh (--url URL [--host NAME] [--close] | --dns ADDRESS:PORT --name NAME [--type T])
#                          [--seconds N] [--concurrency N] [--timeout-ms N]
#                          [--deploy-at S --deploy-cmd 'CMD'] [--out FILE.md] [--title TEXT] [--notes FILE]
#   --url URL           HTTP or HTTPS URL to GET (HTTPS trusts any certificate)
#   --host NAME         Host header (and TLS SNI) to send, e.g. web.demo.localhost
#   --close             a new connection per request (default: HTTP/1.1 keep-alive)
#   --dns ADDR:PORT     DNS server to query over UDP, e.g. 127.0.0.1:15353
#   --name NAME         the name to ask for;  --type T  its type (default A)
#   --seconds N         how long to load (default 30)
#   --concurrency N     connections (HTTP) or sockets (DNS), each with one request in flight (default 16)
#   --timeout-ms N      a request not answered within this is an error (default 2000)
#   --deploy-at S       run --deploy-cmd S seconds after the load starts (any shell command: a curl to
#   --deploy-cmd CMD    the control API, an inventory edit, a script); its output goes to <out>.deploy.log
#   --out FILE.md       where to write the summary (default perf/results/load-test-<UTC time>.md);
#                       the plot goes beside it as FILE.png and the per-second figures as FILE.tsv
#   --title TEXT        the summary's heading;  --notes FILE  markdown put under the heading
#   --measured-by TEXT  the command line the summary names (for scripts built on this one)
#
# How: a small Java load generator (io.edgeplane.perf.load.LoadMain in perf/target/benchmarks.jar;
# built when missing or older than its sources unless PERF_SKIP_BUILD=1) runs N threads in a closed
# loop, as wrk and dnsperf do. Every request's latency and outcome is filed under the second it
# finished in and the deploy phase: before the command started, while it ran, after it ended. Errors,
# strictly, with no retries: a failed connect, a reset, a connection closed before the whole response,
# no answer within --timeout-ms, an HTTP status outside 2xx/3xx, a DNS rcode other than NOERROR or no
# answer records. Latency percentiles are of successful requests. The generator shares the machine
# with what it loads: on 2 cores it takes about half of them, so read throughput as a floor.
# Exit status: 0 when there were no errors and the deploy command (if any) succeeded, 1 otherwise.
source "$(dirname "$0")/lib/common.sh"
invocation=$(printf '%q ' "perf/load-test.sh" "$@")

url='' host='' close=0 dns='' name='' type=A seconds=30 concurrency=16 timeout_ms=2000
deploy_at='' deploy_cmd='' out='' title='' notes=''
while [[ $# -gt 0 ]]; do
  case $1 in
    --url) url=$2; shift 2 ;;
    --host) host=$2; shift 2 ;;
    --close) close=1; shift ;;
    --dns) dns=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    --type) type=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --timeout-ms) timeout_ms=$2; shift 2 ;;
    --deploy-at) deploy_at=$2; shift 2 ;;
    --deploy-cmd) deploy_cmd=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --title) title=$2; shift 2 ;;
    --notes) notes=$2; shift 2 ;;
    --measured-by) invocation=$2; shift 2 ;;
    --help|-h) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ -n $url || -n $dns ]] || die "give --url URL or --dns ADDRESS:PORT --name NAME (see --help)"
[[ -z $url || -z $dns ]] || die "give --url or --dns, not both"
[[ -z $dns || -n $name ]] || die "--dns needs --name"
[[ -z $deploy_at && -z $deploy_cmd || -n $deploy_at && -n $deploy_cmd ]] || die "--deploy-at and --deploy-cmd go together"
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || die "--seconds must be a positive whole number"
if [[ -n $deploy_at ]]; then
  awk -v a="$deploy_at" -v s="$seconds" 'BEGIN { exit !(a + 0 >= 0 && a + 0 < s + 0) }' || die "--deploy-at must be from 0 to --seconds"
fi
[[ -z $notes || -r $notes ]] || die "cannot read --notes $notes"

need_packages gnuplot-nox
select_jdk
jar=$perf_dir/target/benchmarks.jar
if [[ ${PERF_SKIP_BUILD:-} != 1 ]] && { [[ ! -f $jar ]] || [[ -n $(find "$perf_dir/src/main/java/io/edgeplane/perf/load" -newer "$jar" -name '*.java' | head -1) ]]; }; then
  log "building the load generator (./mvnw package -pl perf -am)"
  (cd "$root" && ./mvnw -q -B -ntp -pl perf -am package -DskipTests) || die "build failed"
fi
[[ -f $jar ]] || die "$jar is missing: build it with ./mvnw -pl perf -am package -DskipTests"

if [[ -z $out ]]; then
  mkdir -p "$results_dir"
  out=$results_dir/load-test-$(date -u +%Y%m%dT%H%M%SZ).md
fi
mkdir -p "$(dirname "$out")"
out_base=${out%.md}
png=$out_base.png

args=(--out-dir "$work/load" --seconds "$seconds" --concurrency "$concurrency" --timeout-ms "$timeout_ms")
if [[ -n $url ]]; then
  args+=(--http "$url")
  [[ -n $host ]] && args+=(--host "$host")
  [[ $close == 1 ]] && args+=(--close)
else
  args+=(--dns "$dns" --name "$name" --type "$type")
fi
[[ -n $deploy_at ]] && args+=(--deploy-at "$deploy_at" --deploy-cmd "$deploy_cmd")

log "loading ${url:-$dns $name} for ${seconds}s at concurrency $concurrency${deploy_at:+, deploy at ${deploy_at}s}"
# The generator ends itself (after --seconds, then at most 120 s for an unfinished deploy command);
# timeout is only a backstop. In the background and remembered, so that Ctrl-C or SIGTERM here
# stops it (and it stops the deploy command) through the cleanup trap.
timeout -k 5 $((seconds + 180)) "$JAVA_HOME/bin/java" -XX:+UseParallelGC -Xmx512m \
  -cp "$jar" io.edgeplane.perf.load.LoadMain "${args[@]}" 2> >(grep -v '^SLF4J' >&2) &
pids+=($!)
wait "${pids[-1]}" || die "the load generator failed"

meta() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$work/load/meta.tsv"; }
cp "$work/load/seconds.tsv" "$out_base.tsv"
rm -f "$out_base.deploy.log"
[[ -f $work/load/deploy.log ]] && cp "$work/load/deploy.log" "$out_base.deploy.log"
errors=$(meta errors) deploy_exit=$(meta deploy_exit) ds=$(meta deploy_start_s) de=$(meta deploy_end_s)

# --- the plot: throughput and p99 per second, errors marked, the deploy shaded -------------------
deploy_marks=''
if [[ $ds != - ]]; then
  de_plot=$de
  [[ $de_plot == - ]] && de_plot=$seconds
  deploy_marks="set object 1 rect from $ds, graph 0 to $de_plot, graph 1 behind fc rgb '#e8e8f8' fs solid 1.0 noborder
set arrow 1 from $ds, graph 0 to $ds, graph 1 nohead lc rgb '#3030a0' lw 2 dt 2
set label 1 'deploy' at $ds, graph 0.97 offset 0.5,0 tc rgb '#3030a0'"
fi
gnuplot <<GP
set terminal pngcairo size 1000,450
set output "$png"
set title "$(printf '%s' "${title:-Load test}" | tr -d '"'): ${url:-$dns $name}, concurrency $concurrency"
set datafile separator "\t"
set key outside bottom center horizontal
set xlabel "seconds since the load started (each point: the requests that finished in that second)"
set ylabel "successful requests per second"
set y2label "p99 latency (ms)"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set xrange [0:$seconds]
set grid
$deploy_marks
plot "$work/load/seconds.tsv" skip 1 using (\$1 - 0.5):2 with linespoints lw 2 pt 7 ps 0.5 lc rgb '#1f77b4' title "req/s (ok)", \
     "" skip 1 using (\$1 - 0.5):6 axes x1y2 with linespoints lw 2 pt 7 ps 0.5 lc rgb '#ff7f0e' title "p99 ms", \
     "" skip 1 using (\$1 - 0.5):(\$3 > 0 ? 0 : 1/0) with points pt 9 ps 2 lc rgb '#d62728' title "errors (count above)", \
     "" skip 1 using (\$1 - 0.5):(\$3 > 0 ? 0 : 1/0):(sprintf("%d", \$3)) with labels offset 0,1.2 tc rgb '#d62728' notitle
GP

# --- the summary -----------------------------------------------------------------------------
phase_rows() {
  awk -F'\t' 'NR > 1 { printf "| %s | %s-%s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $9, $10, $11 }' "$work/load/phases.tsv"
}
{
  echo "# ${title:-Load test}"
  echo
  if [[ -n $notes ]]; then cat "$notes"; echo; fi
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`${invocation% }\`."
  echo "Machine: $(machine_line)."
  echo "Target: $(meta target); load: $concurrency $( [[ -n $url ]] && echo "HTTP/1.1 connections ($( [[ $close == 1 ]] && echo 'a new one per request' || echo 'keep-alive'))" || echo "UDP sockets") in a closed loop for $seconds s, timeout $timeout_ms ms, no retries (io.edgeplane.perf.load.LoadMain)."
  if [[ -n $deploy_at ]]; then
    echo "Deploy: at ${deploy_at} s, \`$(printf '%s' "$deploy_cmd" | tr '\n' ' ')\`; it ran from ${ds} s to ${de} s, exit status ${deploy_exit}."
  fi
  echo
  echo "**Errors: $errors** ($(meta error_kinds)); $(meta requests) requests, $(meta ok_per_s) successful/s on average, p50 $(meta p50_ms) ms, p99 $(meta p99_ms) ms, max $(meta max_ms) ms."
  echo
  echo "| phase | seconds | requests | errors | ok req/s | p50 ms | p99 ms | max ms | errors by kind |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
  phase_rows
  echo
  echo "Latencies are of successful requests, filed under the second and the phase in which they finished; \"during\" is while the deploy command ran."
  echo
  echo "![throughput and p99 per second]($(basename "$png"))"
  echo
  echo "<details><summary>Every second</summary>"
  echo
  echo "| second | ok | errors | p50 ms | p90 ms | p99 ms | max ms | errors by kind |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---|"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$work/load/seconds.tsv"
  echo
  echo "</details>"
} >"$out"
log "written $out, $png and $out_base.tsv"
awk -F'\t' '{ printf "%-7s %-13s %10s %7s %9s %9s %9s %9s  %s\n", $1, $2 "-" $3, $4, $5, $6, $7, $9, $10, $11 }' "$work/load/phases.tsv" \
  | sed '1s/from_s-to_s/seconds/' >&2
[[ $errors == 0 && ( -z $deploy_at || $deploy_exit == 0 ) ]]
