export * from './demo';
export * from './http';
export * from './socket';
