/**
 * The web application firewall in front of the work tray and the API, for one stage.
 * CloudFront takes web ACLs from us-east-1 only, whatever the stage's region, so this
 * stack lives there; the web stack reads its ARN across regions. Rules, in order:
 * a rate limit per address (the unit's offices share a few addresses, so it is sized
 * for a whole office), Amazon's IP reputation list, the common rule set (its body-size
 * rule counted, not blocked: an SSDA903 upload and a batch of events are larger than
 * its 8 KB), and known bad inputs. Each rule's matches are CloudWatch metrics.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageSettings } from '../config.js';

export interface EdgeStackProps extends StackProps {
  readonly settings: StageSettings;
}

/** CloudFront's web ACLs must be made in this region. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  // The sampled requests would show paths, and paths hold children's ids.
  sampledRequestsEnabled: false,
});

const managedRules = (
  name: string,
  priority: number,
  countInstead: readonly string[] = [],
): CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name,
      ruleActionOverrides: countInstead.map((rule) => ({
        name: rule,
        actionToUse: { count: {} },
      })),
    },
  },
  visibilityConfig: visibility(name),
});

/** The young person's routes, under the API's path on the work tray's origin. */
export const YOUNG_PERSON_PATH = '/api/views/';
/** Requests an address may make to them in five minutes: a young person needs a handful. */
export const YOUNG_PERSON_REQUESTS_PER_FIVE_MINUTES = 100;
/** functions/views.ts refuses more (MAX_VIEWS_BODY_BYTES); the firewall stops it sooner. */
export const YOUNG_PERSON_MAX_BODY_BYTES = 32 * 1024;

const youngPersonPaths: CfnWebACL.StatementProperty = {
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: YOUNG_PERSON_PATH,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
};

export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.webAcl = new CfnWebACL(this, 'Firewall', {
      name: `iro-workflows-${settings.stageName}`,
      description: 'iro-workflows: the work tray and its API',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('iro-workflows'),
      rules: [
        {
          name: 'RequestsPerAddress',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: settings.firewall.requestsPerFiveMinutesPerAddress,
              evaluationWindowSec: 300,
            },
          },
          visibilityConfig: visibility('RequestsPerAddress'),
        },
        managedRules('AWSManagedRulesAmazonIpReputationList', 1),
        managedRules('AWSManagedRulesCommonRuleSet', 2, ['SizeRestrictions_BODY']),
        managedRules('AWSManagedRulesKnownBadInputsRuleSet', 3),
        // The young person's routes take no sign-in: a tighter limit per address there,
        // and no body larger than their answers can be (architecture.md, "The child's voice").
        {
          name: 'YoungPersonRequestsPerAddress',
          priority: 4,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: YOUNG_PERSON_REQUESTS_PER_FIVE_MINUTES,
              evaluationWindowSec: 300,
              scopeDownStatement: youngPersonPaths,
            },
          },
          visibilityConfig: visibility('YoungPersonRequestsPerAddress'),
        },
        {
          name: 'YoungPersonBodySize',
          priority: 5,
          action: { block: {} },
          statement: {
            andStatement: {
              statements: [
                youngPersonPaths,
                {
                  sizeConstraintStatement: {
                    fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
                    comparisonOperator: 'GT',
                    size: YOUNG_PERSON_MAX_BODY_BYTES,
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
              ],
            },
          },
          visibilityConfig: visibility('YoungPersonBodySize'),
        },
      ],
    });
  }
}
