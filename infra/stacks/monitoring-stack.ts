/**
 * Monitoring: the stage's alarm topic (KMS-encrypted, TLS-only, named so every stack's
 * alarms reach it without importing this stack's outputs), its email subscription to
 * the unit's duty inbox with a dead-letter queue for what cannot be delivered, and the
 * alarms on the handlers' own metrics (workflows stopped, reminders undeliverable or
 * with nobody to go to). The other stacks alarm on their own resources; this stack is
 * deployed first and depends on none of them.
 */
import { Aws, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageSettings } from '../config.js';
import { StageAlarms } from '../constructs/alarms.js';
import { ServiceKey } from '../constructs/service-key.js';
import { ALARM_TOPIC_NAME, alarmsArnPattern } from '../naming.js';

export interface MonitoringStackProps extends StackProps {
  readonly settings: StageSettings;
}

export class MonitoringStack extends Stack {
  readonly alarmTopic: Topic;
  readonly alarmEmailDeadLetters: Queue;
  readonly alarms: StageAlarms;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const key = new ServiceKey(this, 'AlarmKey', {
      alias: 'alias/iro-workflows/alarms',
      description: 'Encrypts the iro-workflows alarm notifications',
    }).key;

    // CloudWatch publishes alarm notifications as itself: it needs the topic and its
    // key, for this stage's alarms in this account only.
    const fromThisStagesAlarms = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': alarmsArnPattern(settings.stageName) },
    };
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromThisStagesAlarms,
      }),
    );
    this.alarmTopic = new Topic(this, 'Alarms', {
      topicName: ALARM_TOPIC_NAME,
      displayName: `iro-workflows ${settings.stageName} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: fromThisStagesAlarms,
      }),
    );

    // Alarm notifications carry alarm names and descriptions only, never case data:
    // SQS-managed encryption, which SNS can write to without a key grant.
    this.alarmEmailDeadLetters = new Queue(this, 'AlarmEmailDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.alarmEmailDeadLetters).acknowledge(
      {
        id: 'AwsSolutions-SQS3',
        reason:
          "This queue is the dead-letter queue of the alarm topic's email subscription (its RedrivePolicy); the check recognises only queues and Lambda functions as users of a dead-letter queue.",
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          'This queue is itself the dead-letter queue of the alarm email subscription; undelivered alarm notifications stay here for a person to read, and its own alarm reports them.',
      },
    );
    // The duty inbox confirms the subscription once, from the email SNS sends on the first deployment.
    this.alarmTopic.addSubscription(
      new EmailSubscription(settings.email.alertAddress, {
        deadLetterQueue: this.alarmEmailDeadLetters,
      }),
    );

    this.alarms = new StageAlarms(this, 'HandlerAlarms', { stageName: settings.stageName });
    this.alarms.handlerMetrics();
    this.alarms.deadLetters(
      'alarm-email',
      this.alarmEmailDeadLetters,
      `An alarm notification could not be emailed to ${settings.email.alertAddress}, so an alarm may have gone unseen. Look at the alarms in the CloudWatch console (those in ALARM are listed first), check the topic's subscription to that address is confirmed and the address still receives mail, then read and delete the messages in this queue.`,
    );

    new CfnOutput(this, 'AlarmTopicArn', {
      description: `Operational alarms of this stage, emailed to ${settings.email.alertAddress} (confirm the subscription once)`,
      value: this.alarmTopic.topicArn,
    });
  }
}
