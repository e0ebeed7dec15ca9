#!/usr/bin/env bash
# perf/dns.sh: ElasticDNS's node client beside Unbound and dnsmasq, serving the same names on
# loopback, measured with dnsperf in the same run, alternating.
#
# Usage: perf/dns.sh [--seconds N] [--rate QPS] [--rounds N] [--layouts "pinned shared"]
#                    [--baseline DIR] [--help]
#   --seconds N    length of each dnsperf run (default 10)
#   --rate QPS     fixed rate of the latency runs (default 10000)
#   --rounds N     how many times each server is measured, alternating (default 2; the best counts)
#   --layouts L    which CPU layouts to run, in order (default "pinned shared"):
#                  pinned: each server alone on CPU 1 with one thread (Unbound num-threads 1; edge
#                    sees one CPU, so one UDP reader and one event loop), dnsperf on CPU 0;
#                  shared: nothing pinned, edge 2 UDP readers, Unbound 2 threads, dnsperf -T 1
#                    sharing the 2 cores with the server (the method of the first runs)
#   --baseline DIR also measure DIR/bin/edge (an earlier build) as "edge-before", in the same run
# Environment: EDGE_HOME=dir runs dir/bin/edge instead of the checkout's build; PERF_RESULTS_DIR
# writes the results elsewhere (trial runs).
#
# Scenarios: "zone" (cloud66.local service and database names, answered from cache) and
# "forwarded" (names of a local authoritative upstream, cached after the first query).
# Each scenario has a throughput run (dnsperf -c 20 -q 100, as fast as it answers) and a latency
# run at --rate queries/s (p50/p99 from every query's own latency, dnsperf -v). dnsmasq is
# single-threaded by design in both layouts. Besides QPS, every throughput run records the
# server's CPU time (user + system, all its threads, from /proc): dnsperf needs about a core for
# ~160k queries/s here, so in the pinned layout it, not the server, sets the QPS, and the CPU a
# server spends per query says what one core of it would answer.
# Writes perf/results/dns.md and perf/results/dns.png.
source "$(dirname "$0")/lib/common.sh"

seconds=10 rate=10000 rounds=2 layouts=(pinned shared) baseline=
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --layouts) read -r -a layouts <<<"$2"; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --help|-h) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
for l in "${layouts[@]}"; do
  [[ $l =~ ^(pinned|shared)$ ]] || die "unknown layout $l (pinned, shared)"
done
[[ $(nproc) -ge 2 ]] || die "the layouts need 2 CPUs (this machine has $(nproc))"

need_packages dnsperf unbound dnsmasq-base gnuplot-nox time
choose_edge
if [[ -n $baseline ]]; then
  [[ -x $baseline/bin/edge ]] || die "no $baseline/bin/edge"
fi
results_dir=${PERF_RESULTS_DIR:-$results_dir}
edge_version=$(git -C "$root" rev-parse --short HEAD)
[[ -z $(git -C "$root" status --porcelain -- dns 2>/dev/null) ]] || edge_version+=" with uncommitted dns changes"

readonly upstream_port=15399 edge_port=15353 central_port=15300 unbound_port=15354 dnsmasq_port=15355
readonly before_port=15356 before_central=15301
servers=(edge)
[[ -n $baseline ]] && servers+=(edge-before)
servers+=(unbound dnsmasq)
declare -A port_of=([edge]=$edge_port [edge-before]=$before_port [unbound]=$unbound_port [dnsmasq]=$dnsmasq_port)

# The application: 3 api and 3 web containers, a worker, MySQL with two groups.
cat >"$work/service.yml" <<'YML'
services:
  api: {ports: ["4000"]}
  web: {ports: ["3000"]}
  worker: {ports: ["5000"], dns_behaviour: non-versioned}
YML
cat >"$work/inventory.yml" <<'YML'
servers:
  - {name: s1, address: 127.0.0.1}
containers:
  - {id: api-1-a, service: api, version: 1, server: s1, address: 10.32.1.5}
  - {id: api-1-b, service: api, version: 1, server: s1, address: 10.32.1.6}
  - {id: api-1-c, service: api, version: 1, server: s1, address: 10.32.1.7}
  - {id: web-1-a, service: web, version: 1, server: s1, address: 10.32.1.8}
  - {id: web-1-b, service: web, version: 1, server: s1, address: 10.32.1.9}
  - {id: web-1-c, service: web, version: 1, server: s1, address: 10.32.1.10}
  - {id: worker-1-a, service: worker, version: 1, server: s1, address: 10.32.1.11}
databases:
  mysql:
    groups:
      - {name: main, primary: true, servers: [10.0.0.21]}
      - {name: spare, servers: [10.0.0.22]}
YML
edge_config() { # dir listen central control
  mkdir -p "$1"
  cp "$work/service.yml" "$work/inventory.yml" "$1/"
  cat >"$1/edge.yml" <<YML
node: {name: s1, roles: [central, node]}
control: {listen: 127.0.0.1:$4}
dns:
  zone: cloud66.local
  listen: [127.0.0.1:$2]
  central_listen: 127.0.0.1:$3
  upstreams: [127.0.0.1:$upstream_port]
  ttl: 5s
  allow: [127.0.0.0/8]
YML
}
edge_config "$work/edge" $edge_port $central_port 17070
edge_config "$work/edge-before" $before_port $before_central 17071

# The same names for Unbound (local-data) and dnsmasq (a hosts file), TTL 5 s like edge.
zone_hosts=(
  "10.32.1.5 api" "10.32.1.6 api" "10.32.1.7 api" "10.32.1.8 web" "10.32.1.9 web" "10.32.1.10 web"
  "10.32.1.11 worker" "10.0.0.21 mysql" "10.0.0.21 main.mysql" "10.0.0.22 spare.mysql"
)
: >"$work/zone.hosts"
: >"$work/unbound-local.conf"
for h in "${zone_hosts[@]}"; do
  read -r ip name <<<"$h"
  echo "$ip $name.cloud66.local" >>"$work/zone.hosts"
  echo "  local-data: \"$name.cloud66.local. 5 IN A $ip\"" >>"$work/unbound-local.conf"
done
# The forwarded names live on a local authoritative upstream (dnsmasq, TTL 300 s).
: >"$work/upstream.hosts"
for i in $(seq 1 20); do echo "192.0.2.$i host$i.example.test" >>"$work/upstream.hosts"; done

unbound_conf() { # threads
  cat <<CONF
server:
  interface: 127.0.0.1@$unbound_port
  port: $unbound_port
  num-threads: $1
  so-reuseport: yes
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$work"
  pidfile: ""
  use-syslog: no
  logfile: ""
  verbosity: 0
  do-ip6: no
  module-config: "iterator"
  do-not-query-localhost: no
  access-control: 127.0.0.0/8 allow
  local-zone: "cloud66.local." static
$(cat "$work/unbound-local.conf")
forward-zone:
  name: "."
  forward-addr: 127.0.0.1@$upstream_port
CONF
}

for n in $(seq 1 5); do for h in "${zone_hosts[@]}"; do read -r ip name <<<"$h"; echo "$name.cloud66.local A"; done; done >"$work/zone.queries"
for i in $(seq 1 20); do echo "host$i.example.test A"; done >"$work/forwarded.queries"

# Per layout: how servers and dnsperf are started, and Unbound's and dnsperf's threads.
declare -A server_cpu=([pinned]="taskset -c 1" [shared]="")
declare -A client_cpu=([pinned]="taskset -c 0" [shared]="")
declare -A unbound_threads=([pinned]=1 [shared]=2)

declare -A pid_of
start_servers() { # layout
  local layout=$1 on=${server_cpu[$1]}
  unbound_conf "${unbound_threads[$layout]}" >"$work/unbound.conf"
  # shellcheck disable=SC2086 # $on is a command prefix or nothing
  start upstream ${client_cpu[$layout]} dnsmasq --no-daemon --port=$upstream_port --listen-address=127.0.0.1 \
    --bind-interfaces --no-resolv --no-hosts --addn-hosts="$work/upstream.hosts" --local-ttl=300 >/dev/null
  # taskset and bin/edge exec what they start, so the PID is the server's own.
  start edge $on "$edge_bin" run -c "$work/edge/edge.yml" >/dev/null
  pid_of[edge]=${pids[-1]}
  if [[ -n $baseline ]]; then
    start edge-before $on "$baseline/bin/edge" run -c "$work/edge-before/edge.yml" >/dev/null
    pid_of[edge-before]=${pids[-1]}
  fi
  start unbound $on unbound -d -c "$work/unbound.conf" >/dev/null
  pid_of[unbound]=${pids[-1]}
  start dnsmasq $on dnsmasq --no-daemon --port=$dnsmasq_port --listen-address=127.0.0.1 \
    --bind-interfaces --no-resolv --no-hosts --addn-hosts="$work/zone.hosts" --local-ttl=5 --cache-size=10000 \
    --server=127.0.0.1#$upstream_port >/dev/null
  pid_of[dnsmasq]=${pids[-1]}
  wait_for_log "$work/edge.log" "revision" 60
  [[ -z $baseline ]] || wait_for_log "$work/edge-before.log" "revision" 60
  sleep 1
  local s
  for s in "${servers[@]}"; do
    dig +short +time=2 +tries=3 -p "${port_of[$s]}" @127.0.0.1 api.cloud66.local | grep -q 10.32.1 \
      || die "$s (port ${port_of[$s]}) does not answer api.cloud66.local (see $work)"
  done
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
ticks_per_second=$(getconf CLK_TCK)

# server layout scenario -> "QPS server-cores dnsperf-cores machine-busy-cores"
throughput() {
  local s=$1 layout=$2 scenario=$3 c0 c1 b0 b1 t0 t1 out
  c0=$(cpu_ticks "${pid_of[$s]}") b0=$(busy_ticks) t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  out=$({ /usr/bin/time -f "dnsperf-cpu %U %S" ${client_cpu[$layout]} dnsperf -s 127.0.0.1 -p "${port_of[$s]}" \
    -d "$work/$scenario.queries" -l "$seconds" -c 20 -T 1 -q 100; } 2>&1)
  t1=$(date +%s.%N) c1=$(cpu_ticks "${pid_of[$s]}") b1=$(busy_ticks)
  awk -v c0="$c0" -v c1="$c1" -v b0="$b0" -v b1="$b1" -v t0="$t0" -v t1="$t1" -v hz="$ticks_per_second" '
    /Queries per second/ {q = $4}
    /^dnsperf-cpu/ {d = $2 + $3}
    END {printf "%.0f %.3f %.3f %.2f\n", q, (c1 - c0) / hz / (t1 - t0), d / (t1 - t0), (b1 - b0) / hz / (t1 - t0)}' <<<"$out"
}
# server layout scenario -> "p50 p99" in microseconds
latency() {
  local s=$1 layout=$2 scenario=$3
  # shellcheck disable=SC2086
  ${client_cpu[$layout]} dnsperf -s 127.0.0.1 -p "${port_of[$s]}" -d "$work/$scenario.queries" -l "$seconds" -c 4 -T 1 \
    -Q "$rate" -v 2>/dev/null \
    | awk '/^> / {print $NF * 1000000}' | sort -n \
    | awk '{v[NR] = $1} END {if (NR == 0) print "n/a n/a"; else printf "%.0f %.0f\n", v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1]}'
}

declare -A qps cores us_per_query per_core p50 p99 client_cores machine rss
for layout in "${layouts[@]}"; do
  log "layout $layout: starting the servers"
  start_servers "$layout"
  # An unrecorded warm-up per server, the same for all: edge's JIT compiles its hot path in the
  # first seconds, and a server is measured as it runs, not as it starts.
  for s in "${servers[@]}"; do
    for scenario in zone forwarded; do
      # shellcheck disable=SC2086
      ${client_cpu[$layout]} dnsperf -s 127.0.0.1 -p "${port_of[$s]}" -d "$work/$scenario.queries" -l 3 -c 20 -T 1 \
        -q 100 >/dev/null 2>&1 || true
    done
  done
  for scenario in zone forwarded; do
    for ((r = 1; r <= rounds; r++)); do
      for s in "${servers[@]}"; do
        read -r q c d m <<<"$(throughput "$s" "$layout" "$scenario")"
        read -r l50 l99 <<<"$(latency "$s" "$layout" "$scenario")"
        u=$(awk -v c="$c" -v q="$q" 'BEGIN {if (q > 0) printf "%.2f", c / q * 1e6; else print "n/a"}')
        log "$layout $scenario round $r: $s ${q} qps (server ${c} cores, ${u} us/query; dnsperf ${d} cores; machine busy ${m} cores), p50 ${l50} us, p99 ${l99} us"
        key=$layout/$scenario/$s
        if [[ -z ${qps[$key]:-} ]] || awk -v a="$q" -v b="${qps[$key]}" 'BEGIN {exit !(a > b)}'; then
          qps[$key]=$q cores[$key]=$c client_cores[$key]=$d machine[$key]=$m
        fi
        if [[ -z ${us_per_query[$key]:-} ]] || awk -v a="$u" -v b="${us_per_query[$key]}" 'BEGIN {exit !(a < b)}'; then
          us_per_query[$key]=$u
          per_core[$key]=$(awk -v u="$u" 'BEGIN {printf "%.0f", 1e6 / u}')
        fi
        if [[ -z ${p99[$key]:-} ]] || (( l99 < ${p99[$key]} )); then
          p50[$key]=$l50 p99[$key]=$l99
        fi
      done
    done
  done
  rss[$layout]=$(rss_mib "${pid_of[edge]}")
  stop_all
  sleep 1
done

describe_layout() {
  case $1 in
    pinned) echo "Each server alone on CPU 1 (\`taskset -c 1\`) with one thread: edge sees one CPU, so it runs one UDP reader and one event loop; Unbound \`num-threads: 1\`; dnsmasq is single-threaded. dnsperf \`-T 1\` on CPU 0. The three servers run side by side on CPU 1, but only the one being measured has work." ;;
    shared) echo "Nothing pinned: edge 2 UDP readers and 2 event loops, Unbound \`num-threads: 2\`, dnsmasq 1 (single-threaded by design); dnsperf \`-T 1\` shares the 2 cores with the server (the method of the first runs)." ;;
  esac
}

mkdir -p "$results_dir"
{
  echo "# DNS: edge's node client vs Unbound and dnsmasq"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`perf/dns.sh --seconds $seconds --rate $rate --rounds $rounds --layouts \"${layouts[*]}\"${baseline:+ --baseline <edge before>}\` (edge $edge_version)."
  echo "Machine: $(machine_line). Unbound $(unbound -V 2>/dev/null | head -1 | awk '{print $2}'); dnsmasq $(dnsmasq --version | head -1 | awk '{print $3}'); $(dnsperf -h 2>&1 | sed -n 's/^Version /dnsperf /p' | head -1)."
  echo
  echo "Throughput: \`dnsperf -c 20 -T 1 -q 100 -l $seconds\`, best of $rounds alternating rounds after an unrecorded 3 s warm-up of each server. Latency: \`dnsperf -c 4 -Q $rate -v\`, percentiles over every query, best round."
  echo "Server CPU: user + system time of the server process (all its threads: for edge also the JIT, the GC and its other parts) during the best throughput run, over the run's length; dnsperf's the same; \"machine busy\" is all processes on all $(nproc) cores (more than server + dnsperf: other work on the machine, and softirq time). CPU us/query is the server's time per answered query (best round), and \"QPS per core\" is 1 000 000 / CPU us/query, what one core of that server would answer at this load."
  [[ -n $baseline ]] && echo "edge-before: the build of the previous results (same scripts, same run), for a before/after from one run."
  echo
  echo "What limits the QPS: dnsperf. One dnsperf (\`-T 1\`: a sending and a receiving thread) needs about one core for 160-190k queries/s here (the dnsperf CPU column), and no server needs all of its core to keep up with it (the server CPU column), so QPS alone barely tells the servers apart; \`-T 2\` or more outstanding queries (\`-q 500\`) gave no more in trials by hand (lower QPS, and lost queries with `-q 500`). Hence the pinned layout (the generator and the server each get one core, the same for every server) and the CPU each server spends per query, the figure that does tell them apart; shared is the first runs' method, for comparison."
  for layout in "${layouts[@]}"; do
    echo
    echo "## Layout: $layout"
    echo
    describe_layout "$layout"
    echo "edge resident memory after the runs: ${rss[$layout]} MiB."
    echo
    echo "| scenario | server | QPS | QPS ratio edge/server | p50 us | p99 us | p99 ratio edge/server | server CPU cores | dnsperf CPU cores | machine busy cores | CPU us/query | QPS per core | per-core ratio edge/server |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for scenario in zone forwarded; do
      for s in "${servers[@]}"; do
        k=$layout/$scenario/$s e=$layout/$scenario/edge
        echo "| $scenario | $s | ${qps[$k]%.*} | $(ratio "${qps[$e]}" "${qps[$k]}") | ${p50[$k]} | ${p99[$k]} | $(ratio "${p99[$e]}" "${p99[$k]}") | ${cores[$k]} | ${client_cores[$k]} | ${machine[$k]} | ${us_per_query[$k]} | ${per_core[$k]} | $(ratio "${per_core[$e]}" "${per_core[$k]}") |"
      done
    done
  done
  echo
  echo "QPS ratio above 1 means edge answered more; p99 ratio below 1 means edge's tail is shorter; per-core ratio above 1 means edge spends less CPU per query."
  echo "![DNS QPS](dns.png)"
} >"$results_dir/dns.md"

for layout in "${layouts[@]}"; do
  for scenario in zone forwarded; do
    for s in "${servers[@]}"; do
      echo "$layout-$scenario-$s ${qps[$layout/$scenario/$s]} ${per_core[$layout/$scenario/$s]}"
    done
  done
done >"$work/dns.dat"
gnuplot <<GP
set terminal pngcairo size 1000,450
set output "$results_dir/dns.png"
set title "DNS queries per second (higher is better), $(date -u +%Y-%m-%d)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8
set yrange [0:*]
set xtics rotate by -30 font ",8"
set rmargin 10
set key top right
plot "$work/dns.dat" using 2:xtic(1) title "QPS measured", "" using 3 title "QPS per server core (from CPU time)"
GP
log "written $results_dir/dns.md"
