#!/usr/bin/env bash
# perf/run.sh: the perf scenarios in turn, then the headline table of perf/README.md from their
# results (perf/results/*.md and jmh.csv).
#
# Usage: perf/run.sh [--quick] [--no-build] all | SCENARIO...
#        perf/run.sh --headline    only regenerate the headline table from the existing results
#   scenarios, in the order `all` runs them: http stream dns overlay deploy jmh
#   --quick      the shortest settings, to check that the scripts work (the figures mean little)
#   --no-build   use the existing build (otherwise ./mvnw package -DskipTests once, at the start)
#
# `all` on a 2-core machine takes about 16 minutes (under 20): each comparison alternates the
# servers with shorter runs than the scripts' defaults (http: 6 s runs, 3 rounds; dns, stream:
# 6 s runs, 2 rounds; overlay: 8 s runs, 2 rounds; deploy: 45 s of load; JMH: 1 fork, 2 x 1 s warm-up, 3 x 1 s
# measurement). Each scenario is bounded in time and its processes end with it; a scenario that
# fails is reported at the end and the others still run. stream and overlay need root (network
# namespaces, TUN). Exit status: 0 when every scenario succeeded (deploy: also no failed request).
source "$(dirname "$0")/lib/common.sh"

all=(http stream dns overlay deploy jmh)
quick=0 build=1 headline_only=0 chosen=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) quick=1; shift ;;
    --no-build) build=0; shift ;;
    --headline) headline_only=1; shift ;;
    --help|-h) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    all) chosen+=("${all[@]}"); shift ;;
    http|stream|dns|overlay|deploy|jmh) chosen+=("$1"); shift ;;
    *) die "unknown scenario or option $1 (see --help)" ;;
  esac
done
[[ ${#chosen[@]} -gt 0 || $headline_only == 1 ]] || die "name the scenarios to run, or all (see --help)"

# scenario -> "time limit in seconds|arguments" (full and --quick)
declare -A full=(
  [http]="480|--seconds 6 --rounds 3"
  [stream]="420|--seconds 6 --rounds 2"
  [dns]="600|--seconds 6 --rounds 2"
  [overlay]="480|--seconds 8 --rounds 2"
  [deploy]="240|--seconds 45"
  [jmh]="480|-f 1 -wi 2 -w 1s -i 3 -r 1s -rf csv -rff $results_dir/jmh.csv"
)
declare -A brief=(
  [http]="240|--seconds 2 --rounds 1"
  [stream]="240|--seconds 2 --rounds 1 --streams 1"
  [dns]="240|--seconds 2 --rounds 1"
  [overlay]="300|--seconds 3 --rounds 1 --streams 1"
  [deploy]="180|--seconds 12"
  [jmh]="300|-f 1 -wi 1 -w 1s -i 1 -r 1s -rf csv -rff $results_dir/jmh.csv"
)

# --- the headline table -----------------------------------------------------------------------
# cell FILE A B N: the Nth cell of the first table row whose first two cells are A and B.
cell() {
  [[ -f $1 ]] || return 0
  awk -F'|' -v a="$2" -v b="$3" -v n="$4" '
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
    /^\|/ && trim($2) == a && trim($3) == b { print trim($(n + 1)); exit }' "$1"
}
measured() { # FILE -> "2026-11-26T11:37Z"
  sed -n 's/^Measured \([0-9T:Z-]*\).*/\1/p' "$1" | head -1
}
command_of() { # FILE -> the command between backquotes on the Measured line
  sed -n 's/^Measured [^`]*`\([^`]*\)`.*/\1/p' "$1" | head -1
}
row() { # scenario edge peers ratio file
  [[ -n $2 ]] || return 0
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" "$(measured "$5")"
}
headline() {
  local f sources=() missing=()
  echo "| scenario | edge | peers, same run | edge ÷ first peer | measured |"
  echo "|---|---:|---|---:|---|"
  f=$results_dir/http.md
  if [[ -f $f ]]; then
    sources+=("$f")
    local s e n h
    for s in small 64k h2-tls; do
      e=$(cell "$f" "$s" edge 3) n=$(cell "$f" "$s" nginx 3) h=$(cell "$f" "$s" haproxy 3)
      row "HTTP $s, req/s" "$e" "nginx $n, HAProxy $h" "$(ratio "$e" "$n")" "$f"
      e=$(cell "$f" "$s" edge 6) n=$(cell "$f" "$s" nginx 6) h=$(cell "$f" "$s" haproxy 6)
      row "HTTP $s, p99 us (lower is better)" "$e" "nginx $n, HAProxy $h" "$(ratio "$e" "$n")" "$f"
    done
  else missing+=(http); fi
  f=$results_dir/stream.md
  if [[ -f $f ]]; then
    sources+=("$f")
    local t
    while IFS= read -r t; do
      e=$(cell "$f" "$t" edge 3) n=$(cell "$f" "$t" nginx 3) h=$(cell "$f" "$t" haproxy 3)
      local d; d=$(cell "$f" "$t" direct 3)
      row "Port proxying, $t" "$e" "nginx $n${h:+, HAProxy $h}, no proxy $d" "$(ratio "$e" "$n")" "$f"
    done < <(awk -F'|' '/^\|/ { gsub(/^[ \t]+|[ \t]+$/, "", $2); gsub(/^[ \t]+|[ \t]+$/, "", $3); if ($3 == "edge") print $2 }' "$f")
  else missing+=(stream); fi
  f=$results_dir/dns.md
  if [[ -f $f ]]; then
    sources+=("$f")
    for s in zone forwarded; do
      e=$(cell "$f" "$s" edge 3) n=$(cell "$f" "$s" unbound 3) h=$(cell "$f" "$s" dnsmasq 3)
      # The first table of dns.md: each server alone on one core, dnsperf on the other.
      row "DNS $s (one core each), queries/s" "$e" "Unbound $n, dnsmasq $h" "$(ratio "$e" "$n")" "$f"
      e=$(cell "$f" "$s" edge 6) n=$(cell "$f" "$s" unbound 6) h=$(cell "$f" "$s" dnsmasq 6)
      row "DNS $s, p99 us at a fixed rate (lower is better)" "$e" "Unbound $n, dnsmasq $h" "$(ratio "$e" "$n")" "$f"
      e=$(cell "$f" "$s" edge 11) n=$(cell "$f" "$s" unbound 11) h=$(cell "$f" "$s" dnsmasq 11)
      [[ -z $e ]] || row "DNS $s, server CPU us per query (lower is better)" "$e" "Unbound $n, dnsmasq $h" "$(ratio "$e" "$n")" "$f"
    done
  else missing+=(dns); fi
  f=$results_dir/overlay.md
  if [[ -f $f ]]; then
    sources+=("$f")
    for s in 1 4; do
      e=$(cell "$f" containernet "$s" 3) n=$(cell "$f" wireguard-go "$s" 3) h=$(cell "$f" veth "$s" 3)
      row "Overlay TCP, $s stream(s), Gbit/s" "$e" "wireguard-go $n, plain veth $h" "$(ratio "$e" "$n")" "$f"
    done
  else missing+=(overlay); fi
  f=$results_dir/deploy.md
  if [[ -f $f ]]; then
    sources+=("$f")
    local errs
    errs=$(sed -n 's/^\*\*Errors: \([0-9]*\)\*\*.*/\1/p' "$f" | head -1)
    row "Deploy v1 → v2 under HTTP load, failed requests (target 0)" "$errs" "-" "-" "$f"
    local b d a
    b=$(awk -F'|' '/^\| before \|/ { gsub(/ /, "", $8); print $8; exit }' "$f")
    d=$(awk -F'|' '/^\| during \|/ { gsub(/ /, "", $8); print $8; exit }' "$f")
    a=$(awk -F'|' '/^\| after \|/ { gsub(/ /, "", $8); print $8; exit }' "$f")
    [[ -n $b ]] && row "Deploy v1 → v2, p99 ms before / during / after" "$b / ${d:--} / ${a:--}" "-" "-" "$f"
  else missing+=(deploy); fi
  echo
  f=$results_dir/jmh.csv
  if [[ -f $f ]]; then
    echo "JMH micro-benchmarks ($(date -u -r "$f" +%Y-%m-%dT%H:%MZ)), no peers: score ± error (99.9%)."
    echo
    echo "| benchmark | parameters | score | unit |"
    echo "|---|---|---:|---|"
    # "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"[,"Param: x"...]
    tr -d '\r' <"$f" | awk -F, 'NR == 1 { for (i = 8; i <= NF; i++) { h = $i; gsub(/"|Param: /, "", h); param[i] = h }; next }
      { for (i = 1; i <= NF; i++) gsub(/"/, "", $i)
        p = ""; for (i = 8; i <= NF; i++) if ($i != "") p = p (p == "" ? "" : ", ") param[i] "=" $i
        name = $1; sub(/^io\.edgeplane\.(perf\.)?/, "", name)
        err = ($6 == "" || $6 == "NaN") ? "" : sprintf(" ± %.3g", $6)
        printf "| %s | %s | %.4g%s | %s |\n", name, (p == "" ? "-" : p), $5, err, $7 }'
    echo
  else missing+=(jmh); fi
  if [[ ${#sources[@]} -gt 0 ]]; then
    echo "Machine: $(sed -n 's/^\(- \)\{0,1\}Machine: //p' "${sources[0]}" | head -1 | sed 's/;.*//; s/\.$//')."
    echo
    echo "From:"
    for f in "${sources[@]}"; do echo "- [$(basename "$f")](results/$(basename "$f")): \`$(command_of "$f")\`"; done
  fi
  [[ ${#missing[@]} -eq 0 ]] || { echo; echo "Not measured yet: ${missing[*]}."; }
}
write_headline() {
  local readme=$perf_dir/README.md table
  [[ -f $readme ]] || die "$readme is missing"
  grep -q '<!-- headline:start -->' "$readme" && grep -q '<!-- headline:end -->' "$readme" \
    || die "$readme has no <!-- headline:start --> / <!-- headline:end --> markers"
  table=$work/headline.md
  headline >"$table"
  awk -v table="$table" '
    /<!-- headline:start -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- headline:end -->/ { skip = 0 }
    !skip { print }' "$readme" >"$work/README.md"
  cat "$work/README.md" >"$readme"
  log "headline table written to $readme"
}

if [[ $headline_only == 1 ]]; then
  write_headline
  exit 0
fi

# --- the runs ---------------------------------------------------------------------------------
select_jdk
if [[ $build == 1 && ${PERF_SKIP_BUILD:-} != 1 ]]; then
  log "building once (./mvnw package -DskipTests)"
  (cd "$root" && ./mvnw -q -B -ntp package -DskipTests) || die "build failed"
fi
export PERF_SKIP_BUILD=1
began=$SECONDS
declare -A outcome took
for name in "${chosen[@]}"; do
  [[ -z ${outcome[$name]:-} ]] || continue
  if [[ $quick == 1 ]]; then spec=${brief[$name]}; else spec=${full[$name]}; fi
  limit=${spec%%|*}
  read -r -a args <<<"${spec#*|}"
  script=$perf_dir/$name.sh
  log "=== $name: perf/$name.sh ${args[*]} (at most ${limit}s)"
  t0=$SECONDS
  status=0
  # In the background, remembered for the cleanup trap: Ctrl-C here stops the scenario too.
  timeout -k 15 "$limit" "$script" "${args[@]}" >"$work/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  tail -n +1 --pid="$pid" -f "$work/$name.log" &
  pids+=($!)
  wait "$pid" || status=$?
  wait "${pids[-1]}" 2>/dev/null || true
  pids=()
  took[$name]=$((SECONDS - t0))
  case $status in
    0) outcome[$name]=ok ;;
    124) outcome[$name]="timed out after ${limit}s" ;;
    *) outcome[$name]="failed (exit $status)"; tail -5 "$work/$name.log" | sed 's/^/    /' >&2 ;;
  esac
  log "=== $name: ${outcome[$name]} in ${took[$name]}s"
done

write_headline
log "summary ($((SECONDS - began))s in all):"
failed=0
for name in "${chosen[@]}"; do
  [[ -n ${took[$name]:-} ]] || continue
  printf '  %-8s %-24s %4ss\n' "$name" "${outcome[$name]}" "${took[$name]}" >&2
  [[ ${outcome[$name]} == ok ]] || failed=1
  took[$name]='' # print each once
done
exit "$failed"
