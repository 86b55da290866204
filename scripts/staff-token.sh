#!/usr/bin/env bash
# Prints a local development staff token (bearer JWT signed with the development key; see docs/staff-auth.md).
#
#   scripts/staff-token.sh alice analyst [supervisor …]
set -euo pipefail
cd "$(dirname "$0")/.."
user=${1:?user id}; shift
[ $# -gt 0 ] || { echo "usage: scripts/staff-token.sh <user> <analyst|coordinator|supervisor> [more roles]" >&2; exit 2; }
args=(token --user "$user")
for role in "$@"; do args+=(--role "$role"); done
dll=functions/ReferralFunctions.LocalHost/bin/Release/net10.0/ReferralFunctions.LocalHost.dll
if [ ! -f "$dll" ]; then
  dotnet build functions/ReferralFunctions.LocalHost -c Release -v quiet -nologo >&2
fi
exec dotnet "$dll" "${args[@]}"
