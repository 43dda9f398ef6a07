#!/usr/bin/env bash
# Runs every test (xunit, real FFmpeg and ONNX Runtime on the CPU) and ends with the line "N passed, N failed[, N skipped]".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shared="${BSRN_SHARED_DIR:-$(cd "$root/.." && pwd)/shared}"
export BSRN_SHARED_DIR="$shared"
export BSRN_VIDEO_MODELS="${BSRN_VIDEO_MODELS:-$shared/models}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
dotnet test tests/BsrnVideo.Tests/BsrnVideo.Tests.csproj -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# VSTest's summary: "Failed!  - Failed: 1, Passed: 10, Skipped: 0, Total: 11, ..." (one per test assembly)
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- +Failed: ' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; echo "the test run itself failed (build error or crash)"; fi
if [[ $skipped -gt 0 ]]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
exit "$status"
