// ====================================================================================================================
// Example parameters: the development environment of dev.bicepparam with private networking: storage, Key Vault and
// Service Bus (Premium) reachable only through private endpoints in the app's virtual network.
// ====================================================================================================================

using 'main.bicep'

param environmentName = 'devpriv'

param staffAudience = 'api://referrals-dev'

// The application (client) id scripts/register-api.sh prints for the API registration.
param staffClientId = '00000000-0000-0000-0000-000000000000'

param alertEmail = 'referrals-operators@example.org'

// 'apim' puts API Management in front with global limits (dev-gateway.bicepparam); 'none' lets callers reach the app.
param edgeGateway = 'none'

param networkIsolation = true

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
