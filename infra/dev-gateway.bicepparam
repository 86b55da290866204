// ====================================================================================================================
// Example parameters: the development environment of dev.bicepparam with API Management in front of the Function App
// (edgeGateway 'apim'): global limits per client address and per carrier, a request size limit; the Function App admits
// only the gateway. Callers use the endpointUrl output (https://<gateway>.azure-api.net/api).
// ====================================================================================================================

using 'main.bicep'

param environmentName = 'devgw'

param staffAudience = 'api://referrals-dev'

// The application (client) id scripts/register-api.sh prints for the API registration.
param staffClientId = '00000000-0000-0000-0000-000000000000'

param alertEmail = 'referrals-operators@example.org'

param edgeGateway = 'apim'

// Counted once across every instance of the app (whose own limits count per instance).
param gatewayAddressPermitsPerMinute = 600

param gatewayCarrierPermitsPerMinute = 1200

param agencies = [
  {
    code: 'POLICE'
    name: 'National Police'
    offshore: false
    categories: [
      '*'
    ]
    ports: [
      '*'
    ]
    priorities: [
      'critical'
      'high'
    ]
  }
  {
    code: 'BORDER-PARTNER'
    name: 'Offshore Border Partner'
    offshore: true
    categories: [
      'suspicious-shipment'
      'container-integrity'
    ]
    ports: [
      '*'
    ]
    priorities: [
      'critical'
      'high'
      'medium'
    ]
  }
]

param tags = {
  owner: 'customs-referrals'
}
