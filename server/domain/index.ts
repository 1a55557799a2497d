export * from './login';
export * from './rotation';
export * from './states';
export * from './transitions';
