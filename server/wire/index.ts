export * from './http';
export * from './sessions';
export * from './socket';
