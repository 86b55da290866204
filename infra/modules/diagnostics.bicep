// ====================================================================================================================
// Diagnostic settings: Key Vault's audit log (every secret read, by whom), Service Bus logs and metrics, and the
// Function App's logs and metrics go to the Log Analytics workspace, where the alert rules and operators query them.
// ====================================================================================================================

metadata description = 'Diagnostic settings of Key Vault, Service Bus and the Function App, to Log Analytics.'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the Log Analytics workspace that receives the logs.')
param logAnalyticsName string

@description('Name of the key vault.')
param keyVaultName string

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Name of the Function App.')
param functionAppName string

// --------------------------------------------------------------------------------------------------------------------
// Existing resources
// --------------------------------------------------------------------------------------------------------------------

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: logAnalyticsName
}

resource keyVault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

// --------------------------------------------------------------------------------------------------------------------
// Variables
// --------------------------------------------------------------------------------------------------------------------

var settingName = 'to-log-analytics'

var allMetrics = [
  {
    category: 'AllMetrics'
    enabled: true
  }
]

// --------------------------------------------------------------------------------------------------------------------
// Diagnostic settings
// --------------------------------------------------------------------------------------------------------------------

// 2021-05-01-preview is the newest version of this type, and the first with category groups (`audit`, `allLogs`);
// the linter's only alternative, 2016-09-01, has none.
#disable-next-line use-recent-api-versions
resource keyVaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: keyVault
  properties: {
    workspaceId: workspace.id
    // Resource-specific tables (AZKVAuditLogs) rather than the shared AzureDiagnostics table.
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
    metrics: allMetrics
  }
}

#disable-next-line use-recent-api-versions
resource serviceBusDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: serviceBus
  properties: {
    workspaceId: workspace.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: allMetrics
  }
}

#disable-next-line use-recent-api-versions
resource functionAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: functionApp
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: allMetrics
  }
}

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Resource ids of the diagnostic settings (Key Vault, Service Bus, Function App).')
output diagnosticSettingIds string[] = [
  keyVaultDiagnostics.id
  serviceBusDiagnostics.id
  functionAppDiagnostics.id
]
