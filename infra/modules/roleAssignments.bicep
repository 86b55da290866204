// ====================================================================================================================
// Role assignments: every data role the Function App's identity holds, in one place, and no more than it needs.
//
//   host storage      Storage Blob Data Owner, Storage Queue Data Contributor, Storage Table Data Contributor
//                     (Functions host, durable task hub on blobs/queues/tables, Flex deployment package)
//   data storage      Storage Table Data Contributor (referral tables); on the audit anchor container only, a custom
//                     role that reads, creates and appends to blobs (no delete; immutability forbids changes anyway);
//                     Storage Blob Data Contributor on the table-exports container only (writes the daily exports;
//                     immutability keeps them unchanged)
//   Service Bus       Azure Service Bus Data Sender (the app publishes; agencies and coordinators receive)
//   Key Vault         Key Vault Secrets User (reads carrier secrets and data keys; never writes them)
//   App Insights      Monitoring Metrics Publisher (telemetry with Entra ID)
//
// Names come from guid(scope, identity, role), so a second deployment finds the same assignments (idempotent).
// ====================================================================================================================

metadata description = 'Data-plane role assignments of the Function App identity.'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the Function App user-assigned identity.')
param identityName string

@description('Name of the Functions host storage account.')
param hostStorageAccountName string

@description('Name of the referral data storage account.')
param dataStorageAccountName string

@description('Name of the audit anchor container in the data storage account.')
param auditAnchorContainerName string

@description('Blob container of the data account that receives the daily table exports.')
param tableExportContainerName string

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Name of the key vault.')
param keyVaultName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

// --------------------------------------------------------------------------------------------------------------------
// Variables
// --------------------------------------------------------------------------------------------------------------------

// Built-in role definition ids (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// Read, create and append to blobs in one container: what anchoring the audit chain's head and verifying it need.
var auditAnchorAppenderActions = [
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'
]

var hostStorageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

// --------------------------------------------------------------------------------------------------------------------
// Existing resources (the scopes)
// --------------------------------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: hostStorageAccountName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: dataStorageAccountName
}

resource dataBlobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' existing = {
  parent: dataStorage
  name: 'default'
}

resource auditAnchorContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' existing = {
  parent: dataBlobService
  name: auditAnchorContainerName
}

resource tableExportContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' existing = {
  parent: dataBlobService
  name: tableExportContainerName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource keyVault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// --------------------------------------------------------------------------------------------------------------------
// Role assignments
// --------------------------------------------------------------------------------------------------------------------

resource hostStorageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in hostStorageRoles: {
    name: guid(hostStorage.id, identity.id, roleId)
    scope: hostStorage
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource dataStorageTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage.id, identity.id, roles.storageTableDataContributor)
  scope: dataStorage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageTableDataContributor
    )
  }
}

// A custom role (no built-in one appends without also deleting): its name is unique per resource group.
resource auditAnchorAppender 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'audit-anchor-appender')
  properties: {
    roleName: 'Referrals audit anchor appender (${resourceGroup().name})'
    description: 'Reads, creates and appends to blobs; cannot delete them. For the audit anchor container.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: auditAnchorAppenderActions
        notDataActions: []
      }
    ]
  }
}

resource auditAnchorAppend 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(auditAnchorContainer.id, identity.id, auditAnchorAppender.id)
  scope: auditAnchorContainer
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: auditAnchorAppender.id
  }
}

resource tableExportWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(tableExportContainer.id, identity.id, roles.storageBlobDataContributor)
  scope: tableExportContainer
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageBlobDataContributor
    )
  }
}

resource serviceBusSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus.id, identity.id, roles.serviceBusDataSender)
  scope: serviceBus
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
  }
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.monitoringMetricsPublisher
    )
  }
}

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Resource ids of the role assignments on the host storage account.')
output hostStorageRoleAssignmentIds string[] = [for (roleId, i) in hostStorageRoles: hostStorageAssignments[i].id]

@description('Resource ids of the other role assignments (data storage, audit anchors, Service Bus, Key Vault, App Insights).')
output otherRoleAssignmentIds string[] = [
  dataStorageTables.id
  auditAnchorAppend.id
  tableExportWriter.id
  serviceBusSender.id
  keyVaultSecretsUser.id
  metricsPublisher.id
]
