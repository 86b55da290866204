// ====================================================================================================================
// Example parameters: a development environment with two partner agencies, public endpoints (networkIsolation off).
// dev-isolated.bicepparam is the same with private networking, dev-gateway.bicepparam with API Management in front;
// main.parameters.json is azd's (same agencies).
// ====================================================================================================================

using 'main.bicep'

param environmentName = 'dev'

param staffAudience = 'api://referrals-dev'

// The application (client) id scripts/register-api.sh prints for the API registration.
param staffClientId = '00000000-0000-0000-0000-000000000000'

param alertEmail = 'referrals-operators@example.org'

// 'apim' puts API Management in front with global limits (dev-gateway.bicepparam); 'none' lets callers reach the app.
param edgeGateway = 'none'

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
