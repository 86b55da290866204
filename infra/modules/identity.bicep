// ====================================================================================================================
// User-assigned managed identity: the ONE identity the Function App uses for every Azure data plane it touches.
// ====================================================================================================================

metadata description = 'The user-assigned managed identity of the referral Function App.'

import { tagMap } from '../types.bicep'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags tagMap

// --------------------------------------------------------------------------------------------------------------------
// Resources
// --------------------------------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Resource id of the identity.')
output id string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Client (application) id of the identity: the value of the *__clientId app settings.')
output clientId string = identity.properties.clientId

@description('Object (principal) id of the identity: the principal of the role assignments.')
output principalId string = identity.properties.principalId
