export * from './demo';
export * from './error-statuses';
export * from './formats';
export * from './http';
export * from './ops';
export * from './sessions';
export * from './socket';
