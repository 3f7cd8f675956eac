#!/usr/bin/env bash
# Concurrent calls with media. SIPp holds N calls at once, each streaming G.711 audio (rtp_stream,
# 50 packets/s) for CALL_SECONDS and then hanging up, new calls replacing ended ones, for
# STEP_SECONDS per step — against Uketsuke's demo number (every call answered by the bot, recorded
# and encrypted) and, in the same run, against SIPp's own answering side echoing the audio
# (sipp -sn uas -rtp_echo). Prints per N: calls completed/failed on both sides; at Uketsuke the
# caller packets lost (RFC 3550, from sequence numbers), the mean final interarrival jitter of the
# calls that ended, and the CPU each side used per call.
#
#   bench/media.sh                       # N = 50 100 200 300, keypad-only bot (no speech recognition)
#   MEDIA_ASR=pocketsphinx bench/media.sh 25 50 100    # the same with speech recognition on every call
#   STEP_SECONDS=60 CALL_SECONDS=20 bench/media.sh 300 400
set -euo pipefail
cd "$(dirname "$0")/.."

levels=${*:-50 100 200 300}
step_seconds=${STEP_SECONDS:-60}
call_seconds=${CALL_SECONDS:-20}
asr=${MEDIA_ASR:-none}
sip_port=${MEDIA_SIP_PORT:-25080}
peer_port=${MEDIA_PEER_PORT:-25090}
https_port=${MEDIA_HTTPS_PORT:-28444}
work=$(mktemp -d /tmp/uketsuke-media.XXXXXX)
server_pid=""
peer_pid=""

cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

for tool in sipp sox curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install sip-tester sox curl)" >&2; exit 1; }
done

# Caller audio: a tone with pauses, G.711 u-law as SIPp's rtp_stream sends it unchanged.
sox -n -r 8000 -c 1 -e u-law -b 8 "$work/caller.wav" synth 1 sine 440 vol 0.3 pad 0 1 repeat 4
sed "s|@AUDIO@|$work/caller.wav|; s|@HOLD_MS@|$((call_seconds * 1000))|" bench/media-call.xml > "$work/caller.xml"

echo "bench: starting Uketsuke, speech recognition: $asr (data in $work/data, log $work/server.log)" >&2
UKETSUKE_DATA_DIR="$work/data" UKETSUKE_SIP_PORT=$sip_port UKETSUKE_HTTPS_PORT=$https_port \
UKETSUKE_SIP_BIND=127.0.0.1 UKETSUKE_SIP_ADVERTISED=127.0.0.1 UKETSUKE_SIP_TLS=false UKETSUKE_ASR=$asr \
  ./uketsuke run --demo >"$work/server.log" 2>&1 &
server_pid=$! # the launcher execs java, so this is the server's own process
for _ in $(seq 1 240); do
  (exec 3<>/dev/tcp/127.0.0.1/$sip_port) 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "bench: server died; see $work/server.log" >&2; exit 1; }
  sleep 1
done
token=$(cat "$work/data/metrics-scrape-token")

sipp -sn uas -i 127.0.0.1 -p "$peer_port" -rtp_echo -mp 27000 -nostdin -bg >/dev/null 2>&1 || true
peer_pid=$(pgrep -f "sipp -sn uas -i 127.0.0.1 -p $peer_port" | head -1 || true)

# One Prometheus sample of Uketsuke, by metric name (with its labels, if any).
metric() {
  curl -sk -H "Authorization: Bearer $token" "https://127.0.0.1:$https_port/actuator/prometheus" \
    | awk -v m="$1" '$1 == m { print $2; found=1 } END { if (!found) print 0 }'
}

# CPU seconds a process has used so far (user + system).
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# One step: $1 target port, $2 concurrent calls; prints "successful failed cpu_seconds".
step() {
  local port=$1 n=$2 pid=$3 stat="$work/stat-$1-$2.csv"
  local rate=$(( (n + call_seconds - 1) / call_seconds ))
  local calls=$(( n * step_seconds / call_seconds ))
  local cpu_before
  cpu_before=$(cpu_seconds "$pid")
  (cd "$work" && sipp 127.0.0.1:"$port" -sf "$work/caller.xml" -s 0500000000 -i 127.0.0.1 -r "$rate" -l "$n" \
    -m "$calls" -nostdin -timeout $((step_seconds + call_seconds * 3))s -recv_timeout 10000 \
    -trace_stat -stf "$stat" -fd 1 >/dev/null 2>&1) || true
  local cpu_after
  cpu_after=$(cpu_seconds "$pid")
  awk -F';' -v cpu="$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN { print b - a }')" '
    NR==1 { for (i=1;i<=NF;i++) { if ($i=="SuccessfulCall(C)") s=i; if ($i=="FailedCall(C)") f=i } }
    NR>1 { ok=$s; bad=$f } END { print (ok==""?0:ok), (bad==""?0:bad), cpu }' "$stat" 2>/dev/null || echo "0 0 0"
}

printf '\n%-6s | %-16s | %-24s | %-16s | %-14s | %-16s | %-14s\n' "calls" "Uketsuke ok/fail" "lost / expected packets" \
  "mean jitter ms" "CPU ms/call-s" "SIPp uas ok/fail" "CPU ms/call-s"
printf -- '-------+------------------+--------------------------+------------------+----------------+------------------+---------------\n'
best=0
for n in $levels; do
  expected0=$(metric uketsuke_rtp_packets_expected_total); lost0=$(metric uketsuke_rtp_packets_lost_total)
  jcount0=$(metric uketsuke_rtp_jitter_seconds_count); jsum0=$(metric uketsuke_rtp_jitter_seconds_sum)
  read -r u_ok u_bad u_cpu < <(step "$sip_port" "$n" "$server_pid")
  sleep 3 # let the last calls' records close and their statistics count
  expected=$(awk -v a="$expected0" -v b="$(metric uketsuke_rtp_packets_expected_total)" 'BEGIN { printf "%d", b - a }')
  lost=$(awk -v a="$lost0" -v b="$(metric uketsuke_rtp_packets_lost_total)" 'BEGIN { printf "%d", b - a }')
  jitter=$(awk -v c0="$jcount0" -v s0="$jsum0" -v c1="$(metric uketsuke_rtp_jitter_seconds_count)" \
    -v s1="$(metric uketsuke_rtp_jitter_seconds_sum)" 'BEGIN { c = c1 - c0; printf "%.2f", (c > 0 ? (s1 - s0) / c * 1000 : 0) }')
  read -r p_ok p_bad p_cpu < <(step "$peer_port" "$n" "${peer_pid:-$$}")
  # CPU per call and second of call: what one more concurrent call costs
  per_call() { awk -v cpu="$1" -v n="$n" -v s="$step_seconds" 'BEGIN { printf "%.2f", cpu * 1000 / (n * s) }'; }
  loss_pct=$(awk -v l="$lost" -v e="$expected" 'BEGIN { printf "%.3f", (e > 0 ? l * 100 / e : 0) }')
  printf '%-6s | %-16s | %-24s | %-16s | %-14s | %-16s | %-14s\n' "$n" "$u_ok / $u_bad" "$lost / $expected ($loss_pct %)" \
    "$jitter" "$(per_call "$u_cpu")" "$p_ok / $p_bad" "$(per_call "$p_cpu")"
  if [ "$u_bad" = 0 ] && [ "$u_ok" -gt 0 ] && awk -v p="$loss_pct" -v j="$jitter" 'BEGIN { exit !(p < 0.1 && j < 20) }'; then
    best=$n
  fi
done
printf '\nlargest N with no failed call, < 0.1 %% loss and mean jitter < 20 ms at Uketsuke: %s (speech recognition: %s)\n' \
  "$best" "$asr"
