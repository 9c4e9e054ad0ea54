/**
 * A customer-managed KMS key for one stack's data at rest: rotated yearly, kept when
 * the stack goes (what it encrypted may outlive the stack: backups, retained logs).
 */
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface ServiceKeyProps {
  readonly alias: string;
  readonly description: string;
  /** Lets CloudWatch Logs encrypt this account's log groups in this region with the key. */
  readonly forLogs?: boolean;
}

const LOG_DELIVERY = 'delivery.logs.amazonaws.com';

/**
 * Step Functions' logging grants the log delivery service `kms:Decrypt*` on the key
 * with no condition (aws-cdk-lib adds the statement itself): any account's delivery
 * could then ask. Confined here, as AWS documents for vended logs, to deliveries made
 * for this account, from its log deliveries in this region (the confused deputy).
 */
function confineLogDelivery(statement: PolicyStatement): PolicyStatement {
  const toLogDelivery = statement.principals.some(
    (principal) => principal instanceof ServicePrincipal && principal.service === LOG_DELIVERY,
  );
  if (!toLogDelivery) return statement;
  statement.addCondition('StringEquals', { 'aws:SourceAccount': Aws.ACCOUNT_ID });
  statement.addCondition('ArnLike', {
    'aws:SourceArn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*`,
  });
  return statement;
}

export class ServiceKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: ServiceKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      alias: props.alias,
      description: props.description,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Every grant to the log delivery service, whoever adds it, carries the conditions.
    const addToResourcePolicy = this.key.addToResourcePolicy.bind(this.key);
    this.key.addToResourcePolicy = (statement, allowNoOp) =>
      addToResourcePolicy(confineLogDelivery(statement), allowNoOp);
    if (props.forLogs) {
      // The key policy AWS documents for encrypting log groups, limited to this
      // account's log groups in this region by the encryption context.
      this.key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'CloudWatchLogsEncryptLogGroups',
          principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
          actions: [
            'kms:Encrypt*',
            'kms:Decrypt*',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:Describe*',
          ],
          resources: ['*'],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
            },
          },
        }),
      );
    }
  }
}
