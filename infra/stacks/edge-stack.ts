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
      ],
    });
  }
}
