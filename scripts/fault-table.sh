#!/usr/bin/env bash
# Issue 5's cases through the built bsrn-video, as a markdown table (case | exit code | stderr).
# The same inputs the Faults tests make (tests/BsrnVideo.Tests/Faults/FaultClips.cs). Run after `dotnet build`.
# Needs root for the tmpfs mounts (read-only folder, full disk). Usage: scripts/fault-table.sh [path/to/bsrn-video.dll]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dll=${1:-$root/tests/BsrnVideo.Tests/bin/Debug/net10.0/bsrn-video.dll}
w=$(mktemp -d); trap 'umount "$w/ro" "$w/full" 2>/dev/null; rm -rf "$w"' EXIT
cd "$w"
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }
ff -f lavfi -i testsrc2=size=96x54:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 2 -c:v libx264 -preset ultrafast -g 10 -pix_fmt yuv420p -c:a aac -b:a 32k good.mp4
ff -f lavfi -i testsrc2=size=160x90:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 16 -c:v libx264 -preset ultrafast -g 25 -c:a aac -b:a 32k long.mp4
ff -i good.mp4 -vn -c:a copy audio-only.m4a
: > empty.mp4
head -c 65536 /dev/urandom > random.mp4
ff -i good.mp4 -c copy -movflags +faststart faststart.mp4
ff -i good.mp4 -an -c copy -bsf:v noise=amount=2 no-decodable-frame.mp4
python3 - <<'PY'
import subprocess
def packets(path, sel):
    out = subprocess.run(['ffprobe','-v','error','-select_streams',sel,'-show_entries','packet=pos,size','-of','csv=p=0',path],capture_output=True,text=True).stdout.split()
    return [(int(l.split(',')[1]), int(l.split(',')[0])) for l in out]
good = open('good.mp4','rb').read(); fast = open('faststart.mp4','rb').read()
m = fast.find(b'mdat'); open('cut-mid-mdat.mp4','wb').write(fast[:m + (len(fast)-m)//2])
open('no-moov.mp4','wb').write(good[:good.find(b'moov') - 8])
d = bytearray(good); p, _ = packets('good.mp4','v:0')[25]; d[p:p+4] = b'\xff'*4; open('corrupt-mid-stream.mp4','wb').write(d)
d = bytearray(good); p, n = packets('good.mp4','a:0')[0]; d[p:p+n] = b'\xff'*n; open('corrupt-audio-packet.mp4','wb').write(d)
seq = bytes([0,0,1,0xB0,0x20,0x42,0x80,0x40,0x09,0x00]) + bytes(20)
pic = bytes([0,0,1,0xB3]) + bytes(8) + bytes([0,0,1,0x00]) + bytes([0x55]*30)
open('clip.avs2','wb').write(seq + pic*5)
PY
mkdir -p ro full && mount -t tmpfs -o ro,size=64k tmpfs ro && mount -t tmpfs -o size=64k tmpfs full
echo "existing" > exists.mp4
row() { # row "case" args...
  local name=$1; shift
  dotnet "$dll" "$@" > /dev/null 2> err.txt
  local rc=$?
  local err; err=$(grep -v '^\s*$' err.txt | grep -vE '^  [a-z_]+ +p50' | sed 's/|/\\|/g' | paste -sd '~' | sed 's/~/<br>/g')
  rm -f out.* err.txt ro/* full/* 2>/dev/null
  echo "| $name | $rc | ${err//$w\//} |"
}
B=(--model bicubic --scale 2 -q)
echo "| case | exit code | stderr |"
echo "|---|---:|---|"
row "input does not exist" missing.mp4 out.mp4 "${B[@]}"
row "empty file" empty.mp4 out.mp4 "${B[@]}"
row "random bytes" random.mp4 out.mp4 "${B[@]}"
row "mp4 cut mid-mdat" cut-mid-mdat.mp4 out.mp4 "${B[@]}"
row "mp4 without moov" no-moov.mp4 out.mp4 "${B[@]}"
row "audio only" audio-only.m4a out.mp4 "${B[@]}"
row "codec without decoder (AVS2)" clip.avs2 out.mp4 "${B[@]}"
row "no decodable frame" no-decodable-frame.mp4 out.mp4 "${B[@]}"
row "corrupt video packet mid-stream (no -q)" corrupt-mid-stream.mp4 out.mp4 --model bicubic --scale 2
row "corrupt video packet mid-stream, --strict" corrupt-mid-stream.mp4 out.mp4 "${B[@]}" --strict
row "corrupt audio packet, copied to .mkv (no -q)" corrupt-audio-packet.mp4 out.mkv --model bicubic --scale 2
row "corrupt audio packet, --strict" corrupt-audio-packet.mp4 out.mkv "${B[@]}" --strict
row "output over --max-output-pixels" good.mp4 out.mp4 "${B[@]}" --max-output-pixels 10000
row "output folder does not exist" good.mp4 nowhere/out.mp4 "${B[@]}"
row "output folder read-only (ro mount)" good.mp4 ro/out.mp4 "${B[@]}"
row "output is the input (-y)" good.mp4 good.mp4 "${B[@]}" -y
row "output exists, no -y" good.mp4 exists.mp4 "${B[@]}"
row "disk full mid-run (64k tmpfs)" good.mp4 full/out.mp4 --model bicubic --scale 4 --crf 0 --preset ultrafast -q
row "unknown extension" good.mp4 out.xyz "${B[@]}"
row "unknown flag" good.mp4 out.mp4 --frobnicate
row "bsrn --scale 5" good.mp4 out.mp4 --model bsrn --scale 5
row "bsrn-s --scale 2" good.mp4 out.mp4 --model bsrn-s --scale 2
row "--batch 0" good.mp4 out.mp4 --model bicubic --batch 0
row "--tile 8 --tile-overlap 16" good.mp4 out.mp4 --model bicubic --tile 8 --tile-overlap 16
# Signals: the first one stops gracefully, a second one exits at once.
sig() { # sig "case" signal second preset
  env --default-signal=INT,TERM dotnet "$dll" long.mp4 out.mp4 --model bicubic --scale 4 --preset "$4" -q 2> err.txt &
  local pid=$!
  while [ ! -s out.mp4.partial ] || [ "$(stat -c %s out.mp4.partial)" -lt 16384 ]; do sleep 0.02; done
  local t0; t0=$(date +%s.%N); kill -"$2" $pid; [ "$3" = yes ] && { sleep 0.15; kill -INT $pid; }
  wait $pid; local rc=$?; local t1; t1=$(date +%s.%N)
  local err; err=$(grep -v '^\s*$' err.txt | paste -sd '~' | sed 's/~/<br>/g')
  printf '| %s (exit after %.2f s) | %s | %s |\n' "$1" "$(echo "$t1 - $t0" | bc)" "$rc" "${err//$w\//}"
  rm -f out.* err.txt
}
sig "SIGINT mid-run" INT no medium
sig "SIGTERM mid-run" TERM no medium
sig "SIGINT mid-run, veryslow preset (deep look-ahead)" INT no veryslow
sig "second SIGINT" INT yes veryslow
