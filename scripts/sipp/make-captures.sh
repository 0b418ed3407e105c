#!/usr/bin/env bash
# Records the SIPp IM captures of fixtures/sipp: for each case, an IM server/focus (SIPp UAS) and
# an IM client (SIPp UAC) talk on 127.0.0.1 only, tcpdump writes what crosses the loopback, and
# scripts/pcap-shift.mjs stretches the idle gaps a session timer needs (900 s, 1800 s) out of a
# one-second pause. Needs sipp (Debian sip-tester), tcpdump and node; run as root (capture on lo).
#
#   scripts/sipp/make-captures.sh [OUTDIR] [CASE...]    (default: fixtures/sipp, every case)
#
# Every run gives the same messages in the same order (fixed tags, branches and Call-IDs, fixed
# ports); only timestamps, TCP sequence numbers, IP ids and TCP acknowledgements differ.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mkdir -p "${1:-$root/fixtures/sipp}" && cd "${1:-$root/fixtures/sipp}" && pwd)
shift $(($# > 0 ? 1 : 0))
only=("$@")

server_port=5060 # the IM server / focus; each client case has its own port (below)
work=$(mktemp -d)
pids=() # SIPp and tcpdump of the case being recorded; emptied once they have exited
recorded=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM # so the EXIT trap stops the SIPp and tcpdump we started

for tool in sipp tcpdump node flock; do
  command -v "$tool" >/dev/null || { echo "make-captures: $tool not found" >&2; exit 2; }
done

# One recording at a time on this machine: two runs would share port 5060 and each other's packets.
exec 9>"${TMPDIR:-/tmp}/imlint-make-captures.lock"
flock -w 540 9 || { echo "make-captures: another run holds the lock" >&2; exit 2; }

# record NAME TRANSPORT CLIENT_PORT PRECISION [TEXT=SECONDS ...]
#   TEXT=SECONDS: shift the first record containing TEXT, and all after it, by SECONDS.
record() {
  local name=$1 transport=$2 client_port=$3 precision=$4
  shift 4
  if [ ${#only[@]} -gt 0 ] && [[ " ${only[*]} " != *" $name "* ]]; then return 0; fi
  local dir="$work/$name" t
  mkdir -p "$dir"
  t=$([ "$transport" = tcp ] && echo t1 || echo u1)

  tcpdump -i lo -Z root -U -n --immediate-mode --time-stamp-precision="$precision" -w "$dir/raw.pcap" \
    "host 127.0.0.1 and port $server_port" 2>"$dir/tcpdump.err" &
  local tcpdump_pid=$!
  pids+=("$tcpdump_pid")
  for _ in $(seq 50); do grep -q 'listening on' "$dir/tcpdump.err" && break; sleep 0.1; done
  grep -q 'listening on' "$dir/tcpdump.err" || { echo "make-captures: tcpdump did not start:" >&2; cat "$dir/tcpdump.err" >&2; exit 1; }

  local common=(-t "$t" -i 127.0.0.1 -m 1 -key tp "$transport" -nostdin -timeout 30s -timeout_error
    -trace_err -trace_msg)
  (cd "$dir" && exec sipp -sf "$here/$name.uas.xml" -p "$server_port" "${common[@]}" >uas.out 2>&1) &
  local uas_pid=$!
  pids+=("$uas_pid")
  sleep 0.5
  local uac_rc=0 uas_rc=0
  (cd "$dir" && exec sipp -sf "$here/$name.uac.xml" -p "$client_port" -cid_str "$name-%u@%s" "${common[@]}" \
    "127.0.0.1:$server_port" >uac.out 2>&1) || uac_rc=$?
  wait "$uas_pid" || uas_rc=$?
  sleep 0.5 # let the last segments reach the capture
  kill -INT "$tcpdump_pid"
  wait "$tcpdump_pid" || true
  pids=()
  if [ "$uac_rc" != 0 ] || [ "$uas_rc" != 0 ]; then
    echo "make-captures: $name failed (uac $uac_rc, uas $uas_rc); logs:" >&2
    cat "$dir"/*.out "$dir"/*errors.log >&2 2>/dev/null || true
    exit 1
  fi

  local pcap="$dir/raw.pcap" step=0 spec
  for spec in "$@"; do
    step=$((step + 1))
    node "$root/scripts/pcap-shift.mjs" "$pcap" "$dir/shift$step.pcap" --from-match "${spec%=*}" --by "${spec##*=}"
    pcap="$dir/shift$step.pcap"
  done
  cp "$pcap" "$out/$name.pcap"
  recorded+=("$name")
  echo "make-captures: $out/$name.pcap ($(stat -c %s "$out/$name.pcap") bytes)"
  # The client's own SIPp message log of the same run, when its times need no shifting: the same
  # traffic as a text log (SIPp -trace_msg), for the text readers.
  if [ $# -eq 0 ]; then
    cp "$dir"/"$name".uac_*_messages.log "$out/$name.uac-trace.log"
    echo "make-captures: $out/$name.uac-trace.log"
  fi
}

#      case                             transport client port  timestamps  shifts
record im-1-1-refresh                   tcp       5071         micro       'UPDATE sip:=899'
record group-subscribe                  tcp       5072         nano
record group-without-subscribe          udp       5073         micro       'BYE sip:=59'
record session-timer-422-retry          udp       5074         micro
record timer-expired-unrefreshed        tcp       5075         micro       'BYE sip:=1999'
record nonconforming-client             udp       5076         micro       'BYE sip:=1767'
record im-1-1-peer-reinvite             tcp       5077         micro       'INVITE sip:alice@=599' 'UPDATE sip:=899'
record group-subscribe-wrong-target     udp       5078         micro
record timer-capture-ends-before-expiry udp       5079         micro       'OPTIONS sip:=1499'
record group-capture-ends-in-window     udp       5080         micro
record group-subscribe-late-in-dialog   tcp       5081         micro       'SUBSCRIBE sip:=44'
record refresh-481-then-bye             udp       5082         micro       'UPDATE sip:=899'

for name in "${only[@]}"; do
  [[ " ${recorded[*]} " == *" $name "* ]] || { echo "make-captures: no case named $name" >&2; exit 2; }
done
