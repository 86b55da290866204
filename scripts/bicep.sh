#!/usr/bin/env bash
# Checks every Bicep file under infra/: builds it and lints it with infra/bicepconfig.json, and checks it is formatted.
# Fails on any error OR warning, and unless the parameter files cover both network settings (networkIsolation false
# in one, true in another: infra/dev.bicepparam and infra/dev-isolated.bicepparam) and both edge settings (edgeGateway
# none and apim: infra/dev-gateway.bicepparam), so every shape compiles. Needs only dotnet and a NuGet feed: the Bicep CLI comes from the NuGet package
# Azure.Bicep.CommandLine.linux-x64, restored by infra/tools/bicep.csproj.
#
#   scripts/bicep.sh            check everything
#   scripts/bicep.sh --format   rewrite the files with `bicep format` first
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
infra="$repo_root/infra"
tools_project="$infra/tools/bicep.csproj"

format_in_place=false
if [[ "${1:-}" == "--format" ]]; then
  format_in_place=true
fi

# --- Restore the Bicep CLI ------------------------------------------------------------------------------------------
bicep_version="$(sed -n 's:.*<BicepVersion>\(.*\)</BicepVersion>.*:\1:p' "$tools_project")"
# The restore's obj/ goes to the git-ignored .tools/ folder, not into infra/.
dotnet restore "$tools_project" --nologo --verbosity quiet \
  "-p:BaseIntermediateOutputPath=$repo_root/.tools/bicep/obj/" >/dev/null

packages="${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')}"
bicep="${packages%/}/azure.bicep.commandline.linux-x64/$bicep_version/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  echo "bicep.sh: Bicep CLI $bicep_version not found at $bicep after restore" >&2
  exit 1
fi
chmod +x "$bicep"
echo "Bicep CLI: $("$bicep" --version)"

# --- Build and lint -------------------------------------------------------------------------------------------------
out_dir="$(mktemp -d)"
trap 'rm -rf "$out_dir"' EXIT

mapfile -t files < <(cd "$repo_root" && find infra -path infra/tools -prune -o \( -name '*.bicep' -o -name '*.bicepparam' \) -type f -print | sort)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "bicep.sh: no Bicep files under infra/" >&2
  exit 1
fi

failed=0
network_settings=""
gateway_settings=""
log="$out_dir/diagnostics.log"
for file in "${files[@]}"; do
  path="$repo_root/$file"
  name="$(basename "$file")"
  if $format_in_place; then
    "$bicep" format "$path"
  fi

  status=ok
  : >"$log"
  if [[ "$file" == *.bicepparam ]]; then
    "$bicep" build-params "$path" --outfile "$out_dir/$name.json" >>"$log" 2>&1 || status=failed
    # The compiled parameters name networkIsolation only when the file sets it; absent means the default, false.
    if [[ -f "$out_dir/$name.json" ]]; then
      isolation="$(grep -A1 '"networkIsolation"' "$out_dir/$name.json" | sed -n 's/.*"value": *\(true\|false\).*/\1/p' || true)"
      network_settings+=" ${isolation:-false}"
      gateway="$(grep -A1 '"edgeGateway"' "$out_dir/$name.json" | sed -n 's/.*"value": *"\([a-z]*\)".*/\1/p' || true)"
      gateway_settings+=" ${gateway:-none}"
    fi
  else
    "$bicep" build "$path" --outfile "$out_dir/$name.json" >>"$log" 2>&1 || status=failed
  fi
  "$bicep" lint "$path" >>"$log" 2>&1 || status=failed
  # bicep exits 0 on warnings: any diagnostic line counts.
  if grep -Eq ' : (Warning|Error|Info) ' "$log"; then
    status=failed
  fi
  if [[ "$file" == *.bicep ]] && ! "$bicep" format "$path" --stdout | cmp -s - "$path"; then
    echo "$file: not formatted (run scripts/bicep.sh --format)" >>"$log"
    status=failed
  fi

  if [[ "$status" == ok ]]; then
    echo "ok      $file"
  else
    echo "FAILED  $file"
    sed 's/^/        /' "$log"
    failed=$((failed + 1))
  fi
done

for setting in false true; do
  if [[ " $network_settings " != *" $setting "* ]]; then
    echo "FAILED  no parameter file under infra/ builds with networkIsolation = $setting" >&2
    failed=$((failed + 1))
  fi
done

for setting in none apim; do
  if [[ " $gateway_settings " != *" $setting "* ]]; then
    echo "FAILED  no parameter file under infra/ builds with edgeGateway = $setting" >&2
    failed=$((failed + 1))
  fi
done

if [[ $failed -gt 0 ]]; then
  echo "bicep.sh: $failed of ${#files[@]} files have errors or warnings" >&2
  exit 1
fi
echo "bicep.sh: ${#files[@]} files built and linted, no errors, no warnings; networkIsolation built as:$network_settings; edgeGateway as:$gateway_settings"
