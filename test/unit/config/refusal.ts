import { ConfigError, type Environment, loadConfig } from '../../../server/config';

/** The ConfigError `env` stops the start with; fails the test when the configuration is accepted. */
export function refusal(env: Environment): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}
