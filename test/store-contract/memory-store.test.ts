import { MemoryLoginStore } from '../../server/store/memory/memory-store';
import { loginStoreContract } from './login-store.contract';

loginStoreContract('the embedded (memory)', async () => {
  const store = new MemoryLoginStore();
  return { store, close: () => store.close() };
});
