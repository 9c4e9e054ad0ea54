/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild
 * alias: infra/constructs/bundling.ts). Lambda hands a function its role's credentials
 * in the environment, where the SDK's default chain looks first; the rest of that chain
 * (profiles, SSO, web identity, container and instance metadata, with the STS and SSO
 * clients they carry) never runs there, yet it was a third of each bundle. Tests and
 * the local engines import the SDK unbundled and keep the full chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The SDK clients' `credentialDefaultProvider`: the environment's credentials only. */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
