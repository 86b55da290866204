// ====================================================================================================================
// Storage account reachable only with Microsoft Entra ID (no shared keys, no anonymous blobs, TLS 1.2).
// Used twice: the Functions host account (host, durable task hub, Flex deployment container) and the referral data
// account (tables; the audit anchors: an append-only container under a time-based immutability policy; and the
// tables' daily exports: see "Data protection" below, switched on for the data account only).
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

// Data protection (the referral data account): see docs/reliability.md, "Backup and restore".

@description('Blob container receiving the daily table exports, with a time-based immutability policy and a lifecycle rule. Empty for none.')
param tableExportContainerName string = ''

@description('Days each table export is immutable (cannot be changed or deleted, even by the app); the lifecycle rule deletes it the day after.')
@minValue(1)
@maxValue(3650)
param tableExportRetentionDays int = 35

@description('Days deleted blobs and deleted containers stay recoverable (blob and container soft delete). 0 for off.')
@minValue(0)
@maxValue(365)
param softDeleteRetentionDays int = 0

@description('True to put a CanNotDelete management lock on the account: deleting it (and every table in it at once) needs the lock removed first.')
param deleteLock bool = false

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
  properties: softDeleteRetentionDays > 0
    ? {
        deleteRetentionPolicy: {
          enabled: true
          days: max(softDeleteRetentionDays, 1)
        }
        containerDeleteRetentionPolicy: {
          enabled: true
          days: max(softDeleteRetentionDays, 1)
        }
      }
    : {}
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
// Data protection: table exports kept immutable, then deleted by a lifecycle rule (never by the app); a delete lock.
// --------------------------------------------------------------------------------------------------------------------

resource tableExportContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = if (!empty(tableExportContainerName)) {
  parent: blobService
  name: empty(tableExportContainerName) ? 'unused' : tableExportContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Unlocked, so a deployment can lengthen or shorten it; lock it once for good with
// `az storage container immutability-policy lock` (docs/reliability.md). While it holds, no export can be changed or
// deleted by anyone, the app's identity included.
resource tableExportImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-06-01' = if (!empty(tableExportContainerName)) {
  parent: tableExportContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: tableExportRetentionDays
    allowProtectedAppendWrites: false
  }
}

resource tableExportLifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01' = if (!empty(tableExportContainerName)) {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-old-table-exports'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${tableExportContainerName}/'
              ]
            }
            actions: {
              baseBlob: {
                // The day after the immutability period: a delete while it holds would be refused.
                delete: {
                  daysAfterCreationGreaterThan: tableExportRetentionDays + 1
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    tableExportImmutability
  ]
}

resource deleteLockResource 'Microsoft.Authorization/locks@2020-05-01' = if (deleteLock) {
  name: '${name}-cannot-delete'
  scope: account
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds every referral table: remove this lock deliberately before deleting the account (docs/reliability.md).'
  }
}

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the storage account.')
output name string = account.name

@description('Resource id of the storage account.')
output id string = account.id

@description('Blob endpoint of the storage account, with a trailing slash.')
output blobEndpoint string = account.properties.primaryEndpoints.blob
