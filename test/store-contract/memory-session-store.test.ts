import { MemorySessionStore } from '../../server/store/memory/memory-session-store';
import { sessionStoreContract } from './session-store.contract';

sessionStoreContract('the embedded (memory)', async () => ({ store: new MemorySessionStore(), close: async () => {} }));
