// ====================================================================================================================
// Function App on the Flex Consumption plan (FC1), .NET 10 isolated worker, running as ONE user-assigned identity.
// Every connection is identity-based: no keys or connection strings to services are stored in app settings.
// ====================================================================================================================

metadata description = 'Flex Consumption plan and the referral Function App with its app settings.'

import { tagMap } from '../types.bicep'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the Function App (globally unique: it is the host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app.')
param tags tagMap

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the Functions host storage account (host, durable task hub, deployment package).')
param hostStorageAccountName string

@description('Name of the blob container in the host storage account that holds the deployment package.')
param deploymentContainerName string

@description('Name of the referral data storage account (tables).')
param dataStorageAccountName string

@description('Blob container of the data account that receives the daily table exports.')
param tableExportContainerName string

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Name of the key vault holding carrier secrets and data keys.')
param keyVaultName string

@description('Name of the Application Insights component the app reports to.')
param applicationInsightsName string

@description('Microsoft Entra tenant that issues staff tokens.')
param staffTenantId string

@description('Audience (application id URI) of staff tokens, e.g. api://referrals-prod.')
param staffAudience string

@description('Application (client) id of the staff API registration: the audience of v2 staff tokens.')
param staffClientId string

@description('Conditional Access authentication context a staff token must carry in acrs; empty for none.')
param staffAuthenticationContext string = ''

@description('True to require mfa in the staff token\'s amr claim.')
param staffRequireMfa bool = false

@description('Configured partner agencies, serialized as the Referrals__Agencies JSON array.')
param agenciesJson string

@description('Subnet (delegated to Microsoft.App/environments) the app sends its outbound traffic through; empty for none.')
param virtualNetworkSubnetId string = ''

@description('Public IP addresses allowed to call the app (the API Management gateway\'s, when main.bicep\'s edgeGateway is on); empty: anyone may.')
param allowedSourceIpAddresses string[] = []

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

// --------------------------------------------------------------------------------------------------------------------
// Existing resources
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
// Variables
// --------------------------------------------------------------------------------------------------------------------

// Value of every *__credential setting: use the managed identity named by the matching *__clientId setting.
var managedIdentityCredential = 'managedidentity'

// Host name only (<name>.servicebus.windows.net in the public cloud): the endpoint carries a scheme and a port.
var serviceBusFullyQualifiedNamespace = split(replace(serviceBus.properties.serviceBusEndpoint, 'https://', ''), ':')[0]

// With a gateway in front, only its addresses reach the app; everything else gets the platform's 403. The deployment
// site (scm) keeps its own, open rules: publishing goes through Microsoft Entra ID only (basic credentials are off).
var inboundRestrictions = [
  for (address, i) in allowedSourceIpAddresses: {
    name: 'gateway-${i}'
    description: 'API Management gateway'
    action: 'Allow'
    ipAddress: contains(address, '/') ? address : '${address}/32'
    priority: 100 + i
  }
]

// Behind the gateway every request arrives from the gateway's few addresses: the app's per-address limit (per instance)
// would then throttle all clients together, so it is lifted and the gateway's per-address limit (global) applies instead.
var behindGateway = !empty(allowedSourceIpAddresses)
var addressRateLimit = behindGateway
  ? {
      burst: 100000
      permitsPerMinute: 1000000
    }
  : {
      burst: 120
      permitsPerMinute: 600
    }

// --------------------------------------------------------------------------------------------------------------------
// Resources
// --------------------------------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    // Off on purpose: with it on, the platform answers plain HTTP with a redirect, so an API client that sent a signature
    // or a token in clear learns nothing and repeats it over HTTPS. The app itself refuses plain HTTP on /api with 403
    // https-required and sends HSTS on HTTPS answers (ReferralFunctions.Http.TransportSecurity, docs/security.md).
    httpsOnly: false
    // Flex Consumption VNet integration: storage, Key Vault and Service Bus are then reached on their private endpoints.
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    // Key Vault references in app settings resolve with the app's user-assigned identity.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      ipSecurityRestrictions: empty(allowedSourceIpAddresses) ? null : inboundRestrictions
      ipSecurityRestrictionsDefaultAction: empty(allowedSourceIpAddresses) ? 'Allow' : 'Deny'
      scmIpSecurityRestrictionsUseMain: false
      // ---------------------------------------------------------------------------------------------------------------
      // App settings: the ONE place the app's settings are set. Each entry is `name: '<literal>'` on its own line.
      // tests/ReferralFunctions.UnitTests/Infrastructure/AppSettingsMatchBicepTests.cs reads the names in this array
      // and checks they are exactly ReferralFunctions.Configuration.AppSettingNames.All.
      // Flex Consumption takes the runtime from functionAppConfig, so FUNCTIONS_WORKER_RUNTIME and
      // FUNCTIONS_EXTENSION_VERSION are deliberately absent.
      // ---------------------------------------------------------------------------------------------------------------
      appSettings: [
        {
          name: 'AzureWebJobsStorage__accountName'
          value: hostStorage.name
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: managedIdentityCredential
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'ReferralStorage__tableServiceUri'
          value: 'https://${dataStorage.name}.table.${environment().suffixes.storage}'
        }
        {
          name: 'ReferralStorage__blobServiceUri'
          value: 'https://${dataStorage.name}.blob.${environment().suffixes.storage}'
        }
        {
          name: 'TableExport__Container'
          value: tableExportContainerName
        }
        {
          name: 'ReferralStorage__credential'
          value: managedIdentityCredential
        }
        {
          name: 'ReferralStorage__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'ServiceBus__fullyQualifiedNamespace'
          value: serviceBusFullyQualifiedNamespace
        }
        {
          name: 'ServiceBus__credential'
          value: managedIdentityCredential
        }
        {
          name: 'ServiceBus__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'KeyVault__vaultUri'
          value: keyVault.properties.vaultUri
        }
        {
          name: 'KeyVault__credential'
          value: managedIdentityCredential
        }
        {
          name: 'KeyVault__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'StaffAuth__Authority'
          value: '${environment().authentication.loginEndpoint}${staffTenantId}/v2.0'
        }
        {
          name: 'StaffAuth__Audience'
          value: staffAudience
        }
        {
          name: 'StaffAuth__ClientId'
          value: staffClientId
        }
        {
          name: 'StaffAuth__RequiredAuthenticationContext'
          value: staffAuthenticationContext
        }
        {
          name: 'StaffAuth__RequireMfa'
          value: string(staffRequireMfa)
        }
        {
          name: 'Referrals__Agencies'
          value: agenciesJson
        }
        {
          name: 'Confidentiality__PseudonymKey'
          value: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=referrer-pseudonym-key)'
        }
        {
          name: 'Confidentiality__CarrierLookupKey'
          value: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=carrier-lookup-key)'
        }
        {
          name: 'CarrierAuth__AddressRateLimit__Burst'
          value: string(addressRateLimit.burst)
        }
        {
          name: 'CarrierAuth__AddressRateLimit__PermitsPerMinute'
          value: string(addressRateLimit.permitsPerMinute)
        }
        {
          // Seals the audit chain (HMAC-SHA256); only the app's identity reads it (docs/security.md#audit-trail).
          name: 'Audit__ChainKey'
          value: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=audit-chain-key)'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsights.properties.ConnectionString
        }
        {
          // Application Insights accepts only Entra ID (local auth is disabled): the host signs telemetry as the identity.
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD;ClientId=${identity.properties.clientId}'
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing goes through Microsoft Entra ID; basic (user name and password) publishing credentials stay off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the Function App.')
output name string = functionApp.name

@description('Resource id of the Function App.')
output id string = functionApp.id

@description('Default host name of the Function App.')
output defaultHostName string = functionApp.properties.defaultHostName

@description('Name of the Flex Consumption plan.')
output planName string = plan.name
