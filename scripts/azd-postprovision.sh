#!/usr/bin/env sh
# azd postprovision hook (azure.yaml): runs after `azd provision` / the provision half of `azd up`, before the app is
# published. Finds the environment's resources in AZURE_RESOURCE_GROUP (set by azd), then:
#   1. creates the app's own keys in Key Vault if they do not exist yet (never prints them, never replaces them);
#   2. makes App Service re-read the Key Vault references now, and waits until they show as resolved;
#   3. checks every agency subscription holds only its filter.
# The signed-in user holds Key Vault Secrets Officer through the template's operatorPrincipalId (AZURE_PRINCIPAL_ID).
# With networkIsolation on, Key Vault and Service Bus refuse calls from outside the virtual network: run this hook
# from a machine inside it (docs/deployment.md).
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
rg="${AZURE_RESOURCE_GROUP:?azd sets AZURE_RESOURCE_GROUP}"

app="$(az resource list --resource-group "$rg" --resource-type Microsoft.Web/sites --tag azd-service-name=api --query "[0].name" --output tsv)"
kv="$(az keyvault list --resource-group "$rg" --query "[0].name" --output tsv)"
sb="$(az servicebus namespace list --resource-group "$rg" --query "[0].name" --output tsv)"
[ -n "$app" ] && [ -n "$kv" ] && [ -n "$sb" ] || { echo "postprovision: app, key vault or Service Bus not found in $rg" >&2; exit 1; }

# 1. The data key, the referrer pseudonym key, the carrier look-up key and the audit chain key: 32 random bytes, base64, no trailing newline ($(...) drops it).
#    The Secrets Officer role assigned by this deployment can take a few minutes to apply: retry for up to 5 minutes.
for secret in referral-data-key referrer-pseudonym-key carrier-lookup-key audit-chain-key; do
  attempt=0
  until state="$(az keyvault secret list --vault-name "$kv" --query "[?name=='$secret'] | length(@)" --output tsv 2>/dev/null)"; do
    attempt=$((attempt + 1))
    [ "$attempt" -lt 30 ] || { echo "postprovision: cannot list secrets in $kv (role not applied, or the vault is private)" >&2; exit 1; }
    sleep 10
  done
  if [ "$state" = "0" ]; then
    az keyvault secret set --vault-name "$kv" --name "$secret" --value "$(openssl rand -base64 32)" \
      --content-type base64 --output none
    echo "postprovision: created $secret in $kv"
  else
    echo "postprovision: $secret already exists in $kv (left as it is)"
  fi
done

# 2. References were set before their secrets existed: have App Service re-read them now, then check.
"$here/check-keyvault-references.sh" --resource-group "$rg" --name "$app" --refresh --wait 300

# 3. No agency subscription may keep the catch-all rule.
"$here/check-subscriptions.sh" --resource-group "$rg" --namespace "$sb"
