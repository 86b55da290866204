#!/usr/bin/env bash
# Runs the system locally: installs Azurite (pinned, npm ci) if needed, then starts the local host on
# http://127.0.0.1:7071/api. The host starts Azurite itself when none is running and stops it on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund
fi
exec dotnet run --project functions/ReferralFunctions.LocalHost -c Release -- "$@"
