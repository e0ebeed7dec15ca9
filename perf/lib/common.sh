# Shared by the perf/ scripts: Debian packages, JDK 25, the edge build, processes and
# namespaces to clean up, and the results page. Source it; do not run it.
set -euo pipefail

perf_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
root=$(dirname -- "$perf_dir")
results_dir=$perf_dir/results
work=$(mktemp -d /tmp/edge-perf.XXXXXX)
pids=()

log() { printf '%s perf: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "$*"; exit 2; }

# Installs Debian packages that are missing (as root; otherwise says what to install).
need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return
  [[ $(id -u) == 0 ]] || die "please install: apt-get install -y ${missing[*]}"
  log "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# JDK 25 for the build and for edge.
select_jdk() {
  local d
  for d in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
    if [[ -n $d && -x $d/bin/javac ]] && "$d/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
      export JAVA_HOME=$d
      return
    fi
  done
  die "no JDK 25 found (set JAVA_HOME)"
}

build_edge() {
  select_jdk
  if [[ ${PERF_SKIP_BUILD:-} != 1 ]]; then
    log "building edge (./mvnw package -DskipTests)"
    (cd "$root" && ./mvnw -q -B -ntp package -DskipTests) || die "build failed"
  fi
  edge_bin=$root/bin/edge
}

# edge_bin: EDGE_HOME/bin/edge when EDGE_HOME names a distribution (an A/B of two builds), else
# the checkout's build.
choose_edge() {
  if [[ -n ${EDGE_HOME:-} ]]; then
    select_jdk
    edge_bin=$EDGE_HOME/bin/edge
    [[ -x $edge_bin ]] || die "no $edge_bin"
  else
    build_edge
  fi
}

# Starts a command in the background, remembering its PID for cleanup. Output to $work/<name>.log.
start() {
  local name=$1
  shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  echo $!
}

stop_all() {
  local p
  for p in "${pids[@]:-}"; do
    [[ -n $p ]] && kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]:-}"; do
    [[ -n $p ]] && wait "$p" 2>/dev/null || true
  done
  pids=()
}

cleanup() {
  stop_all
  [[ ${PERF_KEEP:-} == 1 ]] && log "kept $work" || rm -rf "$work"
}
# Ctrl-C or SIGTERM cleans up and stops the script (EXIT runs cleanup once more, harmlessly).
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Waits until a log file contains a pattern (at most $3 seconds, default 30).
wait_for_log() {
  local file=$1 pattern=$2 limit=${3:-30} i
  for ((i = 0; i < limit * 10; i++)); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.1
  done
  die "timed out waiting for '$pattern' in $file: $(tail -5 "$file" 2>/dev/null)"
}

# Resident memory of a process in MiB.
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

# The machine, and its load average when the run began (other work on the 2 cores skews figures).
machine_line() {
  printf '%s, %s cores, %s RAM, kernel %s; load average at start %s' \
    "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" "$(nproc)" "$(free -h | awk '/Mem:/ {print $2}')" \
    "$(uname -r)" "$load_at_start"
}
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ratio A B: A/B with two decimals ("n/a" when B is 0 or not a number).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
