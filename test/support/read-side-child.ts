/**
 * A projections process for the crash test, configured like the real one by the environment
 * (SENSEI_EVENT_STORE, DATABASE_URL / SENSEI_DATA_DIR, SENSEI_READ_DATABASE_URL /
 * SENSEI_READ_DATA_DIR; see openReadSide):
 *   node -r ./test/support/register-ts.js test/support/read-side-child.ts <batch size>
 * It runs every read model until caught up with the log, printing `progress <checkpoint>
 * <position>` as checkpoints move (building or live) and `caught up at <position>`, then exits.
 */
import { openReadSide, startReadSide } from '@sensei/infra';

const main = async () => {
  const batchSize = Number(process.argv[2] ?? 100);
  const connections = await openReadSide(process.env);
  const readSide = await startReadSide({
    ...connections,
    batchSize,
    log: (line) => console.log(line),
    onProgress: (build, position) => console.log(`progress ${build.checkpoint} ${position}`),
  });
  console.log('started');
  await readSide.caughtUp(600_000);
  const head = await connections.feed.head();
  console.log(`caught up at ${head?.position ?? 0}`);
  await readSide.stop();
  await connections.close();
};

main().catch((error: unknown) => {
  console.error('read side child failed:', error);
  process.exit(1);
});
