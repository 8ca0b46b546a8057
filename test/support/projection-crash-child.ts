/**
 * A projection process for the crash test: `node -r ./test/support/register-ts.js` this file
 *   <postgres|pglite> <connection string|data dir> <schema> <ms per event>
 * It applies $all to a read model (one row per event, primary key on the event id, so applying
 * an event twice fails) slowly enough to be killed mid-batch, and prints what it does.
 */
import { createPGliteEventStore } from '../../libs/infra/src/event-store/pglite/create-pglite-event-store';
import { createPostgresEventStore } from '../../libs/infra/src/event-store/postgres/create-postgres-event-store';
import { CheckpointedProjectionRunner } from '../../libs/infra/src/event-store/checkpointed-projection/checkpointed-projection-runner';
import {
  crashProjectionName,
  crashReadModel,
  crashTestBatchSize,
} from './projection-crash-read-model';

const main = async () => {
  const [engine, location, schema, msPerEvent] = process.argv.slice(2);
  if (!location || !schema)
    throw new Error('usage: <postgres|pglite> <location> <schema> <ms per event>');
  const store =
    engine === 'postgres'
      ? await createPostgresEventStore(location, { schema })
      : await createPGliteEventStore(location, { schema });
  await store.sql.query(crashReadModel.create(schema));
  const runner = new CheckpointedProjectionRunner(
    store,
    {
      name: crashProjectionName,
      handle: async (events, tx) => {
        for (const event of events) {
          await tx.query(crashReadModel.insert(schema), [event.id, event.position]);
          console.log(`inserted ${event.position}`);
          await new Promise((resolve) => setTimeout(resolve, Number(msPerEvent ?? 0)));
        }
      },
    },
    { batchSize: crashTestBatchSize },
  );
  console.log('started');
  const checkpoint = await runner.runUntilCaughtUp();
  console.log(`caught up at ${checkpoint}`);
  await store.close();
};

main().catch((error: unknown) => {
  console.error('projection child failed:', error);
  process.exit(1);
});
