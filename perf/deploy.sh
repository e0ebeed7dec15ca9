#!/usr/bin/env bash
# perf/deploy.sh: a live deploy under steady HTTP load, the way an orchestrator does it through
# edge's control API, counting every failed request (the target is none) and the latency before,
# during and after.
#
# Usage: perf/deploy.sh [--seconds N] [--deploy-at S] [--concurrency N] [--help]
#   --seconds N      length of the load (default 45)
#   --deploy-at S    when the deploy starts, seconds into the load (default a third of --seconds)
#   --concurrency N  keep-alive connections of the load generator (default 16)
#
# The application: `edge run` (proxy, control API, ElasticDNS; 2 event loops) with one service,
# web, on port 18180 matched by Host web.deploy.localhost. Its containers are nginx server blocks
# on loopback: version 1 is web-1-a and web-1-b (one nginx, 1 worker), version 2 is web-2-a and
# web-2-b (another nginx, 1 worker); each answers its own name and logs every request it serves.
# The load: perf/load-test.sh (a closed loop of GETs, no retries) for --seconds. The deploy, at
# --deploy-at: POST /v1/containers for web-2-a and web-2-b, wait until both are "ready" and the
# proxy answers from version 2, DELETE /v1/containers/web-1-a and web-1-b, wait until both are
# "drained", then stop version 1's nginx (so a request still sent to version 1 would fail).
# Everything shares the 2 cores: the load generator, edge and both nginx.
# Writes perf/results/deploy.md, deploy.png, deploy.tsv (per second) and deploy.deploy.log.
# Exit status 0 when no request failed and the deploy completed.
source "$(dirname "$0")/lib/common.sh"

seconds=45 deploy_at='' concurrency=16
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --deploy-at) deploy_at=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --help|-h) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 6 ]] || die "--seconds must be a whole number, at least 6"
deploy_at=${deploy_at:-$((seconds / 3))}

need_packages nginx-light curl gnuplot-nox
build_edge
export PERF_SKIP_BUILD=${PERF_SKIP_BUILD:-0}

readonly proxy_port=18180 control_port=17072 dns_port=15373 central_port=15320
readonly host=web.deploy.localhost api=http://127.0.0.1:$control_port
declare -A port_of=([web-1-a]=18101 [web-1-b]=18102 [web-2-a]=18103 [web-2-b]=18104)

# --- the containers: one nginx per version --------------------------------------------------------
chmod 755 "$work"
for v in 1 2; do
  mkdir -p "$work/nginx-v$v" "$work/logs"
  servers=''
  for c in a b; do
    id=web-$v-$c
    servers+="server { listen 127.0.0.1:${port_of[$id]}; access_log $work/logs/$id.log count buffer=64k flush=1s;
    location / { default_type text/plain; return 200 \"$id web v$v\\n\"; } }
  "
  done
  cat >"$work/nginx-v$v/nginx.conf" <<CONF
worker_processes 1; pid $work/nginx-v$v/nginx.pid; error_log stderr warn; events { worker_connections 4096; }
http { log_format count '\$msec \$status'; keepalive_requests 100000;
  $servers}
CONF
  start "nginx-v$v" nginx -p "$work/nginx-v$v" -c "$work/nginx-v$v/nginx.conf" -g 'daemon off;' >/dev/null
done
nginx_v1_pid=${pids[-2]} nginx_v2_pid=${pids[-1]}

# --- edge with version 1 --------------------------------------------------------------------------
cat >"$work/service.yml" <<YML
services:
  web:
    ports: ["3000:$proxy_port"]
    traffic_matches: ["$host"]
YML
cat >"$work/inventory.yml" <<YML
servers:
  - {name: s1, address: 127.0.0.1}
containers:
  - {id: web-1-a, service: web, version: 1, server: s1, address: 127.0.0.1, published: {3000: ${port_of[web-1-a]}}}
  - {id: web-1-b, service: web, version: 1, server: s1, address: 127.0.0.1, published: {3000: ${port_of[web-1-b]}}}
YML
cat >"$work/edge.yml" <<YML
node: {name: s1, roles: [central, node]}
control: {listen: 127.0.0.1:$control_port}
proxy: {bind: 127.0.0.1, access_log: "off"}
dns: {listen: [127.0.0.1:$dns_port], central_listen: 127.0.0.1:$central_port}
YML
start edge "$edge_bin" run -c "$work/edge.yml" --services "$work/service.yml" --inventory "$work/inventory.yml" >/dev/null
edge_pid=${pids[-1]}
wait_for_log "$work/edge.log" "running at revision" 60
for i in $(seq 1 50); do curl -fs -o /dev/null -H "Host: $host" "http://127.0.0.1:$proxy_port/" && break; sleep 0.2; done
curl -fs -H "Host: $host" "http://127.0.0.1:$proxy_port/" | grep -q ' v1' || die "edge does not serve version 1 (see $work/edge.log)"

# --- the deploy, run by the load generator at --deploy-at ---------------------------------------
cat >"$work/deploy-v2.sh" <<SH
set -euo pipefail
t0=\$(date +%s.%N)
say() { awk -v a=$deploy_at -v t0="\$t0" -v t="\$(date +%s.%N)" -v m="\$*" 'BEGIN { printf "at %6.2f s  %s\\n", a + t - t0, m }'; }
state() { # the container's state, "gone" once edge has forgotten it (404: removed and drained)
  local body
  body=\$(curl -sS -w '\\n%{http_code}' "$api/v1/containers/\$1")
  case \${body##*\$'\\n'} in
    200) sed -n 's/.*"state" *: *"\\([a-z]*\\)".*/\\1/p' <<<"\$body" ;;
    404) echo gone ;;
    *) echo "unknown (HTTP \${body##*\$'\\n'})" ;;
  esac
}
await() { # id "state|state" seconds
  local i s
  for ((i = 0; i < \$3 * 10; i++)); do
    s=\$(state "\$1")
    [[ "|\$2|" == *"|\$s|"* ]] && { say "\$1 is \$s"; return 0; }
    sleep 0.1
  done
  say "\$1 is still \$(state "\$1") after \$3 s, not \$2"; return 1
}
for id in web-2-a web-2-b; do
  port=\$([[ \$id == web-2-a ]] && echo ${port_of[web-2-a]} || echo ${port_of[web-2-b]})
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' "$api/v1/containers" \\
    -d "{\"id\": \"\$id\", \"service\": \"web\", \"version\": 2, \"server\": \"s1\", \"address\": \"127.0.0.1\", \"published\": {\"3000\": \$port}}"
  say "POST /v1/containers \$id (version 2)"
done
await web-2-a ready 30
await web-2-b ready 30
for ((i = 0; i < 300; i++)); do curl -fs -H "Host: $host" "http://127.0.0.1:$proxy_port/" | grep -q ' v2' && break; sleep 0.1; done
say "the proxy answers: \$(curl -fs -H "Host: $host" "http://127.0.0.1:$proxy_port/")"
for id in web-1-a web-1-b; do
  curl -fsS -o /dev/null -X DELETE "$api/v1/containers/\$id"
  say "DELETE /v1/containers/\$id"
done
await web-1-a 'drained|gone' 60
await web-1-b 'drained|gone' 60
kill $nginx_v1_pid
say "stopped version 1 (its nginx)"
SH

# In the background and remembered, so that Ctrl-C or SIGTERM here stops the load too.
"$perf_dir/load-test.sh" --url "http://127.0.0.1:$proxy_port/" --host "$host" --seconds "$seconds" \
  --concurrency "$concurrency" --deploy-at "$deploy_at" --deploy-cmd "bash $work/deploy-v2.sh" \
  --out "$results_dir/deploy.md" --title "Deploy under load: version 1 to 2 through the control API" \
  --measured-by "perf/deploy.sh --seconds $seconds --deploy-at $deploy_at --concurrency $concurrency" &
pids+=($!)
load_status=0
wait "${pids[-1]}" || load_status=$?

after=$(curl -fs -H "Host: $host" "http://127.0.0.1:$proxy_port/" || echo "no answer")
edge_rss=$(rss_mib "$edge_pid")
kill "$nginx_v2_pid" 2>/dev/null || true # version 2's nginx: flush its access logs
sleep 1.5
served() { [[ -f $work/logs/$1.log ]] && wc -l <"$work/logs/$1.log" || echo 0; }
{
  echo
  echo "## How"
  echo
  echo "\`perf/deploy.sh --seconds $seconds --deploy-at $deploy_at --concurrency $concurrency\`: \`edge run\` (2 event loops) in front of two"
  echo "versions of one service, each two nginx server blocks on loopback answering their own name (version 1 and version 2 in"
  echo "separate nginx processes, 1 worker each). The deploy is what an orchestrator does through the control API: POST the"
  echo "version 2 containers, wait until they are ready and served, DELETE the version 1 containers, wait until they are drained,"
  echo "then stop version 1's nginx. The load generator, edge and both nginx share the machine's $(nproc) cores."
  echo
  echo "## The deploy, step by step"
  echo
  echo '```'
  cat "$results_dir/deploy.deploy.log" 2>/dev/null || echo "(no output)"
  echo '```'
  echo
  echo "Requests served by each container (its nginx access log): $(for id in web-1-a web-1-b web-2-a web-2-b; do printf '%s %s, ' "$id" "$(served "$id" | tr -d ' ')"; done | sed 's/, $//')."
  echo "The proxy's answer after the run: \`$after\`. edge resident memory after the run: $edge_rss MiB."
} >>"$results_dir/deploy.md"
log "written $results_dir/deploy.md"
exit "$load_status"
