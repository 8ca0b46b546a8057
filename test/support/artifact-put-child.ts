/**
 * For the kill -9 test: `node -r ./test/support/register-ts.js` this file <artifact dir> <file>
 * stores <file> through a stream that dribbles its bytes out slowly, printing `writing` once the
 * first bytes are on their way, so the test can kill it mid-write.
 */
import { readFileSync } from 'node:fs';
import { LocalDirectoryArtifactStore } from '../../libs/infra/src/artifacts/local-directory-artifact-store';

async function* slowly(bytes: Buffer): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += 64 * 1024) {
    yield bytes.subarray(offset, offset + 64 * 1024);
    console.log('writing');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const [directory, file] = process.argv.slice(2);
if (!directory || !file) throw new Error('usage: <artifact dir> <file>');
new LocalDirectoryArtifactStore(directory)
  .put(slowly(readFileSync(file)))
  .then((stored) => console.log(`stored ${stored.hash}`))
  .catch((error: unknown) => {
    console.error('artifact child failed:', error);
    process.exit(1);
  });
