// ====================================================================================================================
// The referral API on API Management (deployed only when main.bicep's edgeGateway is 'apim', after the Function App):
// every path under /api, GET and POST, forwarded unchanged to the Function App, with the global limits of
// apiGateway.policy.xml. No subscription key: callers prove themselves to the app (carrier signatures, staff tokens).
// ====================================================================================================================

metadata description = 'Referral API, its operations and its policy on the API Management service.'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the API Management service (apiGateway.bicep).')
param serviceName string

@description('Default host name of the Function App the API forwards to.')
param backendHostName string

@description('Requests a minute one client address may send through the gateway, across every app instance.')
@minValue(1)
param addressPermitsPerMinute int

@description('Requests a minute one carrier (X-Carrier-Id) may send through the gateway, across every app instance; answers 401 do not count.')
@minValue(1)
param carrierPermitsPerMinute int

@description('Largest request body the gateway lets through, in bytes (the largest the app accepts is 256 KiB).')
@minValue(1024)
param maxRequestBytes int

// --------------------------------------------------------------------------------------------------------------------
// Variables
// --------------------------------------------------------------------------------------------------------------------

// The app's routes use these methods only (ApiRoutes); anything else is answered 404 by the gateway.
var methods = [
  'GET'
  'POST'
]

var policy = replace(
  replace(
    replace(loadTextContent('apiGateway.policy.xml'), '{{addressPermitsPerMinute}}', string(addressPermitsPerMinute)),
    '{{carrierPermitsPerMinute}}',
    string(carrierPermitsPerMinute)
  ),
  '{{maxRequestBytes}}',
  string(maxRequestBytes)
)

// --------------------------------------------------------------------------------------------------------------------
// Resources
// --------------------------------------------------------------------------------------------------------------------

resource service 'Microsoft.ApiManagement/service@2024-05-01' existing = {
  name: serviceName
}

resource api 'Microsoft.ApiManagement/service/apis@2024-05-01' = {
  parent: service
  name: 'referrals'
  properties: {
    displayName: 'Referrals'
    // The same /api prefix as the app, so a request's path (which carrier signatures cover) is the same on both.
    path: 'api'
    serviceUrl: 'https://${backendHostName}/api'
    // Plain HTTP is accepted only to be refused by the policy with the app's own 403 https-required problem.
    protocols: [
      'http'
      'https'
    ]
    subscriptionRequired: false
    apiType: 'http'
  }
}

resource operations 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = [
  for method in methods: {
    parent: api
    name: toLower('any-${method}')
    properties: {
      displayName: 'Any ${method}'
      method: method
      urlTemplate: '/*'
    }
  }
]

resource apiPolicy 'Microsoft.ApiManagement/service/apis/policies@2024-05-01' = {
  parent: api
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: policy
  }
}

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Base URL of the referral API through the gateway.')
output apiUrl string = '${service.properties.gatewayUrl}/${api.properties.path}'
