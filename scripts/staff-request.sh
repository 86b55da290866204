#!/usr/bin/env bash
# Calls the staff API as a Customs staff member with a local development token.
#
#   scripts/staff-request.sh analyst GET  /api/v1/analyst/referrals
#   scripts/staff-request.sh analyst POST /api/v1/analyst/referrals/RF-2026-XXXX-XXXX/triage '{"decision":"approve"}'
#
# For a POST to /referrals/{reference}/{step} it first reads the referral to get its ETag and sends it as If-Match,
# and adds a fresh decisionId when the body has none. REFERRALS_URL defaults to http://127.0.0.1:7071;
# REFERRALS_STAFF_USER defaults to "<role>.local". REFERRALS_PURPOSE, when set, is sent as X-Access-Purpose (the reason
# that goes on the audit trail; required by .../referrer-reveal).
set -euo pipefail
role=${1:?role: analyst, coordinator or supervisor}; method=${2:?method}; path=${3:?path}; body=${4:-}
url=${REFERRALS_URL:-http://127.0.0.1:7071}
here="$(cd "$(dirname "$0")" && pwd)"
token=$("$here/staff-token.sh" "${REFERRALS_STAFF_USER:-$role.local}" "$role")
auth=(-H "Authorization: Bearer $token")
[ -z "${REFERRALS_PURPOSE:-}" ] || auth+=(-H "X-Access-Purpose: $REFERRALS_PURPOSE")

if [ "$method" = "POST" ]; then
  if [[ "$path" =~ ^/api/v1/[a-z]+/referrals/([A-Z0-9-]+)/[a-z-]+$ ]]; then
    reference=${BASH_REMATCH[1]}
    etag=$(curl -sS -D - -o /dev/null "${auth[@]}" "$url/api/v1/$role/referrals/$reference" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
    auth+=(-H "If-Match: $etag")
  fi
  [ -n "$body" ] || body='{}'
  if ! grep -q '"decisionId"\|"disclosureId"' <<<"$body" && [[ "$path" != */questions ]]; then
    rest=${body#\{}
    [[ "$rest" =~ ^[[:space:]]*\}$ ]] && sep="" || sep=","
    body="{\"decisionId\":\"d-$(openssl rand -hex 12)\"$sep$rest"
  fi
  curl -sS -X POST "$url$path" "${auth[@]}" -H "Content-Type: application/json" --data-binary "$body" -w '\nHTTP %{http_code}\n'
else
  curl -sS -X "$method" "$url$path" "${auth[@]}" -w '\nHTTP %{http_code}\n'
fi
