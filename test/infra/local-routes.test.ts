/** The local HTTP API serves exactly the deployed HTTP API's routes. */
import { describe, expect, it } from 'vitest';
import { LOCAL_ROUTES } from '../../infra/local/api-server.js';
import { resourcesOfType, synthesizeApp } from './support.js';

describe('the local API server', () => {
  it('serves exactly the routes the deployed HTTP API has', () => {
    // Prepare
    const app = synthesizeApp();

    // Act
    const deployed = resourcesOfType(app.templates, 'AWS::ApiGatewayV2::Route').map(
      ([, route]) => route.Properties?.RouteKey,
    );

    // Assess: the local server answers what API Gateway's `$default` route does itself;
    // it serves the work tray from its own origin, so no browser sends it a preflight.
    expect(new Set(deployed)).toEqual(
      new Set([
        '$default',
        'OPTIONS /{proxy+}',
        ...LOCAL_ROUTES.map((r) => `${r.method} ${r.path}`),
      ]),
    );
  });
});
