/**
 * A delivery process for the kill -9 test: `node -r ./test/support/register-ts.js` this file
 *   <artifact dir> <postgres url> <request json file> <ms per batch>
 * delivers the partitions named in the JSON (a DeliveryRequest without callbacks) into
 * PostgreSQL, slowly enough to be killed mid-way, printing each batch it finishes.
 */
import { readFileSync } from 'node:fs';
import { LocalDirectoryArtifactStore } from '../../libs/infra/src/artifacts/local-directory-artifact-store';
import {
  deliverPartitions,
  type DeliveryRequest,
} from '../../libs/infra/src/connectors/target/deliver-partitions';
import { PgTargetConnector } from '../../libs/infra/src/connectors/target/pg-target-connector';
import type { DeliveryBatch } from '../../libs/infra/src/connectors/target/target-connector.port';

const main = async () => {
  const [directory, url, requestFile, msPerBatch] = process.argv.slice(2);
  if (!directory || !url || !requestFile)
    throw new Error('usage: <artifact dir> <url> <request json> <ms per batch>');
  const request = JSON.parse(readFileSync(requestFile, 'utf8')) as DeliveryRequest;
  const target = new PgTargetConnector(url);
  const writeBatch = target.writeBatch.bind(target);
  let batches = 0;
  target.writeBatch = async (batch: DeliveryBatch) => {
    const outcome = await writeBatch(batch);
    console.log(`batch ${(batches += 1)} ${outcome}`);
    await new Promise((resolve) => setTimeout(resolve, Number(msPerBatch ?? 0)));
    return outcome;
  };
  console.log('started');
  const receipt = await deliverPartitions(
    new LocalDirectoryArtifactStore(directory),
    target,
    request,
  );
  console.log(`delivered ${receipt.checksum}`);
  await target.close();
};

main().catch((error: unknown) => {
  console.error('delivery child failed:', error);
  process.exit(1);
});
