// ====================================================================================================================
// Service Bus: namespace (Entra ID only; Standard, or Premium with public access off when the network is isolated), the
// agency notification topic with one filtered subscription per agency, and the coordinator reminder topic.
//
// Agency subscriptions: Service Bus gives every subscription created through Resource Manager a catch-all `$Default`
// rule, and ARM has no way to create one with another rule (Disabled/ReceiveDisabled does not help: a disabled
// subscription still collects messages, it only refuses receives). On a live system a NEW agency's subscription is
// therefore created first by scripts/add-agency-subscription.sh, through the Service Bus data plane, with its filter
// as its only rule; this template then finds it and changes nothing but its properties. On a first deployment nothing
// publishes yet. scripts/check-subscriptions.sh fails whenever an agency subscription has any rule but its filter.
// ====================================================================================================================

metadata description = 'Service Bus namespace, topics and subscriptions of the referral system.'

import { tagMap } from '../types.bicep'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the Service Bus namespace (6-50 characters, globally unique).')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('Azure region of the namespace.')
param location string

@description('Tags applied to the namespace.')
param tags tagMap

@description('Codes of the configured agencies; each gets a subscription of that name on the notification topic.')
param agencyCodes string[]

@description('True for private networking: Premium (private endpoints need it) and public network access disabled.')
param networkIsolation bool = false

@description('Window in which Service Bus drops a message whose MessageId it has already seen (ISO 8601 duration).')
param duplicateDetectionWindow string = 'PT1H'

@description('How long an undelivered message lives before it is dead-lettered (ISO 8601 duration).')
param messageTimeToLive string = 'P14D'

// --------------------------------------------------------------------------------------------------------------------
// Variables
// --------------------------------------------------------------------------------------------------------------------

// Topic and subscription names the code uses; they are not configurable.
var notificationsTopicName = 'referral-notifications'
var remindersTopicName = 'referral-reminders'
var coordinatorsSubscriptionName = 'coordinators'

var topicProperties = {
  requiresDuplicateDetection: true
  duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
  defaultMessageTimeToLive: messageTimeToLive
  enablePartitioning: false
  supportOrdering: true
}

var subscriptionProperties = {
  lockDuration: 'PT1M'
  maxDeliveryCount: 10
  deadLetteringOnMessageExpiration: true
  deadLetteringOnFilterEvaluationExceptions: true
  defaultMessageTimeToLive: messageTimeToLive
  requiresSession: false
}

// --------------------------------------------------------------------------------------------------------------------
// Resources
// --------------------------------------------------------------------------------------------------------------------

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: networkIsolation
    ? {
        name: 'Premium'
        tier: 'Premium'
        capacity: 1
      }
    : {
        name: 'Standard'
        tier: 'Standard'
      }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'
  }
}

resource notificationsTopic 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = {
  parent: namespace
  name: notificationsTopicName
  properties: topicProperties
}

resource remindersTopic 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = {
  parent: namespace
  name: remindersTopicName
  properties: topicProperties
}

resource agencySubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = [
  for code in agencyCodes: {
    parent: notificationsTopic
    name: code
    properties: subscriptionProperties
  }
]

// The agency's only rule: it sees only messages whose application property `agency` carries its code. The name and
// expression are those scripts/add-agency-subscription.sh creates and scripts/check-subscriptions.sh expects.
resource agencyFilters 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2026-01-01' = [
  for (code, i) in agencyCodes: {
    parent: agencySubscriptions[i]
    name: 'agency'
    properties: {
      filterType: 'SqlFilter'
      sqlFilter: {
        sqlExpression: 'agency = \'${code}\''
      }
    }
  }
]

resource coordinatorsSubscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = {
  parent: remindersTopic
  name: coordinatorsSubscriptionName
  properties: subscriptionProperties
}

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Name of the namespace.')
output namespaceName string = namespace.name

@description('Resource id of the namespace.')
output namespaceId string = namespace.id

@description('Host name of the namespace (<name>.servicebus.windows.net in the public cloud), without scheme or port.')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]

@description('Name of the topic carrying agency notifications.')
output notificationsTopicName string = notificationsTopic.name

@description('Name of the topic carrying coordinator reminders and escalations.')
output remindersTopicName string = remindersTopic.name

@description('Name of the subscription coordinators read reminders from.')
output coordinatorsSubscriptionName string = coordinatorsSubscription.name

@description('Names of the agency subscriptions on the notification topic.')
output agencySubscriptionNames string[] = [for (code, i) in agencyCodes: agencySubscriptions[i].name]
