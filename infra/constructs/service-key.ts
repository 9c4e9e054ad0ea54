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
