export * from './http';
export * from './socket';
