#!/usr/bin/env bash
# Checks that every subscription on the agency notification topic holds exactly one rule: `agency`, the SQL filter
# agency = '<subscription name>'. Fails on the catch-all `$Default` rule (a subscription with it receives every
# agency's messages), on a missing filter, a wrong expression or any extra rule. Run after every deployment.
#
#   scripts/check-subscriptions.sh --resource-group RG --namespace SB [--topic referral-notifications]   (az CLI)
#   scripts/check-subscriptions.sh --from-file rules.json                                               (offline)
#   scripts/check-subscriptions.sh --resource-group RG --namespace SB --save rules.json                 (keep a copy)
#
# The file (what --save writes) is {"topic": "...", "subscriptions": [{"name": "...", "rules": [<az servicebus topic
# subscription rule list output>]}]}. Needs jq; the az mode needs the Azure CLI, signed in, with read access to the
# namespace. Exit codes: 0 all filtered, 1 a subscription is not filtered as it must be, 2 usage or az error.
set -euo pipefail

topic=referral-notifications
resource_group="" namespace="" from_file="" save=""
usage() { sed -n '2,14p' "$0" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --resource-group|-g) resource_group="${2:?}"; shift 2 ;;
    --namespace) namespace="${2:?}"; shift 2 ;;
    --topic) topic="${2:?}"; shift 2 ;;
    --from-file) from_file="${2:?}"; shift 2 ;;
    --save) save="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "check-subscriptions.sh: unknown argument $1" >&2; usage ;;
  esac
done
command -v jq >/dev/null || { echo "check-subscriptions.sh: needs jq" >&2; exit 2; }

if [[ -n "$from_file" ]]; then
  document="$(cat "$from_file")"
else
  [[ -n "$resource_group" && -n "$namespace" ]] || usage
  names="$(az servicebus topic subscription list --resource-group "$resource_group" --namespace-name "$namespace" \
    --topic-name "$topic" --query "[].name" --output tsv)" || exit 2
  document="$(jq -n --arg topic "$topic" '{topic: $topic, subscriptions: []}')"
  while IFS= read -r name; do
    [[ -n "$name" ]] || continue
    rules="$(az servicebus topic subscription rule list --resource-group "$resource_group" --namespace-name "$namespace" \
      --topic-name "$topic" --subscription-name "$name" --output json)" || exit 2
    document="$(jq --arg name "$name" --argjson rules "$rules" '.subscriptions += [{name: $name, rules: $rules}]' <<<"$document")"
  done <<<"$names"
  if [[ -n "$save" ]]; then
    printf '%s\n' "$document" >"$save"
  fi
fi

# One line per problem: "<subscription>: <what is wrong>".
problems="$(jq -r '
  .subscriptions[] as $s
  | ($s.rules // []) as $rules
  | ("agency = '"'"'" + $s.name + "'"'"'") as $expected
  | (
      ($rules[] | select(.name == "$Default")
        | "\($s.name): has the catch-all $Default rule (\(.sqlFilter.sqlExpression // .filterType)): it receives every agency'"'"'s messages"),
      (if ($rules | map(select(.name == "agency")) | length) == 0 then "\($s.name): has no agency rule" else empty end),
      ($rules[] | select(.name == "agency")
        | select(.filterType != "SqlFilter" or (.sqlFilter.sqlExpression // "") != $expected)
        | "\($s.name): rule agency is \(.sqlFilter.sqlExpression // .filterType), expected \($expected)"),
      ($rules[] | select(.name != "agency" and .name != "$Default") | "\($s.name): has an extra rule \(.name)")
    )
' <<<"$document")" || { echo "check-subscriptions.sh: cannot read the rules document" >&2; exit 2; }

topic_name="$(jq -r '.topic // "?"' <<<"$document")"
count="$(jq '.subscriptions | length' <<<"$document")"
if [[ "$count" -eq 0 ]]; then
  echo "FAILED  topic $topic_name has no subscriptions (expected one per agency)"
  exit 1
fi
if [[ -n "$problems" ]]; then
  echo "FAILED  topic $topic_name: agency subscriptions not filtered as they must be:"
  sed 's/^/        /' <<<"$problems"
  exit 1
fi
echo "ok      topic $topic_name: $count subscriptions, each with only its agency filter: $(jq -r '[.subscriptions[].name] | join(", ")' <<<"$document")"
