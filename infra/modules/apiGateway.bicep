// ====================================================================================================================
// API Management in front of the Function App (deployed only when main.bicep's edgeGateway is 'apim'): the service
// alone. apiGatewayApi.bicep adds the referral API and its policy once the Function App exists; the Function App admits
// only this service's public IP addresses, which this module outputs.
//
// Tier: classic Basic by default. The rate-limit-by-key policy the global limits need is not offered on Consumption;
// classic tiers give the service public IP addresses exclusive to it (the Function App's access restrictions can name
// exactly them, where the ApiManagement service tag would admit every API Management instance); Developer has no SLA.
// ====================================================================================================================

metadata description = 'API Management service at the edge of the referral API.'

import { tagMap } from '../types.bicep'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the API Management service (globally unique: <name>.azure-api.net).')
param name string

@description('Azure region of the service.')
param location string

@description('Tags applied to the service.')
param tags tagMap

@description('E-mail address API Management sends its service notifications to.')
param publisherEmail string

@description('Organisation name shown as the API publisher.')
param publisherName string

@description('Classic tier of the service: Basic (one region, SLA) or Standard (more throughput). Both have dedicated public IP addresses.')
@allowed([
  'Basic'
  'Standard'
])
param skuName string = 'Basic'

@description('Scale units of the service.')
@minValue(1)
@maxValue(4)
param skuCapacity int = 1

// --------------------------------------------------------------------------------------------------------------------
// Variables
// --------------------------------------------------------------------------------------------------------------------

// Gateway TLS: 1.2 or later towards clients and the backend, no 3DES, HTTP/2 towards clients.
var securityProperties = {
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls10': 'False'
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls11': 'False'
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Ssl30': 'False'
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Tls10': 'False'
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Tls11': 'False'
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Ciphers.TripleDes168': 'False'
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Protocols.Server.Http2': 'True'
}

// --------------------------------------------------------------------------------------------------------------------
// Resources
// --------------------------------------------------------------------------------------------------------------------

resource service 'Microsoft.ApiManagement/service@2024-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: skuCapacity
  }
  properties: {
    publisherEmail: publisherEmail
    publisherName: publisherName
    customProperties: securityProperties
    // Callers are carriers' systems and staff tools with their own credentials: no developer portal to sign up on.
    developerPortalStatus: 'Disabled'
    // Management calls through API versions older than this (which lack role checks on secrets) are refused.
    apiVersionConstraint: {
      minApiVersion: '2021-08-01'
    }
  }
}

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the API Management service.')
output name string = service.name

@description('Base URL of the gateway (https://<name>.azure-api.net).')
output gatewayUrl string = service.properties.gatewayUrl

@description('Public IP addresses the gateway calls backends from (exclusive to this service).')
output publicIpAddresses string[] = service.properties.publicIPAddresses
