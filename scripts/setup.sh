#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to an upscaled sample: installs the dependencies, builds bsrn-video,
# makes a short sample clip and upscales it x4 with BSRN (the checkpoint is downloaded and verified on first use,
# or taken from $BSRN_VIDEO_MODELS / ../shared/models when present).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
dotnet build src/Cli/BsrnVideo.Cli.csproj -c Release -nologo -clp:ErrorsOnly
if [[ -z ${BSRN_VIDEO_MODELS:-} && -d ../shared/models ]]; then export BSRN_VIDEO_MODELS=$(cd ../shared/models && pwd); fi
mkdir -p samples
sample=samples/sample.mp4
if [[ ! -f $sample ]]; then
  if [[ -f ../shared/data/video/bigbuckbunny.mp4 ]]; then
    ffmpeg -hide_banner -loglevel error -y -i ../shared/data/video/bigbuckbunny.mp4 -t 2 -vf scale=160:90 -c:v libx264 -crf 18 -c:a copy "$sample"
  else
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=160x90:rate=25 -f lavfi -i sine=frequency=440 -t 2 -c:v libx264 -c:a aac -shortest "$sample"
  fi
fi
bin=src/Cli/bin/Release/net10.0/bsrn-video
"$bin" "$sample" samples/sample_x4.mp4 -y "$@"
echo "wrote samples/sample_x4.mp4; run '$bin --help' for the options."
