// ====================================================================================================================
// Service Bus: namespace (Standard, Entra ID only), the agency notification topic with one filtered subscription per
// agency, and the coordinator reminder topic.
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
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
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

// Adding a rule makes Service Bus drop the catch-all $Default rule, so an agency sees only messages whose
// application property `agency` carries its code.
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
