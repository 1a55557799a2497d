export * from './errors';
export * from './login';
export * from './states';
export * from './transitions';
