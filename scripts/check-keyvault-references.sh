#!/usr/bin/env bash
# Checks that App Service resolved every Key Vault reference in the Function App's settings. An unresolved reference
# becomes its own literal text (`@Microsoft.KeyVault(...)`), and App Service re-reads references only every 24 hours
# or on a configuration change: --refresh asks it to re-read them now (after creating or rotating a secret).
#
#   scripts/check-keyvault-references.sh --resource-group RG --name APP [--refresh] [--wait SECONDS]   (az CLI)
#   scripts/check-keyvault-references.sh --from-file references.json                                  (offline)
#   scripts/check-keyvault-references.sh --resource-group RG --name APP --save references.json        (keep a copy)
#
# The file is the answer of GET <app id>/config/configreferences/appsettings: {"value": [{"name": ..., "properties":
# {"reference", "status", "details", ...}}]}. Every setting named with --expect (default: Confidentiality__PseudonymKey,
# Confidentiality__CarrierLookupKey and Audit__ChainKey: the references infra/modules/functionApp.bicep sets) must be among them. --wait polls every 10 s until all are
# resolved or SECONDS pass. Needs jq; the az mode needs the Azure CLI with read access to the app (and write access for
# --refresh). Exit codes: 0 all resolved, 1 a reference is not resolved or missing, 2 usage or az error.
set -euo pipefail

api_version=2022-03-01
resource_group="" name="" from_file="" save="" refresh=false wait_seconds=0
expected=()
usage() { sed -n '2,16p' "$0" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --resource-group|-g) resource_group="${2:?}"; shift 2 ;;
    --name|-n) name="${2:?}"; shift 2 ;;
    --from-file) from_file="${2:?}"; shift 2 ;;
    --save) save="${2:?}"; shift 2 ;;
    --refresh) refresh=true; shift ;;
    --wait) wait_seconds="${2:?}"; shift 2 ;;
    --expect) expected+=("${2:?}"); shift 2 ;;
    -h|--help) usage ;;
    *) echo "check-keyvault-references.sh: unknown argument $1" >&2; usage ;;
  esac
done
[[ ${#expected[@]} -gt 0 ]] || expected=(Confidentiality__PseudonymKey Confidentiality__CarrierLookupKey Audit__ChainKey)
command -v jq >/dev/null || { echo "check-keyvault-references.sh: needs jq" >&2; exit 2; }

# Prints one line per problem: "<setting>: <status>: <details>".
problems_in() {
  jq -r --args '
    [.value[] | {setting: ((.id // .name) | split("/") | last), status: .properties.status,
                 details: (.properties.details // ""), reference: (.properties.reference // "")}] as $refs
    | ($refs[] | select(.status != "Resolved") | "\(.setting): \(.status // "no status"): \(.details)"),
      ($ARGS.positional[] as $e | select(($refs | map(.setting) | index($e)) == null)
        | "\($e): not listed as a Key Vault reference (is the setting a reference, and does the app exist?)")
  ' "${expected[@]}"
}

if [[ -n "$from_file" ]]; then
  document="$(cat "$from_file")"
else
  [[ -n "$resource_group" && -n "$name" ]] || usage
  app_id="$(az functionapp show --resource-group "$resource_group" --name "$name" --query id --output tsv)" || exit 2
  if $refresh; then
    az rest --method post --output none \
      --url "https://management.azure.com${app_id}/config/configreferences/appsettings/refresh?api-version=$api_version" || exit 2
  fi
  deadline=$(( $(date +%s) + wait_seconds ))
  while :; do
    document="$(az rest --method get --output json \
      --url "https://management.azure.com${app_id}/config/configreferences/appsettings?api-version=$api_version")" || exit 2
    [[ -z "$(problems_in <<<"$document")" ]] && break
    [[ $(date +%s) -lt $deadline ]] || break
    sleep 10
  done
  if [[ -n "$save" ]]; then
    printf '%s\n' "$document" >"$save"
  fi
fi

problems="$(problems_in <<<"$document")" || { echo "check-keyvault-references.sh: cannot read the references document" >&2; exit 2; }
if [[ -n "$problems" ]]; then
  echo "FAILED  Key Vault references not resolved:"
  sed 's/^/        /' <<<"$problems"
  echo "        Create the missing secret (or grant the app's identity Key Vault Secrets User), then run again with --refresh."
  exit 1
fi
echo "ok      every Key Vault reference resolved: $(jq -r '[.value[] | (.id // .name) | split("/") | last] | join(", ")' <<<"$document")"
