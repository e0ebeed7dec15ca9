#!/usr/bin/env bash
# perf/dns.sh: ElasticDNS's node client beside Unbound and dnsmasq, serving the same names on
# loopback, measured with dnsperf in the same run, alternating.
#
# Usage: perf/dns.sh [--seconds N] [--rate QPS] [--rounds N] [--help]
#   --seconds N   length of each dnsperf run (default 10)
#   --rate QPS    fixed rate of the latency runs (default 10000)
#   --rounds N    how many times each server is measured, alternating (default 2; the best counts)
#
# Scenarios: "zone" (cloud66.local service and database names, answered from cache) and
# "forwarded" (names of a local authoritative upstream, cached after the first query).
# Each scenario has a throughput run (dnsperf -c 20 -q 100, as fast as it answers) and a latency
# run at --rate queries/s (p50/p99 from every query's own latency, dnsperf -v).
# Threads: edge's DNS event loops 2, Unbound num-threads 2, dnsmasq 1 (it is single-threaded by
# design); dnsperf -T 1. Nothing is pinned: the load generator shares the 2 cores with the server.
# Writes perf/results/dns.md and perf/results/dns.png.
source "$(dirname "$0")/lib/common.sh"

seconds=10 rate=10000 rounds=2
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --help|-h) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

need_packages dnsperf unbound dnsmasq-base gnuplot-nox
build_edge

readonly upstream_port=15399 edge_port=15353 central_port=15300 unbound_port=15354 dnsmasq_port=15355

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
cat >"$work/edge.yml" <<YML
node: {name: s1, roles: [central, node]}
control: {listen: 127.0.0.1:17070}
dns:
  zone: cloud66.local
  listen: [127.0.0.1:$edge_port]
  central_listen: 127.0.0.1:$central_port
  upstreams: [127.0.0.1:$upstream_port]
  ttl: 5s
  allow: [127.0.0.0/8]
YML

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

cat >"$work/unbound.conf" <<CONF
server:
  interface: 127.0.0.1@$unbound_port
  port: $unbound_port
  num-threads: 2
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

for n in $(seq 1 5); do for h in "${zone_hosts[@]}"; do read -r ip name <<<"$h"; echo "$name.cloud66.local A"; done; done >"$work/zone.queries"
for i in $(seq 1 20); do echo "host$i.example.test A"; done >"$work/forwarded.queries"

start upstream dnsmasq --no-daemon --port=$upstream_port --listen-address=127.0.0.1 --bind-interfaces \
  --no-resolv --no-hosts --addn-hosts="$work/upstream.hosts" --local-ttl=300 >/dev/null
start edge "$edge_bin" run -c "$work/edge.yml" >/dev/null
edge_pid=${pids[-1]}
start unbound unbound -d -c "$work/unbound.conf" >/dev/null
start dnsmasq dnsmasq --no-daemon --port=$dnsmasq_port --listen-address=127.0.0.1 --bind-interfaces \
  --no-resolv --no-hosts --addn-hosts="$work/zone.hosts" --local-ttl=5 --cache-size=10000 \
  --server=127.0.0.1#$upstream_port >/dev/null
wait_for_log "$work/edge.log" "revision" 60
sleep 1
for port in $edge_port $unbound_port $dnsmasq_port; do
  dig +short +time=2 +tries=3 -p $port @127.0.0.1 api.cloud66.local | grep -q 10.32.1 \
    || die "server on port $port does not answer api.cloud66.local (see $work)"
done

declare -A qps p50 p99
servers=(edge unbound dnsmasq)
declare -A port_of=([edge]=$edge_port [unbound]=$unbound_port [dnsmasq]=$dnsmasq_port)

throughput() { # server scenario -> QPS
  dnsperf -s 127.0.0.1 -p "${port_of[$1]}" -d "$work/$2.queries" -l "$seconds" -c 20 -T 1 -q 100 2>&1 \
    | awk '/Queries per second/ {print $4}'
}
latency() { # server scenario -> "p50 p99" in microseconds
  dnsperf -s 127.0.0.1 -p "${port_of[$1]}" -d "$work/$2.queries" -l "$seconds" -c 4 -T 1 -Q "$rate" -v 2>/dev/null \
    | awk '/^> / {print $NF * 1000000}' | sort -n \
    | awk '{v[NR] = $1} END {if (NR == 0) print "n/a n/a"; else printf "%.0f %.0f\n", v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1]}'
}

# An unrecorded warm-up per server, the same for all three: edge's JIT compiles its hot path in
# the first seconds, and a server is measured as it runs, not as it starts.
for s in "${servers[@]}"; do
  for scenario in zone forwarded; do
    dnsperf -s 127.0.0.1 -p "${port_of[$s]}" -d "$work/$scenario.queries" -l 3 -c 20 -T 1 -q 100 >/dev/null 2>&1 || true
  done
done

for scenario in zone forwarded; do
  for ((r = 1; r <= rounds; r++)); do
    for s in "${servers[@]}"; do
      q=$(throughput "$s" "$scenario")
      read -r l50 l99 <<<"$(latency "$s" "$scenario")"
      log "$scenario round $r: $s ${q} qps, p50 ${l50} us, p99 ${l99} us"
      key=$scenario/$s
      if [[ -z ${qps[$key]:-} ]] || awk -v a="$q" -v b="${qps[$key]}" 'BEGIN {exit !(a > b)}'; then
        qps[$key]=$q
      fi
      if [[ -z ${p99[$key]:-} ]] || (( l99 < ${p99[$key]} )); then
        p50[$key]=$l50 p99[$key]=$l99
      fi
    done
  done
done
edge_rss=$(rss_mib "$edge_pid")

mkdir -p "$results_dir"
{
  echo "# DNS: edge's node client vs Unbound and dnsmasq"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`perf/dns.sh --seconds $seconds --rate $rate --rounds $rounds\`."
  echo "Machine: $(machine_line). Unbound $(unbound -V 2>/dev/null | head -1 | awk '{print $2}'); dnsmasq $(dnsmasq --version | head -1 | awk '{print $3}'); $(dnsperf -h 2>&1 | sed -n 's/^Version /dnsperf /p' | head -1)."
  echo "Threads: edge 2 event loops, Unbound 2 threads, dnsmasq 1 (single-threaded by design), dnsperf 1; nothing pinned."
  echo "Throughput: \`dnsperf -c 20 -q 100 -l $seconds\`, best of $rounds alternating rounds after an unrecorded 3 s warm-up of each server. Latency: \`dnsperf -c 4 -Q $rate -v\`, percentiles over every query."
  echo "edge resident memory after the runs: ${edge_rss} MiB."
  echo
  echo "| scenario | server | QPS | QPS ratio edge/server | p50 us | p99 us | p99 ratio edge/server |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for scenario in zone forwarded; do
    for s in "${servers[@]}"; do
      k=$scenario/$s e=$scenario/edge
      echo "| $scenario | $s | ${qps[$k]%.*} | $(ratio "${qps[$e]}" "${qps[$k]}") | ${p50[$k]} | ${p99[$k]} | $(ratio "${p99[$e]}" "${p99[$k]}") |"
    done
  done
  echo
  echo "QPS ratio above 1 means edge answered more; p99 ratio below 1 means edge's tail is shorter."
  echo "![DNS QPS](dns.png)"
} >"$results_dir/dns.md"

for scenario in zone forwarded; do
  for s in "${servers[@]}"; do echo "$scenario-$s ${qps[$scenario/$s]}"; done
done >"$work/dns.dat"
gnuplot <<GP
set terminal pngcairo size 800,400
set output "$results_dir/dns.png"
set title "DNS queries per second (higher is better), $(date -u +%Y-%m-%d)"
set style data histograms
set style fill solid 0.8
set boxwidth 0.8
set yrange [0:*]
set xtics rotate by -20
plot "$work/dns.dat" using 2:xtic(1) notitle
GP
log "written $results_dir/dns.md"
cat "$results_dir/dns.md"
