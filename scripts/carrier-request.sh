#!/usr/bin/env bash
# Sends one signed carrier request, the way a carrier's system does (see docs/contract/README.md for the scheme).
#
#   scripts/carrier-request.sh POST /api/v1/referrals docs/contract/example-referral.json [idempotency-key]
#   scripts/carrier-request.sh GET  /api/v1/referrals/RF-2026-XXXX-XXXX
#
# Environment: REFERRALS_URL (default http://127.0.0.1:7071), REFERRALS_CARRIER_ID (default DEMO),
# REFERRALS_CARRIER_SECRET (default: REFERRALS_DEMO_CARRIER_SECRET, else the local development secret).
set -euo pipefail
method=${1:?method}; path=${2:?path and query}; body_file=${3:-}; key=${4:-$(openssl rand -hex 16)}
url=${REFERRALS_URL:-http://127.0.0.1:7071}
carrier=${REFERRALS_CARRIER_ID:-DEMO}
secret=${REFERRALS_CARRIER_SECRET:-${REFERRALS_DEMO_CARRIER_SECRET:-local-demo-carrier-secret-not-for-production}}

body_tmp=$(mktemp); trap 'rm -f "$body_tmp"' EXIT
[ -n "$body_file" ] && cat "$body_file" > "$body_tmp"
timestamp=$(date +%s)
nonce=$(openssl rand -hex 16)
body_hash=$(openssl dgst -sha256 -hex < "$body_tmp" | sed 's/^.*= //')
signature=$(printf '%s\n%s\n%s\n%s\n%s' "$timestamp" "$nonce" "$method" "$path" "$body_hash" \
  | openssl dgst -sha256 -hex -hmac "$secret" | sed 's/^.*= //')

args=(-sS -X "$method" "$url$path" -H "X-Carrier-Id: $carrier" -H "X-Timestamp: $timestamp" -H "X-Nonce: $nonce" -H "X-Signature: v1=$signature")
if [ -n "$body_file" ]; then
  args+=(-H "Content-Type: application/json" -H "Idempotency-Key: $key" --data-binary "@$body_tmp")
fi
curl "${args[@]}" -w '\nHTTP %{http_code}\n'
