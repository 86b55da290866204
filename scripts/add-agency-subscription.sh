#!/usr/bin/env bash
# Creates a NEW agency's subscription on the live notification topic with its filter as its only rule, before the
# deployment that adds the agency. Service Bus gives every subscription created through Resource Manager (Bicep) a
# catch-all `$Default` rule until the filter replaces it, and a disabled subscription still collects messages; the
# Service Bus data plane instead creates a subscription together with its first rule (DefaultRuleDescription), so it
# never holds another agency's messages. The deployment then finds the subscription, sets its properties and leaves
# its rule as it is (same name `agency`, same expression).
#
#   scripts/add-agency-subscription.sh --namespace SB --code CODE            create it (az CLI, Microsoft Entra ID)
#   scripts/add-agency-subscription.sh --code CODE --print-body              print the request body only (offline)
#
# Needs Azure Service Bus Data Owner on the namespace for the signed-in principal (the namespace accepts Entra ID
# only), and network access to it (with networkIsolation, from inside the virtual network). Refuses an existing
# subscription: change those through the Bicep. Afterwards run scripts/check-subscriptions.sh.
set -euo pipefail

topic=referral-notifications
api_version=2021-05
namespace="" code="" print_body=false
usage() { sed -n '2,14p' "$0" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --namespace) namespace="${2:?}"; shift 2 ;;
    --code) code="${2:?}"; shift 2 ;;
    --topic) topic="${2:?}"; shift 2 ;;
    --print-body) print_body=true; shift ;;
    -h|--help) usage ;;
    *) echo "add-agency-subscription.sh: unknown argument $1" >&2; usage ;;
  esac
done
[[ -n "$code" ]] || usage
# The code becomes a subscription name and a SQL string literal: the same characters as types.bicep allows in names.
if [[ ! "$code" =~ ^[A-Za-z0-9]([A-Za-z0-9._-]{0,48}[A-Za-z0-9])?$ ]]; then
  echo "add-agency-subscription.sh: agency code '$code' must be 1-50 letters, digits, '.', '_' or '-', starting and ending with a letter or digit" >&2
  exit 2
fi

# Element order matters to Service Bus (data contract order); the values match subscriptionProperties in
# infra/modules/serviceBus.bicep, which the deployment sets again anyway.
body="<entry xmlns=\"http://www.w3.org/2005/Atom\">
  <content type=\"application/xml\">
    <SubscriptionDescription xmlns=\"http://schemas.microsoft.com/netservices/2010/10/servicebus/connect\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">
      <LockDuration>PT1M</LockDuration>
      <RequiresSession>false</RequiresSession>
      <DefaultMessageTimeToLive>P14D</DefaultMessageTimeToLive>
      <DeadLetteringOnMessageExpiration>true</DeadLetteringOnMessageExpiration>
      <DeadLetteringOnFilterEvaluationExceptions>true</DeadLetteringOnFilterEvaluationExceptions>
      <DefaultRuleDescription>
        <Filter i:type=\"SqlFilter\">
          <SqlExpression>agency = '$code'</SqlExpression>
        </Filter>
        <Action i:type=\"EmptyRuleAction\"/>
        <Name>agency</Name>
      </DefaultRuleDescription>
      <MaxDeliveryCount>10</MaxDeliveryCount>
    </SubscriptionDescription>
  </content>
</entry>"

if $print_body; then
  printf '%s\n' "$body"
  exit 0
fi
[[ -n "$namespace" ]] || usage

url="https://$namespace.servicebus.windows.net/$topic/subscriptions/$code?api-version=$api_version"
# A GET of a missing entity answers 200 with an empty feed, so look for the description itself. (A PUT without
# If-Match would also refuse an existing subscription, with 409.)
existing="$(az rest --method get --url "$url" --resource https://servicebus.azure.net 2>/dev/null || true)"
if grep -q "SubscriptionDescription" <<<"$existing"; then
  echo "add-agency-subscription.sh: $topic/subscriptions/$code already exists; leaving it to the deployment" >&2
  exit 1
fi
az rest --method put --url "$url" --resource https://servicebus.azure.net --output none \
  --headers "Content-Type=application/atom+xml;type=entry;charset=utf-8" --body "$body"
echo "created $topic/subscriptions/$code with the only rule agency = '$code'; now add the agency to the parameters and deploy"
