// ====================================================================================================================
// Key Vault (RBAC authorization, soft delete, purge protection). It holds the carrier HMAC secrets `carrier-{id}`
// and the data key secret(s); those are created out of band (docs/deployment.md), never by this template.
// ====================================================================================================================

metadata description = 'Key Vault for carrier secrets and data keys, authorized with Azure RBAC only.'

import { tagMap } from '../types.bicep'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the key vault (3-24 letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the key vault.')
param location string

@description('Tags applied to the key vault.')
param tags tagMap

@description('Days a deleted vault or secret can be recovered (fixed once the vault exists).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Principal (user or group) that creates and rotates the secrets: gets Key Vault Secrets Officer; empty for none.')
param operatorPrincipalId string = ''

@description('Type of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('True for private networking: public network access disabled (reached through a private endpoint).')
param networkIsolation bool = false

// --------------------------------------------------------------------------------------------------------------------
// Variables
// --------------------------------------------------------------------------------------------------------------------

// Built-in role: Key Vault Secrets Officer.
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

// --------------------------------------------------------------------------------------------------------------------
// Resources
// --------------------------------------------------------------------------------------------------------------------

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: networkIsolation ? 'Deny' : 'Allow'
    }
  }
}

// The operator who runs the deployment (azd passes its own signed-in principal) creates the app's secrets right after
// it (scripts/create-app-secrets.sh), before the app settings that reference them are checked.
resource operatorSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, keyVaultSecretsOfficerRoleId)
  scope: vault
  properties: {
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRoleId)
  }
}

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the key vault.')
output name string = vault.name

@description('Resource id of the key vault.')
output id string = vault.id

@description('URI of the key vault, with a trailing slash.')
output vaultUri string = vault.properties.vaultUri
