/**
 * Email: the SES identity reminders are sent from, a configuration set that insists
 * on TLS and stops mailing addresses that bounce or complain, and the feedback loop
 * that flags those staff addresses (SES events to an encrypted SNS topic, to the
 * ses-feedback function, with a dead-letter queue for what cannot be processed), and
 * alarms on that function and that queue.
 */
import { Aws, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { StageAlarms } from '../constructs/alarms.js';
import { IroFunction, type IroStageResources } from '../constructs/iro-function.js';
import { ServiceKey } from '../constructs/service-key.js';
import { CONFIGURATION_SET_NAME, sesConfigurationSetArn } from '../naming.js';

export interface EmailStackProps extends StackProps {
  readonly resources: IroStageResources;
}

export class EmailStack extends Stack {
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;
  readonly feedbackTopic: Topic;
  readonly feedback: IroFunction;
  readonly feedbackDeadLetters: Queue;
  readonly alarms: StageAlarms;

  constructor(scope: Construct, id: string, props: EmailStackProps) {
    super(scope, id, props);
    const { settings } = props.resources;
    const key = new ServiceKey(this, 'EmailKey', {
      alias: 'alias/iro-workflows/email',
      description: 'Encrypts SES feedback events and the email stack logs of iro-workflows',
      forLogs: true,
    }).key;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: CONFIGURATION_SET_NAME,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    // The configuration set is the identity's default, so every email from the domain
    // (reminders and unit alerts alike) goes through it.
    this.identity = new EmailIdentity(this, 'SendingDomain', {
      identity: Identity.domain(settings.email.sendingDomain),
      configurationSet: this.configurationSet,
    });

    // Easy DKIM: the council's DNS must publish these CNAME records before SES sends.
    this.identity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, {
        description: `DKIM CNAME record ${index + 1} to publish for ${settings.email.sendingDomain}`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });

    this.feedbackTopic = new Topic(this, 'Feedback', {
      displayName: 'iro-workflows: SES sends, bounces, complaints and rejections',
      masterKey: key,
      enforceSSL: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesPublishesFeedbackToTheEncryptedTopic',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': sesConfigurationSetArn(CONFIGURATION_SET_NAME) },
        },
      }),
    );
    // SEND too: each email's Send event carries its claim's tag, and ses-feedback marks
    // the claim sent by it, so a sender cut short after SES took the email (a kill, a
    // Lambda timeout) leaves no claim for a retry to take over and send again.
    this.configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.snsTopic(this.feedbackTopic),
      events: [
        EmailSendingEvent.SEND,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.REJECT,
      ],
    });

    // SQS-managed encryption: a KMS-encrypted queue would need kms:GenerateDataKey* for
    // SNS and Lambda alike; these messages carry addresses only, never case data.
    const deadLetters = new Queue(this, 'FeedbackDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetters).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the dead-letter queue of the SES feedback subscription and function; messages stay here for a person to inspect and redrive.',
    });

    this.feedback = new IroFunction(this, 'SesFeedback', {
      handler: 'ses-feedback',
      description:
        'Marks sent the claims of emails SES took; flags staff addresses that bounced or complained, and tells the unit',
      stage: props.resources,
      logsKey: key,
      data: {
        reads: ['staff'],
        writes: ['staff', 'notification'],
        indexes: { gsi1: ['staffByEmail'] },
      },
      sendsEmail: true,
      deadLetterQueue: deadLetters,
    });
    this.feedbackTopic.addSubscription(
      new LambdaSubscription(this.feedback.function, { deadLetterQueue: deadLetters }),
    );
    this.feedbackDeadLetters = deadLetters;

    this.alarms = new StageAlarms(this, 'Alarms', { stageName: settings.stageName });
    this.alarms.lambda(this.feedback);
    this.alarms.deadLetters(
      'ses-feedback',
      deadLetters,
      "An SES event could not be processed and waits in the SES feedback dead-letter queue. A bounce, complaint or rejection: a staff address may not be flagged and reminders may keep going to it; read the ses-feedback function's logs for the cause, then each message in the queue (SQS console), correct the address of the staff member it names (PUT /staff/{staffId}), and delete the message. A Send event (eventType Send): its email went; its claim is marked by its sender unless that sender was cut short, when the email may go once more; delete the message once the cause is fixed.",
    );
  }
}
