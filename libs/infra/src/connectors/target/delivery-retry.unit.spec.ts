import { SenseiError } from '@sensei/domain';
import { isTransientTargetError, retryTransient } from './delivery-retry';

const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

describe('retryTransient', () => {
  it.each(['40001', '40P01', '53300', '57P01', '08006', 'ECONNRESET'])(
    'retries %s',
    async (code) => {
      let calls = 0;
      const result = await retryTransient(async () => {
        calls += 1;
        if (calls < 3) throw pgError(code);
        return 'done';
      }, fast);
      expect([result, calls]).toEqual(['done', 3]);
    },
  );

  it.each(['23505', '23503', '42P01', '22P02'])(
    'gives up at once on permanent %s',
    async (code) => {
      let calls = 0;
      await expect(
        retryTransient(async () => {
          calls += 1;
          throw pgError(code);
        }, fast),
      ).rejects.toMatchObject({ code });
      expect(calls).toBe(1);
    },
  );

  it('stops after the last attempt with the last error', async () => {
    const delays: number[] = [];
    await expect(
      retryTransient(
        () => Promise.reject(pgError('40P01')),
        fast,
        (_e, _a, ms) => delays.push(ms),
      ),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(delays).toHaveLength(3);
    expect(delays.every((ms) => ms >= 0 && ms <= 2)).toBe(true);
  });

  it('treats a lost connection without a code as transient, a Sensei validation error as not', () => {
    expect(isTransientTargetError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientTargetError(new SenseiError('VALIDATION.FAILED', 'no'))).toBe(false);
  });
});
