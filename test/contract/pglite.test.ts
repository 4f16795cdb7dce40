import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../../src/event-store/create-event-store.js';
import { eventStoreContract } from './event-store.contract.js';

eventStoreContract('PGlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-contract-'));
  const store = await createEventStore({ dataDir: join(dir, 'data') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
