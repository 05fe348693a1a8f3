// SHK Core Team bot — everything it needs in one resource group:
//   user-assigned managed identity · Log Analytics + Application Insights · App Service plan (Linux) + web app
//   (Node 22 LTS, health check /healthz) · Cosmos DB for NoSQL (serverless, Entra ID only, every container)
//   · Azure Bot with the Microsoft Teams channel.
// Outputs are named like the app's environment variables (.env.example), so `npm run package` can take them.
//
// Not compiled on the development machines (no Bicep there): run `az bicep build --file infra/main.bicep` and
// `az deployment group what-if` before the first deployment. See infra/README.md and docs/deploy.md.

targetScope = 'resourceGroup'

@description('Region of every regional resource. Sweden Central keeps the data in Sweden.')
param location string = 'swedencentral'

@description('Web app name: the public host is <webAppName>.azurewebsites.net unless publicHostName is set. Choose it before registering the tab\'s Entra app, whose Application ID URI contains the host.')
@minLength(2)
@maxLength(60)
param webAppName string = 'shk-bot-${uniqueString(resourceGroup().id)}'

@description('Custom host name (e.g. shk-bot.vasteras.se) bound to the web app separately; empty = <webAppName>.azurewebsites.net.')
param publicHostName string = ''

@description('Prefix of the other resource names.')
param namePrefix string = 'shk-bot'

@description('How the bot authenticates to Bot Framework. UserAssignedMSI needs no secret; SingleTenant needs an app registration and its secret (set MicrosoftAppPassword yourself, see docs/deploy.md).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the bot app registration\'s application (client) id.')
param singleTenantAppId string = ''

@description('Application (client) id of the Entra app registration that exposes the tab\'s API (access_as_user). Required with UserAssignedMSI (a managed identity cannot expose an API); with SingleTenant empty = the bot\'s app registration.')
param tabAppId string = ''

@description('Application ID URI of the tab\'s app; empty = api://<public host>/<tab app id>.')
param tabAppIdUri string = ''

@description('Cosmos DB account name (globally unique, lower case).')
param cosmosAccountName string = '${namePrefix}-${uniqueString(resourceGroup().id)}'

@description('Cosmos DB database name (COSMOS_DATABASE).')
param cosmosDatabaseName string = 'shk-bot'

@description('Cosmos DB serverless (pay per request). false = provisioned throughput (set it on the account yourself).')
param cosmosServerless bool = true

@description('Cosmos DB continuous backup (7-day point-in-time restore).')
param cosmosContinuousBackup bool = true

@description('App Service plan SKU. B1 or larger (Always On is not available on F1).')
param appServicePlanSku string = 'B1'

@description('Number of web app instances. Two or more are safe (reminders are claimed with leases).')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Azure Bot SKU; Teams is a standard channel, so F0 is enough.')
param botSku string = 'F0'

@allowed([
  'sv'
  'en'
])
param defaultLocale string = 'sv'

param timeZone string = 'Europe/Stockholm'

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('On SIGTERM: how long running turns and queued messages may take (ms).')
param shutdownTimeoutMs int = 10000

@description('Log Analytics retention in days.')
param logRetentionDays int = 30

param tags object = {
  app: 'shk-core-team-bot'
}

var publicHost = empty(publicHostName) ? '${webAppName}.azurewebsites.net' : publicHostName
var publicBaseUrl = 'https://${publicHost}'
var botAppId = botAppType == 'UserAssignedMSI' ? identity.properties.clientId : singleTenantAppId
var effectiveTabAppId = empty(tabAppId) ? botAppId : tabAppId
var effectiveTabAppIdUri = empty(tabAppIdUri) ? 'api://${publicHost}/${effectiveTabAppId}' : tabAppIdUri

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-identity'
  location: location
  tags: tags
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: cosmosAccountName
    location: location
    databaseName: cosmosDatabaseName
    serverless: cosmosServerless
    continuousBackup: cosmosContinuousBackup
    dataContributorPrincipalId: identity.properties.principalId
    tags: tags
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${namePrefix}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      // Names as in src/config.ts (CONFIG_VARIABLES) and .env.example. Not set here: PORT (App Service sets it),
      // HOST (0.0.0.0 is right), DATA_DIR and DEV_TENANT_ID (local mode only), and the secrets COSMOS_KEY
      // (empty = managed identity) and MicrosoftAppPassword (none with UserAssignedMSI).
      appSettings: [
        {
          name: 'MicrosoftAppId'
          value: botAppId
        }
        {
          name: 'MicrosoftAppType'
          value: botAppType
        }
        {
          name: 'MicrosoftAppTenantId'
          value: tenant().tenantId
        }
        {
          // Read by @azure/identity's DefaultAzureCredential: which user-assigned identity to use for Cosmos DB.
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'COSMOS_ENDPOINT'
          value: cosmos.outputs.endpoint
        }
        {
          name: 'COSMOS_DATABASE'
          value: cosmosDatabaseName
        }
        {
          name: 'PUBLIC_BASE_URL'
          value: publicBaseUrl
        }
        {
          name: 'TAB_APP_ID'
          value: effectiveTabAppId
        }
        {
          name: 'TAB_APP_ID_URI'
          value: effectiveTabAppIdUri
        }
        {
          name: 'DEFAULT_LOCALE'
          value: defaultLocale
        }
        {
          name: 'TIME_ZONE'
          value: timeZone
        }
        {
          name: 'LOG_LEVEL'
          value: logLevel
        }
        {
          name: 'SHUTDOWN_TIMEOUT_MS'
          value: string(shutdownTimeoutMs)
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: insights.properties.ConnectionString
        }
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        {
          // The zip that is deployed is already built (dist/ and node_modules/); App Service must not rebuild it.
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
      ]
    }
  }
}

// stdout (pino JSON lines), HTTP access and platform logs to Log Analytics, queryable next to Application Insights.
resource webDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: web
  properties: {
    workspaceId: logs.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    botName: '${namePrefix}-${uniqueString(resourceGroup().id)}'
    displayName: 'SHK-boten'
    messagingEndpoint: '${publicBaseUrl}/api/messages'
    appType: botAppType
    appId: botAppId
    tenantId: tenant().tenantId
    identityResourceId: identity.id
    sku: botSku
    tags: tags
  }
}

// Named like the environment variables (.env.example) so a deployment's outputs fill `.env` for `npm run package`.
output MicrosoftAppId string = botAppId
output MicrosoftAppType string = botAppType
output MicrosoftAppTenantId string = tenant().tenantId
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmosDatabaseName
output PUBLIC_BASE_URL string = publicBaseUrl
output TAB_APP_ID_URI string = effectiveTabAppIdUri
// The app registration named in the manifest's webApplicationInfo.id (the tab's SSO app).
output TAB_APP_ID string = effectiveTabAppId
output AZURE_CLIENT_ID string = identity.properties.clientId
output webAppName string = web.name
output botName string = bot.outputs.botName
output cosmosAccountName string = cosmos.outputs.accountName
output managedIdentityPrincipalId string = identity.properties.principalId
