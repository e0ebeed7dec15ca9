#!/usr/bin/env bash
# perf/http.sh: edge's HTTP proxy beside nginx (proxy_pass with a keepalive upstream pool) and
# HAProxy, in front of the same origin on loopback, measured with wrk (and h2load over TLS) in
# the same run, alternating.
#
# Usage: perf/http.sh [--seconds N] [--rounds N] [--connections N] [--scenarios "..."] [--help]
#   --seconds N      length of each wrk run (default 10)
#   --rounds N       alternating rounds; each figure is the median of a proxy's rounds (default 3)
#   --connections N  keep-alive connections (default 50)
#   --scenarios S    which of "small 64k h2-tls" to run (default all three)
#   --warmup N       unrecorded seconds of each scenario through each proxy, twice, first (default 5)
# Environment: EDGE_HOME=dir runs dir/bin/edge (a distribution) instead of the checkout's build;
# EDGE_JAVA_OPTS is passed on to edge (and written into the results); PERF_RESULTS_DIR=dir
# writes the results there instead of perf/results (trial runs).
#
# Scenarios: "small" (a 100-byte response), "64k" (a 64 KiB response), both HTTP/1.1 keep-alive
# through wrk -t 1 -c N; "h2-tls" (HTTP/2 over TLS, h2load -c 10 -m 10).
# Equal work: all three send the origin the headers edge must add (X-Forwarded-For, X-Real-IP,
# X-Forwarded-Proto, X-Forwarded-Host); with nginx sending only X-Forwarded-For, the origin spent
# ~0.3 us more per request parsing edge's requests than nginx's (2026-11-26).
# Equal workers: edge 2 event loops, nginx worker_processes 2, HAProxy nbthread 2. The origin is
# one nginx worker serving static files; wrk/h2load share the 2 cores with the proxy and the
# origin, nothing is pinned, so absolute figures are low and the ratios are what to read.
# CPU per request: user + system time of the proxy's processes during a run over the requests
# it completed; on a shared 2-core machine it moves less than req/s with the other load.
# Writes perf/results/http.md and perf/results/http.png.
source "$(dirname "$0")/lib/common.sh"

seconds=10 rounds=3 conns=50 warmup=5 scenarios=(small 64k h2-tls)
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --connections) conns=$2; shift 2 ;;
    --scenarios) read -r -a scenarios <<<"$2"; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --help|-h) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

for scenario in "${scenarios[@]}"; do
  [[ $scenario =~ ^(small|64k|h2-tls)$ ]] || die "unknown scenario $scenario (small, 64k, h2-tls)"
done
need_packages wrk nginx-light haproxy nghttp2-client openssl gnuplot-nox
choose_edge
results_dir=${PERF_RESULTS_DIR:-$results_dir}
edge_version=$(git -C "$root" rev-parse --short HEAD)
[[ -z $(git -C "$root" status --porcelain -- proxy 2>/dev/null) ]] || edge_version+=" with uncommitted proxy changes"

readonly origin_port=18000 edge_port=18080 edge_tls=18443 nginx_port=18081 nginx_tls=18444 haproxy_port=18082 haproxy_tls=18445

# h2load's request log goes in a directory of its own: edge watches the directory of its
# configuration files, and ~45,000 log lines a second there cost it ~10% CPU in inotify events.
mkdir -p "$work/www" "$work/nginx-origin" "$work/nginx-proxy" "$work/h2load"
chmod 755 "$work" # nginx workers run as www-data and must read the origin's files
head -c 100 /dev/zero | tr '\0' 'a' >"$work/www/small"
head -c 65536 /dev/zero | tr '\0' 'b' >"$work/www/64k"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=perf.example.com \
  -addext subjectAltName=DNS:perf.example.com -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
cat "$work/cert.pem" "$work/key.pem" >"$work/haproxy.pem"

nginx_common="pid $work/PIDFILE; error_log stderr warn; events { worker_connections 4096; }"
cat >"$work/nginx-origin/nginx.conf" <<CONF
worker_processes 1; ${nginx_common//PIDFILE/origin.pid}
http { access_log off; keepalive_requests 100000;
  server { listen 127.0.0.1:$origin_port; root $work/www; } }
CONF
cat >"$work/nginx-proxy/nginx.conf" <<CONF
worker_processes 2; ${nginx_common//PIDFILE/proxy.pid}
http { access_log off; keepalive_requests 100000;
  upstream origin { server 127.0.0.1:$origin_port; keepalive 64; }
  server { listen 127.0.0.1:$nginx_port; listen 127.0.0.1:$nginx_tls ssl http2;
    ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem; ssl_protocols TLSv1.2 TLSv1.3;
    location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Real-IP \$remote_addr; proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host; } } }
CONF
cat >"$work/haproxy.cfg" <<CONF
global
  nbthread 2
  maxconn 4000
defaults
  mode http
  timeout connect 10s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  option forwardfor
  http-reuse always
frontend plain
  bind 127.0.0.1:$haproxy_port
  bind 127.0.0.1:$haproxy_tls ssl crt $work/haproxy.pem alpn h2,http/1.1
  http-request set-header X-Real-IP %[src]
  http-request set-header X-Forwarded-Proto https if { ssl_fc }
  http-request set-header X-Forwarded-Proto http if !{ ssl_fc }
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  default_backend origin
backend origin
  server o1 127.0.0.1:$origin_port
CONF
cat >"$work/service.yml" <<YML
services:
  web:
    ports: ["3000:$edge_port:$edge_tls"]
YML
cat >"$work/inventory.yml" <<YML
servers:
  - {name: s1, address: 127.0.0.1}
containers:
  - {id: web-1-a, service: web, version: 1, server: s1, address: 127.0.0.1, published: {3000: $origin_port}}
YML
cat >"$work/edge.yml" <<YML
node: {name: s1, roles: [central, node]}
control: {listen: 127.0.0.1:17071}
proxy:
  bind: 127.0.0.1
  access_log: "off"
  tls: {certificates: [{cert: cert.pem, key: key.pem}]}
dns: {listen: [127.0.0.1:15363], central_listen: 127.0.0.1:15310}
YML

start origin nginx -p "$work/nginx-origin" -c "$work/nginx-origin/nginx.conf" -g 'daemon off;' >/dev/null
start nginx nginx -p "$work/nginx-proxy" -c "$work/nginx-proxy/nginx.conf" -g 'daemon off;' >/dev/null
nginx_pid=${pids[-1]}
start haproxy haproxy -f "$work/haproxy.cfg" -db >/dev/null
haproxy_pid=${pids[-1]}
start edge "$edge_bin" run -c "$work/edge.yml" >/dev/null
edge_pid=${pids[-1]}
wait_for_log "$work/edge.log" "running at revision" 60
declare -A port_of=([edge]=$edge_port [nginx]=$nginx_port [haproxy]=$haproxy_port)
declare -A tls_of=([edge]=$edge_tls [nginx]=$nginx_tls [haproxy]=$haproxy_tls)
for s in edge nginx haproxy; do
  for i in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:${port_of[$s]}/small" && break; sleep 0.2; done
  curl -fs -o /dev/null "http://127.0.0.1:${port_of[$s]}/small" || die "$s does not proxy (see $work/$s.log)"
done

declare -A rps p50 p99 cpu
us() { # wrk latency like 1.23ms / 850.00us / 1.2s -> microseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else print n * 1000000 }'
}
declare -A pid_of=([edge]=$edge_pid [nginx]=$nginx_pid [haproxy]=$haproxy_pid)
cpu_ticks() { # user + system clock ticks of a process and its children (nginx workers)
  local total=0 p
  for p in $1 $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo $total
}
sys_ticks() { # system clock ticks of a process and its children: the kernel's share of cpu_ticks
  local total=0 p
  for p in $1 $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo $total
}
thread_ticks() { # pid -> "loops jit gc other" user + system ticks of edge's threads, by kind
  local t comm ticks loops=0 jit=0 gc=0 other=0
  for t in /proc/"$1"/task/*; do
    comm=$(cat "$t/comm" 2>/dev/null) || continue
    ticks=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$t/stat" 2>/dev/null) || continue
    case $comm in
      edge-proxy*|edge-stream*) loops=$((loops + ticks)) ;;
      C1\ *|C2\ *) jit=$((jit + ticks)) ;;
      GC\ *|G1\ *|VM\ Thread) gc=$((gc + ticks)) ;;
      *) other=$((other + ticks)) ;;
    esac
  done
  echo "$loops $jit $gc $other"
}
thread_split() { # "before" "after" -> "event loops N%, JIT N%, GC N%, other N%"
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); t = 0
    for (i = 1; i <= 4; i++) { d[i] = y[i] - x[i]; t += d[i] }
    if (t == 0) t = 1
    printf "event loops %d%%, JIT %d%%, GC %d%%, other %d%%", d[1] * 100 / t, d[2] * 100 / t, d[3] * 100 / t, d[4] * 100 / t }'
}
us_per_request() { # ticks requests -> CPU microseconds per request
  awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n + 0 == 0) print 0; else printf "%.1f", t / hz * 1e6 / n }'
}
run_wrk() { # server path -> "rps p50us p99us cpu-us-per-request"
  local out t0 t1 split0 s0 s1 n
  t0=$(cpu_ticks "${pid_of[$1]}") s0=$(sys_ticks "${pid_of[$1]}")
  [[ $1 == edge ]] && split0=$(thread_ticks "${pid_of[$1]}")
  out=$(wrk -t 1 -c "$conns" -d "${seconds}s" --latency "http://127.0.0.1:${port_of[$1]}/$2")
  t1=$(cpu_ticks "${pid_of[$1]}")
  [[ $1 == edge ]] && log "edge CPU by thread, $2: $(thread_split "$split0" "$(thread_ticks "${pid_of[$1]}")")"
  s1=$(sys_ticks "${pid_of[$1]}") n=$(awk '/requests in/ {print $1}' <<<"$out")
  log "$1 $2 latency: $(awk '$1 ~ /^(50|75|90|99)%$/ {printf "p%s %s  ", substr($1, 1, length($1) - 1), $2}' <<<"$out")" \
    "CPU us/req: user $(us_per_request $((t1 - t0 - s1 + s0)) "$n") kernel $(us_per_request $((s1 - s0)) "$n")"
  printf '%s %s %s %s\n' "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(us "$(awk '$1 == "50%" {print $2}' <<<"$out")")" "$(us "$(awk '$1 == "99%" {print $2}' <<<"$out")")" \
    "$(us_per_request $((t1 - t0)) "$(awk '/requests in/ {print $1}' <<<"$out")")"
}
run_h2() { # server -> "rps p50us p99us cpu"
  # h2load prints only min/max/mean/sd; its per-request log gives the real percentiles (the
  # earlier version of this script showed the mean as p50 and the max as p99).
  local out t0 t1 l50 l99 split0
  t0=$(cpu_ticks "${pid_of[$1]}")
  [[ $1 == edge ]] && split0=$(thread_ticks "${pid_of[$1]}")
  out=$(h2load -c 10 -m 10 -D "$seconds" --log-file="$work/h2load/h2.tsv" "https://127.0.0.1:${tls_of[$1]}/small" 2>&1)
  t1=$(cpu_ticks "${pid_of[$1]}")
  [[ $1 == edge ]] && log "edge CPU by thread, h2-tls: $(thread_split "$split0" "$(thread_ticks "${pid_of[$1]}")")"
  local r
  r=$(awk '/^finished in/ {print $4}' <<<"$out")
  read -r l50 l99 <<<"$(awk -F'\t' '$2 != -1 {print $3}' "$work/h2load/h2.tsv" | sort -n |
    awk '{v[NR] = $1} END {if (NR == 0) print 0, 0; else print v[int(NR * 0.50 + 0.5)], v[int(NR * 0.99 + 0.5)]}')"
  printf '%s %s %s %s\n' "$r" "$l50" "$l99" \
    "$(us_per_request $((t1 - t0)) "$(awk '/^requests:/ {print $8}' <<<"$out")")"
}

# An unrecorded warm-up per proxy and scenario, the same for all three: a server is measured as
# it runs, not as it starts. edge's JIT needs it: with 3 s of warm-up (the earlier setting) its
# C2 compiler threads still took ~12% of edge's CPU samples in the first measured run (perf
# record), and under 1% after ~20 s of load; nginx and HAProxy have nothing to warm. Two passes
# over the scenarios: after one, the first measured round still had JIT work in it (2-3% of
# edge's CPU for small responses, 13% for h2; perf/http.sh's own per-thread split) and a p99 up
# to 1.5x that of the rounds after it, as code compiled for one scenario was compiled again
# once the others had run.
for pass in 1 2; do
  for s in edge nginx haproxy; do
    for scenario in "${scenarios[@]}"; do
      if [[ $scenario == h2-tls ]]; then
        h2load -c 10 -m 10 -D "$warmup" "https://127.0.0.1:${tls_of[$s]}/small" >/dev/null 2>&1 || true
      else
        wrk -t 1 -c "$conns" -d "${warmup}s" "http://127.0.0.1:${port_of[$s]}/$scenario" >/dev/null 2>&1 || true
      fi
    done
  done
done
for ((r = 1; r <= rounds; r++)); do
  for scenario in "${scenarios[@]}"; do
    for s in edge nginx haproxy; do
      if [[ $scenario == h2-tls ]]; then read -r q l50 l99 c <<<"$(run_h2 "$s")"; else read -r q l50 l99 c <<<"$(run_wrk "$s" "$scenario")"; fi
      log "round $r $scenario: $s ${q} req/s p50 ${l50}us p99 ${l99}us cpu ${c}us/req"
      k=$scenario/$s
      rps[$k]+="$q " p50[$k]+="$l50 " p99[$k]+="$l99 " cpu[$k]+="$c "
    done
  done
done
median() { # "a b c ..." -> the median (the mean of the middle two for an even count)
  tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
# Medians, each figure on its own: a round whose req/s is best is not always the one with the
# best tail (the first measured round of edge still has some JIT work in it), and the median
# of three is steadier than the best of two on a 2-core machine shared with the load.
for k in "${!rps[@]}"; do
  rps[$k]=$(median "${rps[$k]}") p50[$k]=$(median "${p50[$k]}") p99[$k]=$(median "${p99[$k]}") cpu[$k]=$(median "${cpu[$k]}")
done
rss_of() { # the process and its children (nginx workers)
  local total=0 p
  for p in $1 $(pgrep -P "$1" || true); do total=$((total + $(rss_mib "$p" 2>/dev/null || echo 0))); done
  echo $total
}
declare -A rss=([edge]=$(rss_of "$edge_pid") [nginx]=$(rss_of "$nginx_pid") [haproxy]=$(rss_of "$haproxy_pid"))

mkdir -p "$results_dir"
{
  echo "# HTTP proxy: edge vs nginx and HAProxy"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`perf/http.sh --seconds $seconds --rounds $rounds --connections $conns --warmup $warmup --scenarios \"${scenarios[*]}\"\`${EDGE_JAVA_OPTS:+ with EDGE_JAVA_OPTS=\"$EDGE_JAVA_OPTS\"}."
  echo "Machine: $(machine_line)."
  echo "Versions: $(nginx -v 2>&1 | sed 's/.*: //'), HAProxy $(haproxy -v | head -1 | awk '{print $3}'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), h2load $(h2load --version | awk '{print $2}'), edge $edge_version."
  echo "Load: \`wrk -t 1 -c $conns -d ${seconds}s --latency\` (HTTP/1.1 keep-alive); \`h2load -c 10 -m 10 -D $seconds\` over TLS (its percentiles from \`h2load --log-file\`, every request)."
  echo "Workers: edge 2 event loops, nginx worker_processes 2 (proxy_pass, upstream keepalive 64), HAProxy nbthread 2 (http-reuse always); origin: nginx, 1 worker, static files. Each proxy sends the origin the same forwarded headers (X-Forwarded-For, X-Real-IP, X-Forwarded-Proto, X-Forwarded-Host), as edge always does."
  echo "Median of $rounds alternating rounds (each figure on its own), after an unrecorded warm-up of each proxy (two passes of $warmup s of each scenario). CPU is user + system time of the proxy's processes during the run over the requests it completed. Resident memory after the runs: edge ${rss[edge]} MiB, nginx ${rss[nginx]} MiB, HAProxy ${rss[haproxy]} MiB."
  echo
  echo "| scenario | proxy | req/s | req/s ratio to nginx | p50 us | p99 us | p99 ratio to nginx | CPU us/req | CPU ratio to nginx |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  for scenario in "${scenarios[@]}"; do
    for s in edge nginx haproxy; do
      k=$scenario/$s n=$scenario/nginx
      echo "| $scenario | $s | ${rps[$k]%.*} | $(ratio "${rps[$k]}" "${rps[$n]}") | ${p50[$k]%.*} | ${p99[$k]%.*} | $(ratio "${p99[$k]}" "${p99[$n]}") | ${cpu[$k]} | $(ratio "${cpu[$k]}" "${cpu[$n]}") |"
    done
  done
  echo
  echo "Ratios are to nginx measured in the same run: req/s above 1 and p99 below 1 favour the proxy on that row."
  echo "Method, changed 2026-11-26 for all three proxies alike: each scenario is warmed up through each proxy (was 3 s of wrk and 2 s of h2load, after which edge's C2 compiler still took ~12% of its CPU during the first measured run); h2-tls p50/p99 are percentiles of every request from h2load's log (were h2load's mean and max); CPU per request added; each figure is the median of the rounds (was the round with the best req/s)."
  echo "![HTTP req/s](http.png)"
} >"$results_dir/http.md"

for scenario in "${scenarios[@]}"; do for s in edge nginx haproxy; do echo "$scenario-$s ${rps[$scenario/$s]}"; done; done >"$work/http.dat"
gnuplot <<GP
set terminal pngcairo size 900,400
set output "$results_dir/http.png"
set title "HTTP requests per second through each proxy (higher is better), $(date -u +%Y-%m-%d)"
set style data histograms
set style fill solid 0.8
set boxwidth 0.8
set yrange [0:*]
set xtics rotate by -25
plot "$work/http.dat" using 2:xtic(1) notitle
GP
log "written $results_dir/http.md"
cat "$results_dir/http.md"
