#!/usr/bin/env bash
# Smoke test of a running system, after a deployment or against the local host: health, a signed carrier submission,
# its staged status once the workflow has taken it on, and a staff read of it. Prints each check; exits non-zero at
# the first that fails.
#
#   scripts/smoke.sh https://<app>.azurewebsites.net        # Azure: a carrier credential and a staff token are needed
#   scripts/smoke.sh http://127.0.0.1:7071                  # local host: DEMO and a development token by default
#
# Environment:
#   REFERRALS_CARRIER_ID      carrier to submit as (default DEMO)
#   REFERRALS_CARRIER_SECRET  its secret; required unless BASE_URL is local, where DEMO's development secret is used
#   REFERRALS_STAFF_RESOURCE  the staff API's application id URI (or client id): the staff token comes from
#                             `az account get-access-token --resource <it>`; required unless BASE_URL is local or
#                             REFERRALS_STAFF_TOKEN is set
#   REFERRALS_STAFF_TOKEN     a staff bearer token to use as it is
#   REFERRALS_STAFF_ROLE      the role the token holds for the read: analyst (default), coordinator or supervisor
#   SMOKE_TIMEOUT             seconds to wait for the workflow to take the referral on (default 60)
#
# The submission is a real referral in that environment (its summary says it is a smoke test): triage closes it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base=${1:?usage: scripts/smoke.sh BASE_URL (e.g. https://<app>.azurewebsites.net or http://127.0.0.1:7071)}
base=${base%/}; base=${base%/api}
role=${REFERRALS_STAFF_ROLE:-analyst}
timeout=${SMOKE_TIMEOUT:-60}

ok() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*" >&2; exit 1; }

local_base=false
[[ "$base" =~ ^https?://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?$ ]] && local_base=true

carrier_id=${REFERRALS_CARRIER_ID:-DEMO}
if [ -n "${REFERRALS_CARRIER_SECRET:-}" ]; then
  carrier_secret=$REFERRALS_CARRIER_SECRET
elif $local_base && [ "$carrier_id" = DEMO ]; then
  carrier_secret=${REFERRALS_DEMO_CARRIER_SECRET:-local-demo-carrier-secret-not-for-production}
else
  echo "smoke.sh: set REFERRALS_CARRIER_SECRET (and REFERRALS_CARRIER_ID) for $base" >&2; exit 2
fi
if [ -z "${REFERRALS_STAFF_TOKEN:-}" ] && ! $local_base && [ -z "${REFERRALS_STAFF_RESOURCE:-}" ]; then
  echo "smoke.sh: set REFERRALS_STAFF_RESOURCE (the staff API's application id URI) or REFERRALS_STAFF_TOKEN for $base" >&2; exit 2
fi

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# Sends a signed carrier request (scripts/carrier-request.sh does the signing); sets $status and $body.
carrier() {
  local out
  out=$(REFERRALS_URL="$base" REFERRALS_CARRIER_ID="$carrier_id" REFERRALS_CARRIER_SECRET="$carrier_secret" \
    "$here/carrier-request.sh" "$@") || fail "carrier request $1 $2: curl failed"
  status=${out##*HTTP }
  body=${out%HTTP *}
}
# The first string value of a JSON field (the top-level one: the answers list their own fields first).
field() { { grep -o "\"$1\" *: *\"[^\"]*\"" <<<"$body" || true; } | head -n 1 | sed 's/.*: *"\(.*\)"/\1/'; }

echo "Smoke test of $base"

# 1. Health: storage and the durable engine answer.
status=$(curl -sS -o "$work/health" -w '%{http_code}' "$base/api/health") || fail "health: $base/api/health unreachable"
[ "$status" = 200 ] || fail "health: HTTP $status $(head -c 300 "$work/health")"
ok "health: HTTP 200"
if [[ "$base" == https://* ]]; then
  # Transport: HSTS on HTTPS answers, and the same call over plain HTTP refused (403 https-required), not redirected.
  curl -sS -D - -o /dev/null "$base/api/health" | grep -qi '^strict-transport-security: *max-age=' \
    || fail "transport: no Strict-Transport-Security on $base/api/health"
  plain="http://${base#https://}"
  status=$(curl -sS -o "$work/plain" -w '%{http_code}' "$plain/api/health") || fail "transport: $plain/api/health unreachable"
  [ "$status" = 403 ] && grep -q 'https-required' "$work/plain" \
    || fail "transport: plain HTTP answered HTTP $status, not 403 https-required: $(head -c 300 "$work/plain")"
  ok "transport: HSTS over HTTPS; plain HTTP refused with 403 https-required"
fi

# 2. A signed submission as carrier $carrier_id.
sed "s/\"summary\": *\"[^\"]*\"/\"summary\": \"Smoke test $(date -u +%Y-%m-%dT%H:%M:%SZ): no action needed, close at triage.\"/" \
  "$here/../docs/contract/example-referral.json" > "$work/referral.json"
carrier POST /api/v1/referrals "$work/referral.json"
[ "$status" = 202 ] || fail "submission as $carrier_id: HTTP $status $(head -c 300 <<<"$body")"
reference=$(field reference)
[ -n "$reference" ] || fail "submission as $carrier_id: no reference in $(head -c 300 <<<"$body")"
ok "submission as $carrier_id: HTTP 202, reference $reference"

# 3. Its staged status, once the workflow has taken it on (it leaves "received").
deadline=$((SECONDS + timeout))
while :; do
  carrier GET "/api/v1/referrals/$reference"
  [ "$status" = 200 ] || fail "status of $reference: HTTP $status $(head -c 300 <<<"$body")"
  stage=$(field status)
  [ -n "$stage" ] && [ "$stage" != received ] && break
  [ $SECONDS -lt $deadline ] || fail "status of $reference: still '${stage:-?}' after ${timeout}s: is the workflow engine running?"
  sleep 1
done
ok "staged status of $reference: $stage"

# 4. A staff read with a staff token.
if [ -n "${REFERRALS_STAFF_TOKEN:-}" ]; then
  token=$REFERRALS_STAFF_TOKEN; source="REFERRALS_STAFF_TOKEN"
elif $local_base && [ -z "${REFERRALS_STAFF_RESOURCE:-}" ]; then
  token=$("$here/staff-token.sh" smoke.local "$role") || fail "staff token: scripts/staff-token.sh failed"
  source="local development token"
else
  token=$(az account get-access-token --resource "$REFERRALS_STAFF_RESOURCE" --query accessToken -o tsv) \
    || fail "staff token: az account get-access-token --resource $REFERRALS_STAFF_RESOURCE failed (az login? consent?)"
  source="az account get-access-token"
fi
status=$(curl -sS -o "$work/staff" -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/$role/referrals/$reference") \
  || fail "staff read: unreachable"
body=$(cat "$work/staff")
case "$status" in
  200) ;;
  401) fail "staff read as $role ($source): HTTP 401: the token's issuer or audience is not the app's (docs/staff-auth.md)" ;;
  403) fail "staff read as $role ($source): HTTP 403: the signed-in user holds no $role role (docs/staff-auth.md)" ;;
  *) fail "staff read as $role ($source): HTTP $status $(head -c 300 <<<"$body")" ;;
esac
[ "$(field reference)" = "$reference" ] || fail "staff read as $role: the answer is not referral $reference"
ok "staff read as $role ($source): HTTP 200, status $(field status)"

echo "Smoke test passed: $base"
