// ====================================================================================================================
// Storage account reachable only with Microsoft Entra ID (no shared keys, no anonymous blobs, TLS 1.2).
// Used twice: the Functions host account (host, durable task hub, Flex deployment container) and the referral data
// account (tables, and the audit anchors: an append-only container under a time-based immutability policy).
// ====================================================================================================================

metadata description = 'A storage account that accepts Microsoft Entra ID only, with optional private blob containers.'

import { tagMap } from '../types.bicep'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the storage account.')
param location string

@description('Tags applied to the storage account.')
param tags tagMap

@description('Replication SKU of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Private blob containers to create in the account (none by default).')
param containerNames string[] = []

@description('Private blob containers under a time-based retention (WORM) policy that still allows appending to append blobs.')
param appendOnlyContainerNames string[] = []

@description('Days a blob in an append-only container is kept unchangeable and undeletable after it was created.')
@minValue(1)
@maxValue(146000)
param appendOnlyRetentionDays int = 400

@description('True once the append-only containers\' policies are locked: a locked policy can only be extended, never rewritten, so the deployment leaves it alone.')
param appendOnlyPolicyLocked bool = false

@description('True for private networking: public network access disabled (reached through private endpoints).')
param networkIsolation bool = false

// --------------------------------------------------------------------------------------------------------------------
// Resources
// --------------------------------------------------------------------------------------------------------------------

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: networkIsolation ? 'Deny' : 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource appendOnlyContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in appendOnlyContainerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// Blobs cannot be changed or deleted for appendOnlyRetentionDays after creation; append blobs still take new blocks.
// Created unlocked; lock it once tested (docs/deployment.md). Once locked the period can only grow.
resource appendOnlyPolicies 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-06-01' = [
  for (containerName, i) in appendOnlyContainerNames: if (!appendOnlyPolicyLocked) {
    parent: appendOnlyContainers[i]
    name: 'default'
    properties: {
      immutabilityPeriodSinceCreationInDays: appendOnlyRetentionDays
      allowProtectedAppendWrites: true
    }
  }
]

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the storage account.')
output name string = account.name

@description('Resource id of the storage account.')
output id string = account.id

@description('Blob endpoint of the storage account, with a trailing slash.')
output blobEndpoint string = account.properties.primaryEndpoints.blob
