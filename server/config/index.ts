/** The configuration: read from the environment once, checked whole, handed out by the composition root. */
export * from './load-config';
