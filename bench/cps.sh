#!/usr/bin/env bash
# Calls per second. SIPp places answer-then-hang-up calls (built-in "uac" scenario, G.711) at rising
# rates against Uketsuke's demo number — every call answered by the bot, recorded and encrypted — and,
# in the same run, against SIPp's own answering side (sipp -sn uas) as the peer to compare with.
# Prints a table per rate and the highest rate each side sustains with no failed call — for Uketsuke,
# also with every answered call's record closed (transcript and encrypted recording written).
#
#   bench/cps.sh                 # rates 50 100 200 300 400 600 800, 10 s each
#   CPS_SECONDS=20 bench/cps.sh 100 300 500
#   CPS_TRANSPORT=tls bench/cps.sh 50 100 200   # SIP over TLS (see below)
#
# TLS: Debian's SIPp is built without TLS, so SIPp speaks TCP to a local socat that opens one TLS
# connection (TLS 1.3) onwards. For Uketsuke that TLS connection ends at its SIP TLS port; for the
# peer it ends at a second socat that terminates TLS in front of SIPp's uas. Both sides therefore
# pay for one TLS hop per direction; the peer additionally for the second relay.
set -euo pipefail
cd "$(dirname "$0")/.."

rates=${*:-50 100 200 300 400 600 800}
step_seconds=${CPS_SECONDS:-10}
sip_port=${CPS_SIP_PORT:-25060}
peer_port=${CPS_PEER_PORT:-25070}
https_port=${CPS_HTTPS_PORT:-28443}
transport=${CPS_TRANSPORT:-udp}
tls_port=${CPS_TLS_PORT:-25061}
relay_pids=()
work=$(mktemp -d /tmp/uketsuke-cps.XXXXXX)
server_pid=""
peer_pid=""

cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null || true
  for pid in "${relay_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

command -v sipp >/dev/null || { echo "bench: sipp is missing: apt-get install sip-tester" >&2; exit 1; }

echo "bench: starting Uketsuke (data in $work/data, log $work/server.log)" >&2
UKETSUKE_DATA_DIR="$work/data" UKETSUKE_SIP_PORT=$sip_port UKETSUKE_HTTPS_PORT=$https_port \
UKETSUKE_SIP_BIND=127.0.0.1 UKETSUKE_SIP_ADVERTISED=127.0.0.1 UKETSUKE_SIP_TLS_PORT=$tls_port \
  ./uketsuke run --demo >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
  (exec 3<>/dev/tcp/127.0.0.1/$sip_port) 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "bench: server died; see $work/server.log" >&2; exit 1; }
  sleep 1
done

sipp_transport=()
if [ "$transport" = tls ]; then
  command -v socat >/dev/null || { echo "bench: socat is missing: apt-get install socat" >&2; exit 1; }
  sipp_transport=(-t t1)
  # the peer's TLS end: a throwaway certificate, as Uketsuke's own is self-signed too
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "$work/peer.key" -out "$work/peer.crt" 2>/dev/null
  socat TCP-LISTEN:$((peer_port + 2)),bind=127.0.0.1,reuseaddr,fork \
    OPENSSL:127.0.0.1:$((peer_port + 3)),verify=0 2>/dev/null & relay_pids+=($!)
  socat OPENSSL-LISTEN:$((peer_port + 3)),bind=127.0.0.1,reuseaddr,fork,cert="$work/peer.crt",key="$work/peer.key",verify=0 \
    TCP:127.0.0.1:"$peer_port" 2>/dev/null & relay_pids+=($!)
  socat TCP-LISTEN:$((sip_port + 2)),bind=127.0.0.1,reuseaddr,fork \
    OPENSSL:127.0.0.1:"$tls_port",verify=0 2>/dev/null & relay_pids+=($!)
  sipp -sn uas -i 127.0.0.1 -p "$peer_port" -t t1 -nostdin -bg >/dev/null 2>&1 || true
  target_uketsuke=$((sip_port + 2)); target_peer=$((peer_port + 2))
else
  sipp -sn uas -i 127.0.0.1 -p "$peer_port" -nostdin -bg >/dev/null 2>&1 || true
  target_uketsuke=$sip_port; target_peer=$peer_port
fi
peer_pid=$(pgrep -f "sipp -sn uas -i 127.0.0.1 -p $peer_port" | head -1 || true)
sleep 1

# One step: $1 target port, $2 rate; prints "successful failed refused". Refused calls are those SIPp's uac
# failed on an unexpected final response: from Uketsuke that is its 503 with Retry-After when it is full
# (admission control), a clean refusal the caller hears at once; the rest of the failed calls timed out.
step() {
  local port=$1 rate=$2 stat="$work/stat-$1-$2.csv"
  local calls=$((rate * step_seconds))
  sipp -sn uac 127.0.0.1:"$port" "${sipp_transport[@]}" -s 0500000000 -i 127.0.0.1 -r "$rate" -m "$calls" -l $((rate * 4)) \
    -nostdin -timeout $((step_seconds * 4))s -recv_timeout 10000 -trace_stat -stf "$stat" -fd 1 >/dev/null 2>&1 || true
  awk -F';' 'NR==1 { for (i=1;i<=NF;i++) { if ($i=="SuccessfulCall(C)") s=i; if ($i=="FailedCall(C)") f=i;
                                             if ($i=="FailedUnexpectedMessage(C)") u=i } }
             NR>1 { ok=$s; bad=$f; refused=$u }
             END { print (ok==""?0:ok), (bad==""?0:bad), (refused==""?0:refused) }' "$stat" 2>/dev/null || echo "0 0 0"
}

# Call records Uketsuke has closed so far: one log line per call, without personal data.
records_closed() { grep -c 'internal.Conversation .* ended: ' "$work/server.log" || true; }

best_uketsuke=0; best_peer=0; answered=0
printf '\ntransport: %s\n' "$transport"
printf '\n%-8s | %-20s | %-22s | %-26s | %-20s\n' "calls/s" "Uketsuke ok / failed" "of those failed: 503" \
  "records closed (drain s)" "SIPp uas ok / failed"
printf -- '---------+----------------------+------------------------+----------------------------+---------------------\n'
for rate in $rates; do
  read -r u_ok u_bad u_refused < <(step "$target_uketsuke" "$rate")
  answered=$((answered + u_ok))
  # Every answered call must end up recorded and closed; wait (at most 60 s) for the backlog to drain.
  drain=0
  while [ "$(records_closed)" -lt "$answered" ] && [ "$drain" -lt 60 ]; do sleep 1; drain=$((drain + 1)); done
  closed=$(records_closed)
  read -r p_ok p_bad _ < <(step "$target_peer" "$rate")
  want=$((rate * step_seconds))
  printf '%-8s | %-20s | %-22s | %-26s | %-20s\n' "$rate" "$u_ok / $u_bad" "$u_refused" "$closed of $answered ($drain)" \
    "$p_ok / $p_bad"
  [ "$u_bad" = 0 ] && [ "$u_ok" -ge "$want" ] && [ "$closed" -ge "$answered" ] && best_uketsuke=$rate
  [ "$p_bad" = 0 ] && [ "$p_ok" -ge "$want" ] && best_peer=$rate
done

recordings=$(find "$work/data/recordings" -type f 2>/dev/null | wc -l)
printf '\nhighest rate with no failed call: Uketsuke %s calls/s (every call recorded), SIPp uas %s calls/s' \
  "$best_uketsuke" "$best_peer"
if [ "$best_peer" -gt 0 ]; then
  printf ' (ratio %s)' "$(awk -v a="$best_uketsuke" -v b="$best_peer" 'BEGIN { printf "%.2f", a / b }')"
fi
printf '\nencrypted recordings written by Uketsuke: %s for %s answered calls\n' "$recordings" "$answered"
# Uketsuke's own count of the calls it refused with 503 because it was full, by reason
token=$(cat "$work/data/metrics-scrape-token" 2>/dev/null || true)
scrape=$(curl -sk -H "Authorization: Bearer $token" "https://127.0.0.1:$https_port/actuator/prometheus" 2>/dev/null || true)
refused() { printf '%s\n' "$scrape" | awk -v r="reason=\"$1\"" 'index($1, "uketsuke_calls_refused_total{") == 1 && index($1, r) { n += $2 }
                                                             END { printf "%d", n }'; }
printf 'calls Uketsuke refused with 503 and Retry-After (uketsuke_calls_refused_total): setup_limit %s, call_limit %s\n' \
  "$(refused setup_limit)" "$(refused call_limit)"
