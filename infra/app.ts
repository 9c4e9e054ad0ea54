/**
 * The CDK app. The engine runs without AWS today (see the README); the stacks that
 * deploy it (state machines, functions, data, email, API, pipeline) are added here.
 */
import { App } from 'aws-cdk-lib';

const app = new App();
app.synth();
