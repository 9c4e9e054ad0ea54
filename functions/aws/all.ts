/** Every port at once, from the environment: for checks of the deployed configuration. */
import { baseDependencies, type Dependencies } from '../dependencies.js';
import { dynamoDependencies } from './dynamodb.js';
import { importStoreDependencies } from './imports.js';
import { sesDependencies } from './ses.js';
import { sfnDependencies } from './sfn.js';

export function awsDependencies(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Dependencies> = {},
): Dependencies {
  return {
    ...baseDependencies(env),
    ...dynamoDependencies(env),
    ...importStoreDependencies(env),
    ...sesDependencies(env),
    ...sfnDependencies(env),
    ...overrides,
  };
}
