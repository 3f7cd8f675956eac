#!/usr/bin/env bash
# Reply latency: how long a caller waits, after they stop speaking, until the bot's answer starts. SIPp holds N
# calls at once to the demo number; each caller plays audio made with espeak-ng: a pause, then "what are your
# business hours" spoken over the bot's greeting (barge-in), then silence, and hangs up after REPLY_HOLD_SECONDS.
# The bot (pocketsphinx) answers from the FAQ. RTP on loopback is captured with tshark and analysed per call
# (bench/ReplyLatency.java): t_last_voice is the caller's last packet whose G.711 payload is voiced, t_answer the
# bot's first voiced packet after it; reply latency = t_answer - t_last_voice. In the same run the same calls go to
# SIPp's own answering side echoing the audio (sipp -sn uas -rtp_echo): its "reply" is the echo of the last voiced
# packet, the floor of the method. Prints per N: calls, calls measured, p50, p95, max, failures — and the
# recogniser's own decode time from the server log (it waits for decoders too), for the breakdown.
#
#   bench/reply-latency.sh                  # N = 1 50 200
#   REPLY_ROUNDS=2 bench/reply-latency.sh 50
#   REPLY_SERVER_JAR=/elsewhere/uketsuke-server.jar bench/reply-latency.sh   # another build of the server
#
# The server runs with a JFR recording from start-up that traces every construction of a FAQ index, every parse of
# a flow document and every opening of a sealed flow (jdk.MethodTrace), and with a profiling recording
# (jdk.ExecutionSample) during step N = REPLY_PROFILE_LEVEL (50); both are summarised at the end and kept in the
# work directory.
set -euo pipefail
cd "$(dirname "$0")/.."

levels=${*:-1 50 200}
hold_seconds=${REPLY_HOLD_SECONDS:-16}
rounds=${REPLY_ROUNDS:-3}           # each of the N places holds this many calls one after the other
min_calls=${REPLY_MIN_CALLS:-10}    # at least this many calls per step (N = 1: ten calls in a row)
lead_ms=${REPLY_LEAD_MS:-2000}      # the question starts this long after the caller's audio starts
voiced_dbfs=${REPLY_VOICED_DBFS:--45}
profile_level=${REPLY_PROFILE_LEVEL:-50}
sip_port=${REPLY_SIP_PORT:-25100}
peer_port=${REPLY_PEER_PORT:-25110}
https_port=${REPLY_HTTPS_PORT:-28445}
rtp_min=${REPLY_RTP_PORT_MIN:-46000}
rtp_max=${REPLY_RTP_PORT_MAX:-46999}
peer_media_port=${REPLY_PEER_MEDIA_PORT:-47000}
caller_media_port=${REPLY_CALLER_MEDIA_PORT:-48000}
work=$(mktemp -d /tmp/uketsuke-reply.XXXXXX)
server_pid=""
peer_pid=""
capture_pid=""

cleanup() {
  [ -n "$capture_pid" ] && kill "$capture_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

for tool in sipp sox espeak-ng tshark; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install sip-tester sox espeak-ng tshark)" >&2; exit 1; }
done
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
[ -x "$java" ] && [ -x "$JAVA_HOME/bin/jcmd" ] && [ -x "$JAVA_HOME/bin/jfr" ] \
  || { echo "bench: needs a JDK 25 (java, jcmd, jfr) in JAVA_HOME" >&2; exit 1; }
# the server jar as the launcher runs it; build it first: ./mvnw -B -q -DskipTests package
jar=${REPLY_SERVER_JAR:-server/target/uketsuke-server.jar}
[ -f "$jar" ] || { echo "bench: no $jar; build it with ./mvnw -B -q -DskipTests package" >&2; exit 1; }

# Caller audio: pause, question, silence until 200 ms before the caller hangs up; headerless G.711 u-law, which
# SIPp's rtp_stream sends as it is (given a WAV it sends the header too). Whole 20 ms packets only: SIPp fills a last
# partial packet from the file's start. Digital silence (no dither) keeps the caller's quiet far below the voiced
# threshold.
espeak-ng -v en-us -w "$work/question.wav" "what are your business hours"
samples=$(( (hold_seconds * 1000 - 200) * 8 / 160 * 160 ))
sox -V1 -D "$work/question.wav" -t ul -r 8000 -c 1 "$work/caller.ulaw" \
  rate 8000 pad "$(awk -v l="$lead_ms" 'BEGIN { print l / 1000 }')" "$hold_seconds" trim 0 "${samples}s"
[ "$(stat -c %s "$work/caller.ulaw")" = "$samples" ] || { echo "bench: caller audio is not $samples samples" >&2; exit 1; }
sed "s|@AUDIO@|$work/caller.ulaw|; s|@HOLD_MS@|$((hold_seconds * 1000))|" bench/reply-call.xml > "$work/caller.xml"

# Traced wherever they run: what CompiledFlows should do once per flow version, never per call.
traced='jp.uketsuke.voicebot.faq.FaqIndex::<init>;jp.uketsuke.voicebot.FlowDocuments::read;jp.uketsuke.voicebot.internal.FlowStore::open;jp.uketsuke.voicebot.CompiledFlow::of'
echo "bench: starting Uketsuke with pocketsphinx (data in $work/data, log $work/server.log)" >&2
UKETSUKE_DATA_DIR="$work/data" UKETSUKE_SIP_PORT=$sip_port UKETSUKE_HTTPS_PORT=$https_port \
UKETSUKE_SIP_BIND=127.0.0.1 UKETSUKE_SIP_ADVERTISED=127.0.0.1 UKETSUKE_SIP_TLS=false UKETSUKE_ASR=pocketsphinx \
UKETSUKE_RTP_PORT_MIN=$rtp_min UKETSUKE_RTP_PORT_MAX=$rtp_max \
  "$java" --enable-native-access=ALL-UNNAMED \
  "-XX:StartFlightRecording=name=traced,filename=$work/traced.jfr,settings=default,method-trace=$traced" \
  -jar "$jar" --demo --logging.level.jp.uketsuke.speech.pocketsphinx.PocketsphinxRecognizer=DEBUG \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
  (exec 3<>/dev/tcp/127.0.0.1/$sip_port) 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "bench: server died; see $work/server.log" >&2; exit 1; }
  sleep 1
done
# the prompts are synthesised in the background at start-up; let that finish before the first call
for _ in $(seq 1 60); do grep -q 'Prepared .* prompts' "$work/server.log" && break; sleep 1; done

sipp -sn uas -i 127.0.0.1 -p "$peer_port" -rtp_echo -mp "$peer_media_port" -nostdin -bg >/dev/null 2>&1 || true
peer_pid=$(pgrep -f "sipp -sn uas -i 127.0.0.1 -p $peer_port" | head -1 || true)

# Captures RTP to/from the answering side's ports ($1: tshark capture filter) into $2 until stop_capture.
start_capture() {
  tshark -i lo -f "$1" -s 256 -F pcap -w "$2" -q >"$2.log" 2>&1 &
  capture_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$2" ] && break
    sleep 0.1
  done
  sleep 0.5
}
stop_capture() {
  kill -INT "$capture_pid" 2>/dev/null || true
  wait "$capture_pid" 2>/dev/null || true
  capture_pid=""
}

# One step (a little faster than N per call length, so that -l N keeps N calls up): $1 target SIP port, $2 concurrent calls, $3 answering side's RTP ports, $4 name, $5 --quiet-before-ms;
# prints "sipp_ok sipp_failed measured p50 p95 max no_caller_voice no_answer prompt_playing".
step() {
  local port=$1 n=$2 ports=$3 name=$4 quiet=$5
  local calls=$(( n * rounds > min_calls ? n * rounds : min_calls ))
  local stat="$work/stat-$name-$n.csv" pcap="$work/rtp-$name-$n.pcap"
  start_capture "udp and portrange $ports and port $caller_media_port" "$pcap" # our calls only: the machine is shared
  (cd "$work" && sipp 127.0.0.1:"$port" -sf "$work/caller.xml" -s 0500000000 -i 127.0.0.1 -mp "$caller_media_port" \
    -r "$n" -rp $((hold_seconds * 900)) -l "$n" -m "$calls" -nostdin \
    -timeout $(( (calls / n + 3) * hold_seconds * 2 ))s -recv_timeout 20000 \
    -trace_stat -stf "$stat" -fd 1 >"$work/sipp-$name-$n.log" 2>&1) || true
  sleep 1
  stop_capture
  local sipp_counts
  sipp_counts=$(awk -F';' 'NR==1 { for (i=1;i<=NF;i++) { if ($i=="SuccessfulCall(C)") s=i; if ($i=="FailedCall(C)") f=i } }
             NR>1 { ok=$s; bad=$f } END { print (ok==""?0:ok), (bad==""?0:bad) }' "$stat" 2>/dev/null || echo "0 0")
  echo "$sipp_counts $("$java" bench/ReplyLatency.java "$pcap" "$ports" --voiced-dbfs "$voiced_dbfs" \
    --quiet-before-ms "$quiet" --calls "$work/calls-$name-$n.csv")"
}

# Percentiles of the recogniser's own time per utterance (decoder wait + decode), from server log lines $1..$2.
decode_times() {
  sed -n "$1,$2p" "$work/server.log" | sed -n 's/.*recognised \([0-9]*\) ms of audio in \([0-9]*\) ms.*/\2/p' | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit }
             p50 = v[int(NR * 0.50 + 0.999)]; p95 = v[int(NR * 0.95 + 0.999)]
             printf "%d utterances: p50 %d, p95 %d, max %d", NR, p50, p95, v[NR] }'
}

cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

rows=()
for n in $levels; do
  echo "bench: $n concurrent calls: Uketsuke" >&2
  [ "$n" = "$profile_level" ] && "$JAVA_HOME/bin/jcmd" "$server_pid" JFR.start name=step settings=profile \
    filename="$work/step-$n.jfr" >/dev/null
  log_from=$(( $(wc -l < "$work/server.log") + 1 ))
  cpu_before=$(cpu_seconds "$server_pid"); started=$(date +%s)
  read -r u_ok u_bad u_n u_p50 u_p95 u_max u_novoice u_noanswer u_playing < <(step "$sip_port" "$n" "$rtp_min-$rtp_max" uketsuke 300)
  cpu=$(awk -v a="$cpu_before" -v b="$(cpu_seconds "$server_pid")" -v s="$(( $(date +%s) - started ))" \
    'BEGIN { printf "%.2f", (b - a) / (s > 0 ? s : 1) }')
  [ "$n" = "$profile_level" ] && "$JAVA_HOME/bin/jcmd" "$server_pid" JFR.stop name=step >/dev/null
  sleep 2 # the last calls' records close
  log_to=$(wc -l < "$work/server.log")
  faq=$(sed -n "${log_from},${log_to}p" "$work/server.log" | grep -c 'ended: FAQ_ANSWERED' || true)
  ended=$(sed -n "${log_from},${log_to}p" "$work/server.log" | grep -c 'internal.FlowCall .* ended: ' || true)
  decode=$(decode_times "$log_from" "$log_to")
  echo "bench: $n concurrent calls: SIPp uas -rtp_echo" >&2
  read -r p_ok p_bad p_n p_p50 p_p95 p_max p_novoice p_noanswer _ < <(step "$peer_port" "$n" "$peer_media_port" peer 0)
  # calls up at Uketsuke when each caller stopped speaking, median over the step (from the capture)
  up=$(tail -n +2 "$work/calls-uketsuke-$n.csv" | cut -d, -f7 | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  rows+=("$(printf '| %s (%s up) | %s / %s | %s | %s | %s | %s | %s | %s of %s | %s | %s | %s / %s | %s | %s | %s |' \
    "$n" "$up" "$u_ok" "$u_bad" "$u_n" "$u_p50" "$u_p95" "$u_max" \
    "$((u_novoice + u_noanswer + u_playing)) ($u_novoice/$u_noanswer/$u_playing)" "$faq" "$ended" "$decode" "$cpu" \
    "$p_ok" "$p_bad" "$p_n" "$p_p50 / $p_p95" "$p_max")")
  printf '%s\n' "${rows[-1]}" >&2
done

printf '\nreply latency = first voiced bot RTP packet after the caller'"'"'s last voiced one (voiced: above %s dBFS), ms\n' \
  "$voiced_dbfs"
printf '| calls (median up) | Uketsuke SIPp ok / failed | measured | p50 | p95 | max | failures (no caller voice / no answer / prompt still playing) | FAQ answered | recogniser ms per utterance | server cores | SIPp uas ok / failed | measured | p50 / p95 | max |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
printf '%s\n' "${rows[@]}"

"$JAVA_HOME/bin/jcmd" "$server_pid" JFR.dump name=traced filename="$work/traced.jfr" >/dev/null
printf '\nJFR method traces over the whole run (%s), by method and thread:\n' "$work/traced.jfr"
"$JAVA_HOME/bin/jfr" print --events jdk.MethodTrace "$work/traced.jfr" \
  | awk '/^jdk.MethodTrace/ { m = ""; t = "" } /method = / { sub(/.*method = /, ""); m = $0 }
         /eventThread = / { sub(/.*eventThread = "/, ""); sub(/".*/, ""); sub(/-[0-9a-f]+@.*|[0-9]+$/, ""); t = $0 }
         /^}/ && m != "" { print m " on " t }' | sort | uniq -c
if [ -f "$work/step-$profile_level.jfr" ]; then
  samples=$("$JAVA_HOME/bin/jfr" print --stack-depth 256 --events jdk.ExecutionSample "$work/step-$profile_level.jfr")
  total=$(printf '%s\n' "$samples" | grep -c '^jdk.ExecutionSample' || true)
  printf '\nJFR execution samples during the %s-call step (%s): %s in all; with a frame of\n' "$profile_level" \
    "$work/step-$profile_level.jfr" "$total"
  # FaqIndex.best is the per-call question lookup (expected); the others are loading, cached per flow version
  for frame in 'FaqIndex.<init>' 'FlowDocuments.read' 'FlowStore.open' 'CompiledFlow.of' 'CompiledFlows.version' \
      'FaqIndex.best' 'PocketsphinxRecognizer.recognize' 'UtteranceDetector.accept'; do
    printf '  %-34s %s\n' "$frame" "$(printf '%s\n' "$samples" | awk -v f="$frame" '
      /^jdk.ExecutionSample/ { hit = 0 } index($0, f) && !hit { hit = 1; n++ } END { print n + 0 }')"
  done
  "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$work/step-$profile_level.jfr" | head -20
fi
echo "bench: work directory kept: $work" >&2
trap - EXIT
cleanup
