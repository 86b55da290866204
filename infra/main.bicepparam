// ====================================================================================================================
// Example parameters: a development environment with two partner agencies.
// ====================================================================================================================

using 'main.bicep'

param environmentName = 'dev'

param staffAudience = 'api://referrals-dev'

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
      'HIGH'
      'MEDIUM'
      'LOW'
    ]
  }
  {
    code: 'BORDER-PARTNER'
    name: 'Offshore Border Partner'
    offshore: true
    categories: [
      'DRUGS'
      'WEAPONS'
    ]
    ports: [
      '*'
    ]
    priorities: [
      'HIGH'
    ]
  }
]

param tags = {
  owner: 'customs-referrals'
}
