// ====================================================================================================================
// Alerts, all to one action group that e-mails the operators:
//   server errors    more than serverErrorPercent % of requests answered 5xx in 15 minutes (at least 20 requests)
//   dead letters     any dead-lettered message on the agency notification topic (its subscriptions are the agencies')
//   workflows        any workflow health finding: the app logs a Warning, event id 1501, "Referral {ReferralId}:
//                    workflow {Problem} (...)" from ReferralFunctions.Referrals.WorkflowHealth.WorkflowHealthCheck
//                    for each failed, ended, missing or stuck workflow it finds (every 5 minutes)
// ====================================================================================================================

metadata description = 'Action group and alert rules of the referral system.'

import { tagMap } from '../types.bicep'

// --------------------------------------------------------------------------------------------------------------------
// Parameters
// --------------------------------------------------------------------------------------------------------------------

@description('Short name of the environment; part of the alert names.')
param environmentName string

@description('Azure region of the log search alert rules.')
param location string

@description('Tags applied to every resource.')
param tags tagMap

@description('E-mail address the alerts go to.')
param alertEmail string

@description('Name of the Log Analytics workspace the Function App telemetry lands in.')
param logAnalyticsName string

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Name of the topic whose subscriptions belong to the agencies.')
param notificationsTopicName string

@description('Percentage of 5xx responses that raises the server error alert.')
@minValue(1)
@maxValue(100)
param serverErrorPercent int = 5

// --------------------------------------------------------------------------------------------------------------------
// Existing resources
// --------------------------------------------------------------------------------------------------------------------

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: logAnalyticsName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

// --------------------------------------------------------------------------------------------------------------------
// Variables
// --------------------------------------------------------------------------------------------------------------------

// Workspace-based Application Insights writes requests to AppRequests and logs to AppTraces.
var serverErrorQuery = '''
AppRequests
| summarize Total = count(), ServerErrors = countif(toint(ResultCode) >= 500)
| extend ServerErrorPercent = 100.0 * ServerErrors / Total
| where Total >= 20 and ServerErrorPercent > {0}
'''

// The event id travels in Properties when present; the message shape identifies the line where it does not.
var workflowQuery = '''
AppTraces
| where SeverityLevel == 2
| where tostring(Properties.EventId) == "1501"
    or Message matches regex @"^Referral \S+: workflow \S+ \("
| extend ReferralId = extract(@"^Referral (\S+):", 1, Message), Problem = extract(@": workflow (\S+) \(", 1, Message)
| project TimeGenerated, ReferralId, Problem, Message
'''

// --------------------------------------------------------------------------------------------------------------------
// Action group
// --------------------------------------------------------------------------------------------------------------------

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-referrals-${environmentName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('referrals${environmentName}', 12)
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// --------------------------------------------------------------------------------------------------------------------
// Alert rules
// --------------------------------------------------------------------------------------------------------------------

resource serverErrors 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-referrals-${environmentName}-5xx-rate'
  location: location
  tags: tags
  properties: {
    displayName: 'Referrals ${environmentName}: 5xx responses above ${serverErrorPercent} %'
    description: 'More than ${serverErrorPercent} % of HTTP requests were answered with a 5xx status in 15 minutes.'
    severity: 1
    enabled: true
    scopes: [
      workspace.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: format(serverErrorQuery, serverErrorPercent)
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource deadLetters 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'alert-referrals-${environmentName}-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'A message on ${notificationsTopicName} was dead-lettered: an agency did not take it (see the subscription\'s dead-letter queue).'
    severity: 2
    enabled: true
    scopes: [
      serviceBus.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                notificationsTopicName
              ]
            }
          ]
          timeAggregation: 'Maximum'
          operator: 'GreaterThan'
          threshold: 0
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

resource workflowFindings 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-referrals-${environmentName}-workflows'
  location: location
  tags: tags
  properties: {
    displayName: 'Referrals ${environmentName}: failed or stuck workflows'
    description: 'The workflow health check found a referral whose workflow failed, ended, is missing or is stuck; GET /api/v1/supervisor/workflow-health lists them.'
    severity: 2
    enabled: true
    scopes: [
      workspace.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: workflowQuery
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          dimensions: [
            {
              name: 'Problem'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

// --------------------------------------------------------------------------------------------------------------------
// Outputs
// --------------------------------------------------------------------------------------------------------------------

@description('Resource id of the action group.')
output actionGroupId string = actionGroup.id

@description('Names of the alert rules.')
output alertRuleNames string[] = [
  serverErrors.name
  deadLetters.name
  workflowFindings.name
]
