// ====================================================================================================================
// ReferralFunctions: everything the referral system needs in one resource group.
//
//   azd up                                                      (parameters: main.parameters.json, from the azd environment)
//   az deployment group create -g <resource group> -f infra/main.bicep -p infra/dev.bicepparam
//
// networkIsolation (off by default) puts storage, Key Vault and Service Bus (then Premium) behind private endpoints in a
// virtual network the Function App integrates with, and turns their public network access off.
// edgeGateway 'apim' (off by default) puts API Management in front of the Function App: global rate limits per client
// address and per carrier, a request size limit, and the Function App then admits only the gateway's addresses.
// The two are independent: networkIsolation governs how the app reaches its data, edgeGateway who reaches the app.
//
// Deploying twice changes nothing: names derive from the resource group and environment name, and role assignment
// names from guid().
// ====================================================================================================================

metadata description = 'Industry referrals to Customs: Function App (Flex Consumption), storage, Service Bus, Key Vault, monitoring.'

targetScope = 'resourceGroup'

import { agency, tagMap } from 'types.bicep'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Short name of the environment (e.g. dev, test, prod); part of every resource name.')
@minLength(2)
@maxLength(12)
param environmentName string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Partner agencies: each gets a filtered subscription on referral-notifications and an entry in Referrals__Agencies.')
@minLength(1)
param agencies agency[]

@description('Audience (application id URI) of staff tokens, e.g. api://referrals-prod.')
param staffAudience string

@description('Application (client) id of the staff API registration (scripts/register-api.sh prints it).')
param staffClientId string

@description('Conditional Access authentication context (c1..c99) a staff token must carry in acrs; empty for no check (docs/staff-auth.md).')
param staffAuthenticationContext string = ''

@description('True to require mfa in the staff token\'s amr claim (v1 tokens only; docs/staff-auth.md).')
param staffRequireMfa bool = false

@description('Microsoft Entra tenant that issues staff tokens; the deployment\'s tenant by default.')
param staffTenantId string = tenant().tenantId

@description('Tags applied to every resource.')
param tags tagMap = {}

@description('E-mail address the alerts (5xx rate, dead-lettered agency messages, failed or stuck workflows) go to.')
param alertEmail string

@description('True to reach storage, Key Vault and Service Bus only through private endpoints in a virtual network.')
param networkIsolation bool = false

@description('What stands in front of the Function App: none (callers reach it directly) or apim (API Management with global limits; the app admits only it).')
@allowed([
  'none'
  'apim'
])
param edgeGateway string = 'none'

@description('With edgeGateway apim: requests a minute one client address may send, counted once for all app instances.')
@minValue(1)
param gatewayAddressPermitsPerMinute int = 600

@description('With edgeGateway apim: requests a minute one carrier may send (answers 401 do not count), counted once for all app instances.')
@minValue(1)
param gatewayCarrierPermitsPerMinute int = 1200

@description('Days each audit anchor blob stays unchangeable and undeletable (time-based immutability). Once the policy is locked it can be extended, never shortened.')
@minValue(1)
@maxValue(146000)
param auditAnchorRetentionDays int = 400

@description('True once the audit anchor container\'s immutability policy has been locked (docs/deployment.md): the deployment then leaves the policy alone.')
param auditAnchorPolicyLocked bool = false

@description('Days each daily table export stays immutable in the data account; a lifecycle rule deletes it the day after.')
@minValue(7)
@maxValue(3650)
param tableExportRetentionDays int = 35

@description('Days deleted blobs and containers of the data account stay recoverable (soft delete).')
@minValue(1)
@maxValue(365)
param dataSoftDeleteRetentionDays int = 14

@description('True (the default) to lock the data storage account against deletion. False only for throwaway dev environments.')
param dataDeleteLock bool = true

@description('Principal that creates the app\'s secrets after deployment (azd: the signed-in user); gets Key Vault Secrets Officer. Empty for none.')
param operatorPrincipalId string = ''

@description('Type of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

// --------------------------------------------------------------------------------------------------------------------
// Variables
// --------------------------------------------------------------------------------------------------------------------

var resourceToken = toLower(uniqueString(resourceGroup().id, environmentName))
var allTags = union(tags, {
  application: 'referral-functions'
  environment: environmentName
  // azd finds the environment's resource group by this tag.
  'azd-env-name': environmentName
})

var names = {
  identity: 'id-referrals-${environmentName}'
  logAnalytics: 'log-referrals-${environmentName}'
  applicationInsights: 'appi-referrals-${environmentName}'
  hostStorage: 'stfn${resourceToken}'
  dataStorage: 'stdata${resourceToken}'
  tableExportContainer: 'table-exports'
  serviceBus: 'sb-referrals-${environmentName}-${resourceToken}'
  keyVault: 'kvref${resourceToken}'
  plan: 'plan-referrals-${environmentName}'
  functionApp: 'func-referrals-${environmentName}-${resourceToken}'
  deploymentContainer: 'app-package'
  // Audit:AnchorContainer's default: the app appends the audit chain's head here.
  auditAnchorContainer: 'audit-anchors'
  virtualNetwork: 'vnet-referrals-${environmentName}'
  apiGateway: 'apim-referrals-${environmentName}-${resourceToken}'
}

var withGateway = edgeGateway == 'apim'

// The largest request body the app accepts (a referral: 256 KiB); the gateway refuses larger ones before the app.
var maxRequestBytes = 262144

// azure.yaml's service name: `azd deploy` publishes to the Function App carrying this tag.
var azdServiceName = 'api'

// --------------------------------------------------------------------------------------------------------------------
// Modules
// --------------------------------------------------------------------------------------------------------------------

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: allTags
  }
}

module hostStorage 'modules/storageAccount.bicep' = {
  name: 'host-storage'
  params: {
    name: names.hostStorage
    location: location
    tags: allTags
    containerNames: [
      names.deploymentContainer
    ]
    networkIsolation: networkIsolation
  }
}

module dataStorage 'modules/storageAccount.bicep' = {
  name: 'data-storage'
  params: {
    name: names.dataStorage
    location: location
    tags: allTags
    skuName: 'Standard_ZRS'
    appendOnlyContainerNames: [
      names.auditAnchorContainer
    ]
    appendOnlyRetentionDays: auditAnchorRetentionDays
    appendOnlyPolicyLocked: auditAnchorPolicyLocked
    networkIsolation: networkIsolation
    tableExportContainerName: names.tableExportContainer
    tableExportRetentionDays: tableExportRetentionDays
    softDeleteRetentionDays: dataSoftDeleteRetentionDays
    deleteLock: dataDeleteLock
  }
}

module serviceBus 'modules/serviceBus.bicep' = {
  name: 'service-bus'
  params: {
    namespaceName: names.serviceBus
    location: location
    tags: allTags
    agencyCodes: map(agencies, a => a.code)
    networkIsolation: networkIsolation
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'key-vault'
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    networkIsolation: networkIsolation
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
  }
}

module privateNetwork 'modules/privateNetwork.bicep' = if (networkIsolation) {
  name: 'private-network'
  params: {
    virtualNetworkName: names.virtualNetwork
    location: location
    tags: allTags
    hostStorageAccountName: names.hostStorage
    dataStorageAccountName: names.dataStorage
    keyVaultName: names.keyVault
    serviceBusNamespaceName: names.serviceBus
  }
  dependsOn: [
    hostStorage
    dataStorage
    keyVault
    serviceBus
  ]
}

module apiGateway 'modules/apiGateway.bicep' = if (withGateway) {
  name: 'api-gateway'
  params: {
    name: names.apiGateway
    location: location
    tags: allTags
    publisherEmail: alertEmail
    publisherName: 'Customs referrals (${environmentName})'
  }
}

module roleAssignments 'modules/roleAssignments.bicep' = {
  name: 'role-assignments'
  params: {
    identityName: names.identity
    hostStorageAccountName: names.hostStorage
    dataStorageAccountName: names.dataStorage
    auditAnchorContainerName: names.auditAnchorContainer
    tableExportContainerName: names.tableExportContainer
    serviceBusNamespaceName: names.serviceBus
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
  }
  // Names, not outputs, are passed (What-If can predict them), so the order is spelled out.
  dependsOn: [
    identity
    hostStorage
    dataStorage
    serviceBus
    keyVault
    monitoring
  ]
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'function-app'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: union(allTags, {
      'azd-service-name': azdServiceName
    })
    identityName: names.identity
    hostStorageAccountName: names.hostStorage
    deploymentContainerName: names.deploymentContainer
    dataStorageAccountName: names.dataStorage
    tableExportContainerName: names.tableExportContainer
    serviceBusNamespaceName: names.serviceBus
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
    staffTenantId: staffTenantId
    staffAudience: staffAudience
    staffClientId: staffClientId
    staffAuthenticationContext: staffAuthenticationContext
    staffRequireMfa: staffRequireMfa
    agenciesJson: string(agencies)
    virtualNetworkSubnetId: networkIsolation ? privateNetwork!.outputs.appSubnetId : ''
    allowedSourceIpAddresses: withGateway ? apiGateway!.outputs.publicIpAddresses : []
  }
  // The host reads storage with the identity as soon as it starts: grant the roles first.
  dependsOn: [
    identity
    hostStorage
    dataStorage
    serviceBus
    keyVault
    monitoring
    roleAssignments
  ]
}

module apiGatewayApi 'modules/apiGatewayApi.bicep' = if (withGateway) {
  name: 'api-gateway-api'
  params: {
    serviceName: names.apiGateway
    backendHostName: functionApp.outputs.defaultHostName
    addressPermitsPerMinute: gatewayAddressPermitsPerMinute
    carrierPermitsPerMinute: gatewayCarrierPermitsPerMinute
    maxRequestBytes: maxRequestBytes
  }
}

module diagnostics 'modules/diagnostics.bicep' = {
  name: 'diagnostics'
  params: {
    logAnalyticsName: names.logAnalytics
    keyVaultName: names.keyVault
    serviceBusNamespaceName: names.serviceBus
    functionAppName: names.functionApp
  }
  dependsOn: [
    monitoring
    keyVault
    serviceBus
    functionApp
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    environmentName: environmentName
    location: location
    tags: allTags
    alertEmail: alertEmail
    logAnalyticsName: names.logAnalytics
    serviceBusNamespaceName: names.serviceBus
    notificationsTopicName: serviceBus.outputs.notificationsTopicName
  }
  dependsOn: [
    monitoring
  ]
}

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Base URL of the HTTP endpoints callers use: the gateway\'s with edgeGateway apim, else the Function App\'s.')
output endpointUrl string = withGateway
  ? apiGatewayApi!.outputs.apiUrl
  : 'https://${functionApp.outputs.defaultHostName}/api'

@description('Base URL of the Function App itself (with edgeGateway apim it admits only the gateway).')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}/api'

@description('What stands in front of the Function App: none or apim.')
output edgeGateway string = edgeGateway

@description('Name of the Function App (for publishing).')
output functionAppName string = functionApp.outputs.name

@description('Client id of the Function App identity.')
output identityClientId string = identity.outputs.clientId

@description('Principal id of the Function App identity.')
output identityPrincipalId string = identity.outputs.principalId

@description('Name of the Functions host storage account.')
output hostStorageAccountName string = hostStorage.outputs.name

@description('Name of the referral data storage account.')
output dataStorageAccountName string = dataStorage.outputs.name

@description('Blob container of the data account holding the daily table exports (restore-tables reads it).')
output tableExportContainerName string = names.tableExportContainer

@description('Name of the Service Bus namespace.')
output serviceBusNamespaceName string = serviceBus.outputs.namespaceName

@description('Host name of the Service Bus namespace.')
output serviceBusFullyQualifiedNamespace string = serviceBus.outputs.fullyQualifiedNamespace

@description('Agency subscriptions on the notification topic.')
output agencySubscriptionNames string[] = serviceBus.outputs.agencySubscriptionNames

@description('Name of the key vault (create carrier-<id> and referral-data-key secrets here).')
output keyVaultName string = keyVault.outputs.name

@description('URI of the key vault.')
output keyVaultUri string = keyVault.outputs.vaultUri

@description('Name of the Application Insights component.')
output applicationInsightsName string = monitoring.outputs.applicationInsightsName

@description('Resource group of the deployment (azd reads it as AZURE_RESOURCE_GROUP).')
output AZURE_RESOURCE_GROUP string = resourceGroup().name

@description('True when storage, Key Vault and Service Bus are reachable only through private endpoints.')
output networkIsolation bool = networkIsolation
