#!/usr/bin/env bash
# Installs what BsrnVideo needs on Debian 12: FFmpeg 5.1's libraries (and CLI, used by tests), the headers and gcc
# for the ABI probe test, Prometheus and Chromium for the service tests. The .NET 10 SDK must already be on PATH.
set -euo pipefail
packages=(ffmpeg libavformat-dev libavcodec-dev libavutil-dev libswscale-dev pkg-config gcc prometheus chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it first (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2; exit 1; }
