#!/usr/bin/env bash
# Runs every test: installs Azurite (pinned, npm ci) and restores NuGet packages, starts Azurite on 127.0.0.1 for the
# run (telemetry off, data in a throwaway folder) and stops it afterwards, then builds with warnings as errors and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
# The deployment check scripts (and their tests) need jq: Debian's package where the machine lacks it.
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends jq >/dev/null; }
dotnet restore ReferralFunctions.sln

azurite_pid=""
cleanup() {
  if [ -n "$azurite_pid" ] && kill -0 "$azurite_pid" 2>/dev/null; then
    kill -TERM "$azurite_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$azurite_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$azurite_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

listening() { (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; }
if ! listening; then
  data="$root/.azurite/test-$$"
  mkdir -p "$data"
  node_modules/.bin/azurite --disableTelemetry --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --location "$data" > "$data/azurite.log" 2>&1 &
  azurite_pid=$!
  for _ in $(seq 1 150); do listening && break; sleep 0.2; done
  listening || { echo "Azurite did not start; see $data/azurite.log" >&2; exit 1; }
fi

# Formatting and style as .editorconfig and the analyzers say (fix with a plain `dotnet format ReferralFunctions.sln`).
dotnet format --verify-no-changes --no-restore ReferralFunctions.sln
dotnet build ReferralFunctions.sln --no-restore -c Release
dotnet test ReferralFunctions.sln --no-build -c Release "$@"
