#!/usr/bin/env bash
# Creates or updates the staff API's app registration in Microsoft Entra ID from infra/entra/staff-api.json:
# v2 access tokens (api.requestedAccessTokenVersion 2, the manifest's accessTokenAcceptedVersion), the app roles
# analyst, coordinator and supervisor, the delegated scope Referrals.Access (pre-authorized for the Azure CLI, so
# `az account get-access-token --resource <api>` works for scripts/smoke.sh), and an enterprise application that
# only assigned users and groups can get tokens for. Running it again changes nothing. See docs/staff-auth.md.
#
#   scripts/register-api.sh referrals-dev                      # identifier URI api://referrals-dev
#   scripts/register-api.sh referrals-prod api://referrals-prod
#
# Needs: az CLI signed in (az login) as someone who may create app registrations in the staff tenant; jq.
# Prints the values infra/main.bicepparam needs: staffClientId, staffAudience, staffTenantId.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/register-api.sh <display name> [identifier URI, default api://<display name>]}
uri=${2:-api://$name}
manifest=infra/entra/staff-api.json

app_id=$(az ad app list --display-name "$name" --query "[0].appId" -o tsv)
if [ -z "$app_id" ]; then
  app_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
  echo "created app registration $name ($app_id)" >&2
else
  echo "updating app registration $name ($app_id)" >&2
fi
object_id=$(az ad app show --id "$app_id" --query id -o tsv)

# Roles, scope and token version as Microsoft Graph application properties, with the same ids every run, so an update
# never removes a role people are assigned to. Graph refuses to pre-authorize a scope created in the same request,
# so the scope goes first and the whole manifest second.
graph="https://graph.microsoft.com/v1.0/applications/$object_id"
az rest --method PATCH --uri "$graph" --headers "Content-Type=application/json" --output none \
  --body "$(jq -c 'del(.api.preAuthorizedApplications)' "$manifest")"
az rest --method PATCH --uri "$graph" --headers "Content-Type=application/json" --output none --body "@$manifest"
az ad app update --id "$app_id" --identifier-uris "$uri"

# The enterprise application (service principal) is where people and groups are assigned to roles.
sp_id=$(az ad sp list --filter "appId eq '$app_id'" --query "[0].id" -o tsv)
if [ -z "$sp_id" ]; then
  sp_id=$(az ad sp create --id "$app_id" --query id -o tsv)
fi
az ad sp update --id "$sp_id" --set appRoleAssignmentRequired=true

tenant_id=$(az account show --query tenantId -o tsv)
cat <<OUT
staffClientId=$app_id
staffAudience=$uri
staffTenantId=$tenant_id
servicePrincipalId=$sp_id
OUT
