import { createPGliteEventStore } from '../event-store/pglite/create-pglite-event-store';
import { webhookDispatcherContract } from '../../../../test/contract/webhook-dispatcher.contract';

webhookDispatcherContract('PGlite', async () => {
  const store = await createPGliteEventStore('memory://');
  return { store, close: () => store.close() };
});
