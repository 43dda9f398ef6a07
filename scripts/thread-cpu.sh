#!/usr/bin/env bash
# CPU time (user + system) of each thread of a command, summed by thread name, sampled from /proc every 0.5 s
# while it runs (a thread's last sample before it exits counts). Threads inherit their creator's name: x264's
# workers show up as "bsrn-encoder-op" (the thread that opens the encoder), ONNX Runtime's under ".NET TP Worker".
#   scripts/thread-cpu.sh bsrn-video in.mp4 out.mp4 -y --quiet
set -uo pipefail
"$@" &
pid=$!
declare -A cpu name
while kill -0 "$pid" 2>/dev/null; do
  for task in /proc/"$pid"/task/*; do
    tid=${task##*/}
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    read -r -a fields <<< "${stat##*) }"
    cpu[$tid]=$(( fields[11] + fields[12] )) # utime, stime (fields 14 and 15 of stat)
    name[$tid]=$(cat "$task/comm" 2>/dev/null)
  done
  sleep 0.5
done
wait "$pid"
status=$?
ticks=$(getconf CLK_TCK)
for tid in "${!cpu[@]}"; do echo "${name[$tid]}|${cpu[$tid]}"; done |
  awk -F'|' -v hz="$ticks" '{s[$1] += $2; n[$1]++} END {for (k in s) printf "%-18s %3d threads %9.2f s\n", k, n[k], s[k] / hz}' | sort
exit "$status"
