// Azure Bot (global resource) with the Microsoft Teams channel. The bot's identity is either the user-assigned
// managed identity (default: no secret anywhere) or a single-tenant Entra app registration whose secret you set
// on the web app yourself (see docs/deploy.md).

@description('Azure Bot resource name (globally unique, 2–64 characters).')
param botName string

@description('Name shown in the Azure portal (Teams shows the name from the app package).')
param displayName string

@description('https://<host>/api/messages')
param messagingEndpoint string

@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param appType string

@description('UserAssignedMSI: the identity\'s client id. SingleTenant: the app registration\'s application (client) id.')
param appId string

@description('Tenant of the identity or app registration.')
param tenantId string

@description('UserAssignedMSI only: resource id of the user-assigned identity.')
param identityResourceId string = ''

@description('F0 is enough for Teams: it is a standard channel.')
param sku string = 'F0'

param tags object = {}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  // msaAppMSIResourceId only with a managed identity; a SingleTenant bot has none.
  properties: union({
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppType: appType
    msaAppId: appId
    msaAppTenantId: tenantId
    publicNetworkAccess: 'Enabled'
  }, appType == 'UserAssignedMSI' ? {
    msaAppMSIResourceId: identityResourceId
  } : {})
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output botName string = bot.name
