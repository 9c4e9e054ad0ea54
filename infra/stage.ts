/**
 * One complete deployment of iro-workflows: monitoring, data, email, workflows, API and
 * the work tray (web), each its own stack. The pipeline deploys it twice, to test and
 * then production.
 */
import { Stage, type StageProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageSettings } from './config.js';
import type { IroStageResources } from './constructs/iro-function.js';
import { ApiStack } from './stacks/api-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { CLOUDFRONT_WAF_REGION, EdgeStack } from './stacks/edge-stack.js';
import { EmailStack } from './stacks/email-stack.js';
import { MonitoringStack } from './stacks/monitoring-stack.js';
import { WebStack } from './stacks/web-stack.js';
import { WorkflowStack } from './stacks/workflow-stack.js';

export interface IroWorkflowsStageProps extends StageProps {
  readonly settings: StageSettings;
  /**
   * False for the local runner, which reads only the state machines: the work tray's
   * hosting needs the app built (web/dist) and copies it, for nothing there.
   */
  readonly hostWorkTray?: boolean;
}

export class IroWorkflowsStage extends Stage {
  readonly monitoring: MonitoringStack;
  readonly data: DataStack;
  readonly email: EmailStack;
  readonly workflows: WorkflowStack;
  readonly api: ApiStack;
  /** The work tray's hosting; absent only where `hostWorkTray` is false. */
  readonly web: WebStack | undefined;
  /** The firewall in front of the work tray and its API (us-east-1), beside `web`. */
  readonly edge: EdgeStack | undefined;

  constructor(scope: Construct, id: string, props: IroWorkflowsStageProps) {
    super(scope, id, props);
    const { settings } = props;
    this.monitoring = new MonitoringStack(this, 'Monitoring', {
      description:
        "iro-workflows: the alarm topic, emailed to the duty inbox, and the handlers' metric alarms",
      settings,
    });
    this.data = new DataStack(this, 'Data', {
      description: 'iro-workflows: the table and its key',
    });
    const resources: IroStageResources = {
      table: this.data.table,
      tableKey: this.data.tableKey,
      settings,
    };
    this.email = new EmailStack(this, 'Email', {
      description: 'iro-workflows: SES identity, configuration set and bounce handling',
      resources,
    });
    this.workflows = new WorkflowStack(this, 'Workflows', {
      description: 'iro-workflows: the statutory clocks (Step Functions and their functions)',
      resources,
    });
    this.api = new ApiStack(this, 'Api', {
      description: 'iro-workflows: the HTTP API for staff and the case management system',
      resources,
    });
    // Reads the API's endpoint (config.json, the CSP); the API's CORS reads the web
    // origin from the configuration, so the reference runs one way.
    this.edge =
      props.hostWorkTray === false
        ? undefined
        : new EdgeStack(this, 'Edge', {
            description:
              'iro-workflows: the web application firewall in front of the work tray and API',
            env: { account: settings.account, region: CLOUDFRONT_WAF_REGION },
            settings,
          });
    this.web =
      this.edge === undefined
        ? undefined
        : new WebStack(this, 'Web', {
            description: 'iro-workflows: the work tray, served by CloudFront from a private bucket',
            settings,
            apiEndpoint: this.api.api.apiEndpoint,
            firewallArn: this.edge.webAcl.attrArn,
            // The firewall's ARN comes from us-east-1 (CDK's cross-region references).
            crossRegionReferences: true,
          });
    // Mail is sent through the configuration set and identity by name, and workflows
    // are started by name: order the deployments the references do not.
    this.workflows.addStackDependency(this.email, 'sends through the SES configuration set');
    this.api.addStackDependency(this.workflows, 'starts and wakes the state machines by name');
    // Every stack's alarms notify the alarm topic by name.
    for (const stack of [this.email, this.workflows, this.api]) {
      stack.addStackDependency(this.monitoring, 'alarms notify the alarm topic by name');
    }

    Tags.of(this).add('iro:application', 'iro-workflows');
    Tags.of(this).add('iro:council', tagValue(settings.councilName));
    Tags.of(this).add('iro:stage', settings.stageName);
  }
}

/** Tag values allow letters, digits, spaces and `_ . : / = + - @` only. */
const tagValue = (text: string): string => text.replace(/[^\p{L}\p{N}\s_.:/=+\-@]/gu, '');
