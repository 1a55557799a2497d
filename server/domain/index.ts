export * from './login';
export * from './rotation';
export * from './session';
export * from './states';
export * from './transitions';
export * from './user-event';
