// ====================================================================================================================
// Private networking (deployed only when main.bicep's networkIsolation is true): a virtual network with a subnet for
// the Function App's Flex Consumption VNet integration and one for private endpoints; a private endpoint for each data
// service the app uses (host storage blob/queue/table, data storage table/blob, Key Vault, Service Bus), each registered in
// its private DNS zone, and the zones linked to the network so the app resolves the services to private addresses.
// ====================================================================================================================

metadata description = 'Virtual network, private endpoints and private DNS zones of the referral system.'

import { tagMap } from '../types.bicep'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the virtual network.')
param virtualNetworkName string

@description('Azure region of the network and the private endpoints.')
param location string

@description('Tags applied to every resource.')
param tags tagMap

@description('Address space of the virtual network.')
param addressPrefix string = '10.40.0.0/16'

@description('Subnet of the Function App VNet integration (delegated to Microsoft.App/environments; /27 or larger).')
param appSubnetPrefix string = '10.40.1.0/24'

@description('Subnet of the private endpoints.')
param privateEndpointSubnetPrefix string = '10.40.2.0/24'

@description('Name of the Functions host storage account (blob, queue and table endpoints).')
param hostStorageAccountName string

@description('Name of the referral data storage account (table and blob endpoints).')
param dataStorageAccountName string

@description('Name of the key vault.')
param keyVaultName string

@description('Name of the Service Bus namespace (Premium).')
param serviceBusNamespaceName string

// --------------------------------------------------------------------------------------------------------------------
// Variables
// --------------------------------------------------------------------------------------------------------------------

var appSubnetName = 'snet-app'
var privateEndpointSubnetName = 'snet-private-endpoints'

// One private DNS zone per sub-resource kind (group id); names follow the public cloud's privatelink zones.
var dnsZones = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  table: 'privatelink.table.${environment().suffixes.storage}'
  vault: 'privatelink.vaultcore.azure.net'
  namespace: 'privatelink.servicebus.windows.net'
}

var storageType = 'Microsoft.Storage/storageAccounts'

var endpoints = [
  {
    name: 'pe-${hostStorageAccountName}-blob'
    targetType: storageType
    targetName: hostStorageAccountName
    groupId: 'blob'
  }
  {
    name: 'pe-${hostStorageAccountName}-queue'
    targetType: storageType
    targetName: hostStorageAccountName
    groupId: 'queue'
  }
  {
    name: 'pe-${hostStorageAccountName}-table'
    targetType: storageType
    targetName: hostStorageAccountName
    groupId: 'table'
  }
  {
    name: 'pe-${dataStorageAccountName}-table'
    targetType: storageType
    targetName: dataStorageAccountName
    groupId: 'table'
  }
  {
    // The daily table exports.
    name: 'pe-${dataStorageAccountName}-blob'
    targetType: storageType
    targetName: dataStorageAccountName
    groupId: 'blob'
  }
  {
    name: 'pe-${keyVaultName}'
    targetType: 'Microsoft.KeyVault/vaults'
    targetName: keyVaultName
    groupId: 'vault'
  }
  {
    name: 'pe-${serviceBusNamespaceName}'
    targetType: 'Microsoft.ServiceBus/namespaces'
    targetName: serviceBusNamespaceName
    groupId: 'namespace'
  }
]

// --------------------------------------------------------------------------------------------------------------------
// Network
// --------------------------------------------------------------------------------------------------------------------

resource virtualNetwork 'Microsoft.Network/virtualNetworks@2025-07-01' = {
  name: virtualNetworkName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: privateEndpointSubnetName
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: appSubnetName
  }

  resource privateEndpointSubnet 'subnets' existing = {
    name: privateEndpointSubnetName
  }
}

// --------------------------------------------------------------------------------------------------------------------
// Private DNS zones, linked to the network
// --------------------------------------------------------------------------------------------------------------------

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zone in items(dnsZones): {
    name: zone.value
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zone, i) in items(dnsZones): {
    parent: zones[i]
    name: virtualNetwork.name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: virtualNetwork.id
      }
    }
  }
]

// --------------------------------------------------------------------------------------------------------------------
// Private endpoints, each registered in its zone
// --------------------------------------------------------------------------------------------------------------------

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2025-07-01' = [
  for endpoint in endpoints: {
    name: endpoint.name
    location: location
    tags: tags
    properties: {
      subnet: {
        id: virtualNetwork::privateEndpointSubnet.id
      }
      privateLinkServiceConnections: [
        {
          name: endpoint.name
          properties: {
            privateLinkServiceId: resourceId(endpoint.targetType, endpoint.targetName)
            groupIds: [
              endpoint.groupId
            ]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-07-01' = [
  for (endpoint, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: endpoint.groupId
          properties: {
            privateDnsZoneId: resourceId('Microsoft.Network/privateDnsZones', dnsZones[endpoint.groupId])
          }
        }
      ]
    }
    dependsOn: [
      zones
    ]
  }
]

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Resource id of the subnet the Function App integrates with.')
output appSubnetId string = virtualNetwork::appSubnet.id

@description('Resource id of the virtual network.')
output virtualNetworkId string = virtualNetwork.id

@description('Names of the private endpoints.')
output privateEndpointNames string[] = [for (endpoint, i) in endpoints: privateEndpoints[i].name]
