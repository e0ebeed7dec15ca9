#!/usr/bin/env bash
# perf/overlay.sh: ContainerNet (edge's WireGuard-protocol overlay in Java) beside wireguard-go
# and beside the plain underlay, measured with iperf3 between two network namespaces.
#
# Usage: perf/overlay.sh [--seconds N] [--rounds N] [--streams "1 4"] [--help]
#   --seconds N      length of each iperf3 run (default 10)
#   --rounds N       how many times each path is measured, alternating (default 2; the best counts)
#   --streams "1 4"  the iperf3 -P values to measure (default "1 4")
#
# Two namespaces ("servers") are joined by a veth pair, the underlay (198.18.0.1/.2, MTU 1500).
# Paths, each iperf3 TCP from namespace A (client) to namespace B (server):
#   veth          plain underlay, no tunnel: the ceiling;
#   wireguard-go  wireguard-go in both namespaces (10.33.x, UDP 6785), MTU 1420;
#   containernet  OverlayNodeMain in both namespaces (10.32.x, UDP 6784), MTU 1420.
# Both tunnels run for the whole measurement (idle while the other is measured); before the
# rounds each tunnel gets one unrecorded 3 s warm-up run (the JIT, wireguard-go's pools).
# Nothing is pinned: iperf3 client and server and both tunnel endpoints share all the cores.
# The tunnel CPU column is the user+system time of both tunnel processes during the run.
# Environment: PERF_SKIP_BUILD=1 uses the jars already built; PERF_KEEP=1 keeps the work dir;
# EDGE_JAVA_OPTS adds JVM flags to the ContainerNet nodes.
# Writes perf/results/overlay.md and perf/results/overlay.png.
source "$(dirname "$0")/lib/common.sh"

seconds=10 rounds=2 streams="1 4"
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
    --help|-h) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ $(id -u) == 0 ]] || die "needs root (network namespaces, TUN)"
[[ -c /dev/net/tun ]] || die "needs /dev/net/tun"

need_packages iperf3 wireguard-go wireguard-tools iproute2 gnuplot-nox jq
select_jdk

if [[ ${PERF_SKIP_BUILD:-} != 1 ]]; then
  log "building overlay (./mvnw -q -B -ntp -pl overlay -am package -DskipTests)"
  (cd "$root" && ./mvnw -q -B -ntp -pl overlay -am package -DskipTests) || die "build failed"
fi
# the runtime classpath: the two reactor jars, then snakeyaml and Bouncy Castle from ~/.m2
(cd "$root" && ./mvnw -q -B -ntp -o -pl overlay dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$work/deps.txt") >/dev/null || die "cannot resolve the overlay's classpath"
overlay_jar=$(ls "$root"/overlay/target/edge-overlay-*.jar | grep -v -e sources -e tests | head -1)
conf_jar=$(ls "$root"/conf/target/edge-conf-*.jar | grep -v -e sources -e tests | head -1)
third_party=$(tr ':' '\n' <"$work/deps.txt" | grep -v '/io/edgeplane/' | paste -sd: -)
classpath=$overlay_jar:$conf_jar:$third_party
java_flags=(--enable-native-access=ALL-UNNAMED)
# shellcheck disable=SC2206 # a list of flags, split on purpose
java_flags+=(${EDGE_JAVA_OPTS:-})

# --- the two servers ---------------------------------------------------------------------------
tag=$(printf '%04x' $(($$ % 65536)))
ns_a=ovl-a-$tag ns_b=ovl-b-$tag
veth_a=ova$tag veth_b=ovb$tag
wg_a=wpa$tag wg_b=wpb$tag
under_a=198.18.0.1 under_b=198.18.0.2
namespaces=()

overlay_cleanup() {
  stop_all
  local ns
  for ns in "${namespaces[@]:-}"; do
    [[ -n $ns ]] && ip netns del "$ns" 2>/dev/null || true
  done
  rm -f "/var/run/wireguard/$wg_a.sock" "/var/run/wireguard/$wg_b.sock"
  cleanup
}
trap overlay_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

in_a() { ip netns exec "$ns_a" "$@"; }
in_b() { ip netns exec "$ns_b" "$@"; }

for ns in "$ns_a" "$ns_b"; do
  ip netns add "$ns"
  namespaces+=("$ns")
  ip -n "$ns" link set lo up
done
ip link add "$veth_a" netns "$ns_a" type veth peer name "$veth_b" netns "$ns_b"
ip -n "$ns_a" addr add "$under_a/24" dev "$veth_a"
ip -n "$ns_b" addr add "$under_b/24" dev "$veth_b"
ip -n "$ns_a" link set "$veth_a" up
ip -n "$ns_b" link set "$veth_b" up

for side in a b; do
  (umask 077 && wg genkey >"$work/$side.key")
  wg pubkey <"$work/$side.key" >"$work/$side.pub"
done

# --- wireguard-go on both sides (10.33.1.1 and 10.33.2.1) -------------------------------------
export WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1
start wg-a ip netns exec "$ns_a" wireguard-go -f "$wg_a" >/dev/null
wg_pid_a=${pids[-1]}
start wg-b ip netns exec "$ns_b" wireguard-go -f "$wg_b" >/dev/null
wg_pid_b=${pids[-1]}
for i in $(seq 1 100); do
  [[ -S /var/run/wireguard/$wg_a.sock && -S /var/run/wireguard/$wg_b.sock ]] && break
  sleep 0.1
done
in_a wg set "$wg_a" private-key "$work/a.key" listen-port 6785 \
  peer "$(cat "$work/b.pub")" endpoint "$under_b:6785" allowed-ips 10.33.2.0/24
in_b wg set "$wg_b" private-key "$work/b.key" listen-port 6785 \
  peer "$(cat "$work/a.pub")" endpoint "$under_a:6785" allowed-ips 10.33.1.0/24
in_a ip addr add 10.33.1.1/16 dev "$wg_a"
in_b ip addr add 10.33.2.1/16 dev "$wg_b"
in_a ip link set "$wg_a" mtu 1420 up
in_b ip link set "$wg_b" mtu 1420 up

# --- ContainerNet on both sides (10.32.1.1 and 10.32.2.1) --------------------------------------
# OverlayNodeMain stops at EOF on stdin: each reads a FIFO we hold open (and send "stats" to).
# A background job's stdin would be /dev/null, hence the exec inside the namespace.
mkfifo "$work/cnet-a.in" "$work/cnet-b.in"
exec 7<>"$work/cnet-a.in" 8<>"$work/cnet-b.in"
cnet_cmd() { # side own-address peer-side peer-underlay peer-slice
  echo "$JAVA_HOME/bin/java ${java_flags[*]} -cp CLASSPATH io.edgeplane.overlay.OverlayNodeMain" \
    "--private-key $work/$1.key --listen 6784 --tun cnet0 --mtu 1420 --address $2" \
    "--peer $(cat "$work/$3.pub")@$4:6784=$5"
}
start cnet-a ip netns exec "$ns_a" bash -c 'exec "$@" <"$0"' "$work/cnet-a.in" "$JAVA_HOME/bin/java" "${java_flags[@]}" -cp "$classpath" \
  io.edgeplane.overlay.OverlayNodeMain --private-key "$work/a.key" --listen 6784 --tun cnet0 --mtu 1420 \
  --address 10.32.1.1/16 --peer "$(cat "$work/b.pub")@$under_b:6784=10.32.2.0/24" >/dev/null
cnet_pid_a=${pids[-1]}
start cnet-b ip netns exec "$ns_b" bash -c 'exec "$@" <"$0"' "$work/cnet-b.in" "$JAVA_HOME/bin/java" "${java_flags[@]}" -cp "$classpath" \
  io.edgeplane.overlay.OverlayNodeMain --private-key "$work/b.key" --listen 6784 --tun cnet0 --mtu 1420 \
  --address 10.32.2.1/16 --peer "$(cat "$work/a.pub")@$under_a:6784=10.32.1.0/24" >/dev/null
cnet_pid_b=${pids[-1]}
wait_for_log "$work/cnet-a.log" "^ready" 30
wait_for_log "$work/cnet-b.log" "^ready" 30

start iperf3-server ip netns exec "$ns_b" iperf3 -s -p 5201 >/dev/null
sleep 0.5

declare -A target=([veth]=$under_b [wireguard-go]=10.33.2.1 [containernet]=10.32.2.1)
declare -A tunnel_pids=([veth]="" [wireguard-go]="$wg_pid_a $wg_pid_b" [containernet]="$cnet_pid_a $cnet_pid_b")
paths=(veth wireguard-go containernet)
for p in "${paths[@]}"; do
  in_a ping -n -q -c 3 -i 0.2 -W 3 "${target[$p]}" >/dev/null || die "no ping over $p to ${target[$p]} (see $work)"
done

# user+system clock ticks of the given processes
cpu_ticks() {
  local sum=0 p
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] || die "tunnel process $p is gone (see $work)"
    sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$sum"
}
# busy and total jiffies of the whole machine (all cores)
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

# iperf3 path streams seconds -> "Gbit/s tunnel-cores machine-busy-percent"
measure() {
  local path=$1 n=$2 secs=$3 json t0 t1 b0 a0 b1 a1
  # shellcheck disable=SC2086 # a list of PIDs
  t0=$(cpu_ticks ${tunnel_pids[$path]})
  read -r b0 a0 <<<"$(machine_ticks)"
  json=$(in_a iperf3 -c "${target[$path]}" -p 5201 -t "$secs" -P "$n" -J) || die "iperf3 over $path failed: $json"
  # shellcheck disable=SC2086
  t1=$(cpu_ticks ${tunnel_pids[$path]})
  read -r b1 a1 <<<"$(machine_ticks)"
  awk -v bps="$(jq '.end.sum_received.bits_per_second' <<<"$json")" -v dt=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" \
    -v s="$secs" -v busy=$((b1 - b0)) -v all=$((a1 - a0)) \
    'BEGIN { printf "%.2f %.2f %.0f\n", bps / 1e9, dt / hz / s, all ? 100 * busy / all : 0 }'
}

log "warming up the tunnels (3 s each, not recorded)"
measure wireguard-go 1 3 >/dev/null
measure containernet 1 3 >/dev/null

declare -A best cores busy all_runs
for ((r = 1; r <= rounds; r++)); do
  for n in $streams; do
    for p in "${paths[@]}"; do
      read -r g c b <<<"$(measure "$p" "$n" "$seconds")"
      log "round $r, -P $n, $p: $g Gbit/s (tunnel processes $c cores, machine $b% busy)"
      k=$p/$n
      all_runs[$k]="${all_runs[$k]:-}${all_runs[$k]:+, }$g"
      if [[ -z ${best[$k]:-} ]] || awk -v a="$g" -v b="${best[$k]}" 'BEGIN {exit !(a > b)}'; then
        best[$k]=$g cores[$k]=$c busy[$k]=$b
      fi
    done
  done
done

declare -A rss
for pid in "$wg_pid_a" "$wg_pid_b" "$cnet_pid_a" "$cnet_pid_b"; do rss[$pid]=$(rss_mib "$pid"); done
echo stats >&7
echo stats >&8
sleep 0.5
cnet_stats_a=$(grep '^stats' "$work/cnet-a.log" | tail -1 || true)
cnet_stats_b=$(grep '^stats' "$work/cnet-b.log" | tail -1 || true)

mkdir -p "$results_dir"
{
  echo "# Overlay: ContainerNet vs wireguard-go vs the plain underlay"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`perf/overlay.sh --seconds $seconds --rounds $rounds --streams \"$streams\"\`."
  echo
  echo "- Machine: $(machine_line); the cores are shared with other work on the host (see \"machine busy\")."
  echo "- Versions: $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p); ContainerNet at $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$root" && [[ -n $(git status --porcelain overlay 2>/dev/null) ]] && echo ' + uncommitted changes in overlay/'); wireguard-go $(wireguard-go --version 2>/dev/null | head -1 | awk '{print $2}'); $(iperf3 --version | head -1 | awk '{print "iperf3", $2}'); $(ip -V)."
  echo "- Underlay: two network namespaces joined by a veth pair (MTU 1500). Both tunnels MTU 1420, no pre-shared key."
  echo "- ContainerNet: \`$(cnet_cmd a 10.32.1.1/16 b "$under_b" 10.32.2.0/24 | sed "s|$work/|<work>/|g")\` in namespace A, the mirror in B; default I/O: TUN with TSO/checksum offloads (virtio_net_hdr), UDP GSO on send and GRO on receive, one TUN reader and one UDP reader thread."
  echo "- wireguard-go: \`wireguard-go -f $wg_a\`, \`wg set $wg_a private-key ... listen-port 6785 peer ... endpoint $under_b:6785 allowed-ips 10.33.2.0/24\`, \`ip link set $wg_a mtu 1420 up\`; GOMAXPROCS default ($(nproc))."
  echo "- Load: \`iperf3 -c <B's address> -t $seconds -P <streams> -J\` in namespace A against \`iperf3 -s\` in B; the received rate counts."
  echo "- $rounds alternating rounds (veth, wireguard-go, ContainerNet, then again), best per path; one unrecorded 3 s warm-up per tunnel first."
  echo "- CPU: nothing pinned; iperf3 client, iperf3 server and both tunnel endpoints share the $(nproc) cores. \"tunnel cores\" is the user+system time of both endpoints of the tunnel during that best run divided by its length (at most $(nproc)); \"machine busy\" is all cores, all processes on the host."
  echo
  echo "| path | streams | Gbit/s | ratio to wireguard-go | ratio to plain veth | tunnel cores | machine busy | every round, Gbit/s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  for n in $streams; do
    for p in "${paths[@]}"; do
      k=$p/$n
      tc=${cores[$k]}
      [[ $p == veth ]] && tc="-"
      echo "| $p | $n | ${best[$k]} | $(ratio "${best[$k]}" "${best[wireguard-go/$n]}") | $(ratio "${best[$k]}" "${best[veth/$n]}") | $tc | ${busy[$k]}% | ${all_runs[$k]} |"
    done
  done
  echo
  echo "ContainerNet/wireguard-go:$(for n in $streams; do printf ' %s with -P %s;' "$(ratio "${best[containernet/$n]}" "${best[wireguard-go/$n]}")" "$n"; done | sed 's/;$/./')"
  echo
  echo "Resident memory after the runs (VmRSS): wireguard-go ${rss[$wg_pid_a]} MiB (A) and ${rss[$wg_pid_b]} MiB (B); ContainerNet (JVM, default heap settings) ${rss[$cnet_pid_a]} MiB (A) and ${rss[$cnet_pid_b]} MiB (B)."
  echo
  echo "ContainerNet counters after the runs: A \`${cnet_stats_a:-n/a}\`; B \`${cnet_stats_b:-n/a}\`."
  echo
  echo "Numbers on a shared 2-core machine are noisy (rounds of one path can differ by a third: see the last column); compare paths within one run."
  echo
  echo "![overlay throughput](overlay.png)"
} >"$results_dir/overlay.md"

for p in "${paths[@]}"; do
  printf '%s' "$p"
  for n in $streams; do printf ' %s' "${best[$p/$n]}"; done
  echo
done >"$work/overlay.dat"
plot=""
i=2
for n in $streams; do
  plot+="${plot:+, }\"$work/overlay.dat\" using $i:xtic(1) title \"iperf3 -P $n\""
  i=$((i + 1))
done
gnuplot <<GP
set terminal pngcairo size 800,420
set output "$results_dir/overlay.png"
set title "iperf3 TCP between two namespaces, Gbit/s (higher is better), $(date -u +%Y-%m-%d)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8
set boxwidth 0.9
set yrange [0:*]
set ylabel "Gbit/s"
set key top right
plot $plot
GP
log "written $results_dir/overlay.md"
cat "$results_dir/overlay.md"
