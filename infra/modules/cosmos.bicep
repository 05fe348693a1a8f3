// Azure Cosmos DB for NoSQL: account (Entra ID only, no keys), the bot's database, every container the code uses,
// and the data-plane role "Cosmos DB Built-in Data Contributor" for the app's managed identity.
//
// Keep `containerNames` equal to CONTAINERS in src/app.ts: with Entra ID auth the app cannot create containers
// itself (it only checks they exist at start-up), so a container missing here stops the bot from starting.
// test/infra/bicep.test.ts checks the two lists are the same.

@description('Cosmos DB account name (3–44 lower-case letters, digits and hyphens; globally unique).')
param accountName string

@description('Azure region of the account; the data stays here.')
param location string

@description('Database name: the app setting COSMOS_DATABASE.')
param databaseName string

@description('Serverless (pay per request) instead of provisioned throughput.')
param serverless bool = true

@description('Continuous backup with 7-day point-in-time restore (otherwise periodic backup, the service default).')
param continuousBackup bool = true

@description('Principal (object) id of the managed identity that gets data-plane read/write access.')
param dataContributorPrincipalId string

param tags object = {}

// Same names, same order as CONTAINERS in src/app.ts. Every container: partition key path /pk (hash, version 2),
// default indexing policy, no TTL — the code sets neither an indexing policy nor a TTL.
var containerNames = [
  'conversations'
  'members'
  'action-items'
  'initiatives'
  'rounds'
  'answers'
  'charts'
  'meetings'
  'meeting-drafts'
  'live-meetings'
  'reminders'
  'exports'
  'report-links'
  'processed-activities'
]

// Built-in data-plane role "Cosmos DB Built-in Data Contributor" (read and write items, read metadata).
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: serverless ? [
      {
        name: 'EnableServerless'
      }
    ] : []
    // Entra ID only: account keys do not work, so COSMOS_KEY stays empty and the app uses its managed identity.
    disableLocalAuth: true
    // Databases and containers change only through Azure Resource Manager (this template), never with a key.
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    backupPolicy: continuousBackup ? {
      type: 'Continuous'
      continuousModeProperties: {
        tier: 'Continuous7Days'
      }
    } : {
      type: 'Periodic'
      periodicModeProperties: {
        backupIntervalInMinutes: 240
        backupRetentionIntervalInHours: 8
        backupStorageRedundancy: 'Local'
      }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

// Composite indexes for the queries that filter on one field and order by another (issue #14):
// - reminders: the indexed due query (status = …, dueAt <= now, ORDER BY dueAt, TOP batch; on Cosmos DB the scheduler
//   uses the time-bucketed due index instead, whose query `at <= now ORDER BY at` in one hour partition needs only
//   the default range index on /at) and a conversation's upcoming reminders (conversationKey = …, status = …,
//   ORDER BY dueAt, TOP 25);
// - action-items: a conversation's list (ix.state = …, ORDER BY ix.listKey, TOP page end).
// Everything else uses the default range index on every path.
var compositeIndexes = {
  reminders: [
    [
      { path: '/status', order: 'ascending' }
      { path: '/dueAt', order: 'ascending' }
    ]
    [
      { path: '/conversationKey', order: 'ascending' }
      { path: '/status', order: 'ascending' }
      { path: '/dueAt', order: 'ascending' }
    ]
  ]
  'action-items': [
    [
      { path: '/ix/state', order: 'ascending' }
      { path: '/ix/listKey', order: 'ascending' }
    ]
  ]
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for name in containerNames: {
  parent: database
  name: name
  properties: {
    resource: {
      id: name
      partitionKey: {
        paths: [
          '/pk'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/*' }
        ]
        excludedPaths: [
          { path: '/"_etag"/?' }
        ]
        compositeIndexes: contains(compositeIndexes, name) ? compositeIndexes[name] : []
      }
    }
  }
}]

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, dataContributorPrincipalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: dataContributorPrincipalId
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
output accountName string = account.name
output databaseName string = database.name
output containerNames array = containerNames
