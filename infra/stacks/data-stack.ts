/**
 * The unit's records: one DynamoDB table (event logs, clock heads, staff and
 * allocations, the notification log, the obligation board), encrypted with its own
 * customer-managed key, recoverable to any second of the last 35 days, and kept
 * whatever happens to the stack.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { TABLE_DESIGN } from '../../functions/adapters/dynamodb/table.js';
import { ServiceKey } from '../constructs/service-key.js';

export class DataStack extends Stack {
  readonly table: Table;
  readonly tableKey: IKey;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.tableKey = new ServiceKey(this, 'TableKey', {
      alias: 'alias/iro-workflows/table',
      description: 'Encrypts the iro-workflows table: case events, staff, obligations',
    }).key;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_DESIGN.timeToLiveAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_DESIGN.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
