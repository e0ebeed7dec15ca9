#!/usr/bin/env bash
# perf/stream.sh: edge's TCP/UDP proxy (the tcp:/udp: of advanced ports) beside nginx's stream
# module and HAProxy in TCP mode, measured with iperf3 on loopback.
#
# Usage: perf/stream.sh [--seconds N] [--rounds N] [--streams "1 4"] [--udp-length N] [--help]
#   --seconds N      length of each iperf3 run (default 10)
#   --rounds N       how many times each path is measured, alternating (default 2; the best counts)
#   --streams "1 4"  the iperf3 -P values for TCP (default "1 4")
#   --udp-length N   UDP datagram payload in bytes (default 1200)
#
# Each path has its own iperf3 server (one test at a time each), so a health probe or a busy
# server on one path never disturbs another:
#   direct   iperf3 client to its server, no proxy: the ceiling;
#   edge     `edge run` with a service {container: 5201, tcp: P, udp: P} (iperf3 needs both:
#            a TCP control connection and the UDP data on the same port number);
#   nginx    nginx stream module, `listen P` + `listen P udp`, proxy_pass, 2 workers;
#   haproxy  HAProxy `mode tcp`, 2 threads (TCP only: HAProxy has no UDP proxying).
# TCP: `iperf3 -P <streams>`, receiver Gbit/s. UDP: `iperf3 -u -b 0 -l <length>`, the datagrams
# the server received per second (sent minus lost): as fast as the client can send, so the
# proxy's drops show up as loss. Nothing is pinned; all share the machine's cores.
# Environment: PERF_SKIP_BUILD=1 uses the jars already built; PERF_KEEP=1 keeps the work dir;
# EDGE_JAVA_OPTS adds JVM flags to edge.
# Writes perf/results/stream.md and perf/results/stream.png.
source "$(dirname "$0")/lib/common.sh"

seconds=10 rounds=2 streams="1 4" udp_length=1200
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
    --udp-length) udp_length=$2; shift 2 ;;
    --help|-h) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

need_packages iperf3 nginx libnginx-mod-stream haproxy gnuplot-nox jq
build_edge

readonly control_port=17170 dns_port=17153 central_dns_port=17154
readonly direct_port=17201 edge_server=17202 nginx_server=17203 haproxy_server=17204
readonly edge_port=17301 nginx_port=17302 haproxy_port=17303
paths=(direct edge nginx haproxy)
declare -A port_of=([direct]=$direct_port [edge]=$edge_port [nginx]=$nginx_port [haproxy]=$haproxy_port)

# --- the iperf3 servers ("containers") ---------------------------------------------------------
for p in $direct_port $edge_server $nginx_server $haproxy_server; do
  start "iperf3-$p" iperf3 -s -p "$p" -B 127.0.0.1 >/dev/null
done

# --- edge ------------------------------------------------------------------------------------
cat >"$work/service.yml" <<YML
services:
  iperf:
    ports:
      - {container: 5201, tcp: $edge_port, udp: $edge_port}
YML
cat >"$work/inventory.yml" <<YML
servers:
  - {name: s1, address: 127.0.0.1}
containers:
  - {id: iperf-1-a, service: iperf, version: 1, server: s1, address: 127.0.0.1, published: {5201: $edge_server}}
YML
cat >"$work/edge.yml" <<YML
node: {name: s1}
control: {listen: 127.0.0.1:$control_port}
proxy: {bind: 127.0.0.1, access_log: "off"}
dns: {listen: [127.0.0.1:$dns_port], central_listen: 127.0.0.1:$central_dns_port}
YML
start edge "$edge_bin" run -c "$work/edge.yml" --services "$work/service.yml" \
  --inventory "$work/inventory.yml" >/dev/null
edge_pid=${pids[-1]}

# --- nginx -----------------------------------------------------------------------------------
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 10240; }
stream {
  server { listen 127.0.0.1:$nginx_port; proxy_pass 127.0.0.1:$nginx_server; }
  server { listen 127.0.0.1:$nginx_port udp; proxy_pass 127.0.0.1:$nginx_server; proxy_timeout 60s; }
}
CONF
start nginx nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' >/dev/null

# --- HAProxy ---------------------------------------------------------------------------------
cat >"$work/haproxy.cfg" <<CONF
global
  nbthread 2
defaults
  mode tcp
  timeout connect 10s
  timeout client 10m
  timeout server 10m
listen iperf
  bind 127.0.0.1:$haproxy_port
  server s1 127.0.0.1:$haproxy_server
CONF
start haproxy haproxy -f "$work/haproxy.cfg" -db >/dev/null

# Every path answers a short test before the rounds (edge also needs its readiness probe).
wait_for_log "$work/edge.log" "revision" 60
for path in "${paths[@]}"; do
  ok=
  for _ in $(seq 1 30); do
    if iperf3 -c 127.0.0.1 -p "${port_of[$path]}" -t 1 -J >/dev/null 2>&1; then ok=1; break; fi
    sleep 1
  done
  [[ -n $ok ]] || die "$path does not relay iperf3 (see $work)"
done
log "warm-up: one unrecorded 3 s run per path (the JIT)"
for path in "${paths[@]}"; do iperf3 -c 127.0.0.1 -p "${port_of[$path]}" -t 3 -J >/dev/null 2>&1 || true; done

tcp_gbits() { # port streams -> receiver Gbit/s
  iperf3 -c 127.0.0.1 -p "$1" -P "$2" -t "$seconds" -J 2>/dev/null \
    | jq -r '.end.sum_received.bits_per_second / 1e9 | . * 100 | round / 100'
}
udp_pps() { # port -> datagrams received per second
  iperf3 -c 127.0.0.1 -p "$1" -u -b 0 -l "$udp_length" -t "$seconds" -J 2>/dev/null \
    | jq -r '(.end.sum.packets - .end.sum.lost_packets) / .end.sum.seconds | round'
}
better() { awk -v a="$1" -v b="${2:-}" 'BEGIN { exit !(b == "" || a + 0 > b + 0) }'; }

declare -A best
for ((r = 1; r <= rounds; r++)); do
  for p in $streams; do
    for path in "${paths[@]}"; do
      g=$(tcp_gbits "${port_of[$path]}" "$p")
      log "round $r: tcp -P $p $path ${g} Gbit/s"
      better "$g" "${best[tcp$p/$path]:-}" && best[tcp$p/$path]=$g
    done
  done
  for path in direct edge nginx; do
    pps=$(udp_pps "${port_of[$path]}")
    log "round $r: udp $path ${pps} datagrams/s"
    better "$pps" "${best[udp/$path]:-}" && best[udp/$path]=$pps
  done
done
edge_rss=$(rss_mib "$edge_pid")

mkdir -p "$results_dir"
{
  echo "# TCP and UDP proxying: edge vs nginx stream vs HAProxy"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`perf/stream.sh --seconds $seconds --rounds $rounds --streams \"$streams\" --udp-length $udp_length\`."
  echo "Machine: $(machine_line). $(nginx -v 2>&1 | sed 's/.*: //'); HAProxy $(haproxy -v | head -1 | awk '{print $3}'); $(iperf3 --version | head -1 | awk '{print $1, $2}')."
  echo "Threads: edge 2 event loops (NIO), nginx 2 workers, HAProxy 2 threads; iperf3 client and servers on the same cores; nothing pinned."
  echo "Best of $rounds alternating rounds of $seconds s. edge resident memory after the runs: ${edge_rss} MiB."
  echo
  echo "| test | path | result | ratio edge/path |"
  echo "|---|---|---:|---:|"
  for p in $streams; do
    for path in "${paths[@]}"; do
      echo "| TCP -P $p (Gbit/s) | $path | ${best[tcp$p/$path]} | $(ratio "${best[tcp$p/edge]}" "${best[tcp$p/$path]}") |"
    done
  done
  for path in direct edge nginx; do
    echo "| UDP ${udp_length} B (datagrams/s received) | $path | ${best[udp/$path]} | $(ratio "${best[udp/edge]}" "${best[udp/$path]}") |"
  done
  echo
  echo "Ratio above 1 means edge moved more. \`direct\` is iperf3 without a proxy, the ceiling."
  echo "![stream throughput](stream.png)"
} >"$results_dir/stream.md"

{
  for p in $streams; do
    for path in "${paths[@]}"; do echo "tcp-P$p-$path ${best[tcp$p/$path]}"; done
  done
} >"$work/tcp.dat"
for path in direct edge nginx; do echo "udp-$path $(awk -v v="${best[udp/$path]}" 'BEGIN {print v / 1000}')"; done >"$work/udp.dat"
gnuplot <<GP
set terminal pngcairo size 1000,420
set output "$results_dir/stream.png"
set multiplot layout 1,2 title "TCP/UDP proxying on loopback, $(date -u +%Y-%m-%d) (higher is better)"
set style data histograms
set style fill solid 0.8
set boxwidth 0.8
set yrange [0:*]
set xtics rotate by -30
set title "TCP Gbit/s"
plot "$work/tcp.dat" using 2:xtic(1) notitle
set title "UDP thousand datagrams/s"
plot "$work/udp.dat" using 2:xtic(1) notitle
unset multiplot
GP
log "written $results_dir/stream.md"
cat "$results_dir/stream.md"
