/**
 * The CDK app: `npx cdk synth` builds the delivery pipeline and, inside it, the test
 * and production stages, and fails on any cdk-nag finding (AWS Solutions, Serverless)
 * not acknowledged with a reason. Configuration: the cdk context key `iro:config`
 * (see config.ts); without it, the example configuration.
 */
import { App } from 'aws-cdk-lib';
import { defineIroApp } from './iro-app.js';
import { checkWithNag } from './nag.js';

const app = new App();
defineIroApp(app);
checkWithNag(app);
app.synth();
