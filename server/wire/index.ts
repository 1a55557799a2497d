export * from './demo';
export * from './http';
export * from './sessions';
export * from './socket';
