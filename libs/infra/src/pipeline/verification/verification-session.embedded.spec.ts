import { existsSync } from 'node:fs';
import { checkPipelineSettings } from '../pipeline-settings';
import { openVerificationSession } from './verification-session';

const setting = async (
  session: Awaited<ReturnType<typeof openVerificationSession>>,
  name: string,
) =>
  String(
    (await session.connection.runAndReadAll(`SELECT current_setting('${name}')`)).getRows()[0]?.[0],
  );

describe('the verification session', () => {
  it('bounds DuckDB at 384MB and spills to a directory of its own, removed on close', async () => {
    const session = await openVerificationSession({});
    const spill = await setting(session, 'temp_directory');
    try {
      expect(await setting(session, 'memory_limit')).toMatch(/^366(\.\d)? MiB$/);
      expect(spill).toMatch(/sensei-verify-spill-/);
      expect(existsSync(spill)).toBe(true);
      expect(session.readers).toHaveLength(1);
    } finally {
      session.close();
    }
    expect(existsSync(spill)).toBe(false);
  });

  it('takes SENSEI_VERIFY_MEMORY', async () => {
    const session = await openVerificationSession({ SENSEI_VERIFY_MEMORY: '2GB' });
    try {
      expect(await setting(session, 'memory_limit')).toMatch(/^1\.8 GiB$/);
    } finally {
      session.close();
    }
  });

  it('refuses a memory size DuckDB does not take, naming the variable', async () => {
    await expect(openVerificationSession({ SENSEI_VERIFY_MEMORY: 'lots' })).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
      message:
        'SENSEI_VERIFY_MEMORY="lots" is not a memory size DuckDB takes (not a size): use e.g. 500MB or 2GB',
    });
  });

  it('is checked with the other pipeline settings at a start', () => {
    expect(() => checkPipelineSettings({})).not.toThrow();
    expect(() => checkPipelineSettings({ SENSEI_VERIFY_MEMORY: '1.5 GiB' })).not.toThrow();
    for (const [name, value] of [
      ['SENSEI_VERIFY_MEMORY', '500'],
      ['SENSEI_INGEST_CONCURRENCY', '0'],
      ['SENSEI_TRANSFORM_CONCURRENCY', 'x'],
    ])
      expect(() => checkPipelineSettings({ [name!]: value })).toThrow(new RegExp(`^${name}[= ]`));
  });
});
