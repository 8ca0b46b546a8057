import { decodeCursor, encodeCursor, pageSize } from './cursor';

describe('page cursors', () => {
  it('give back the sort key they were made from', () => {
    const key = ['2026-01-01T00:00:00.000Z', 'chinook'];
    expect(decodeCursor(encodeCursor(key), ['instant', 'string'])).toEqual(key);
    expect(decodeCursor(undefined, ['number'])).toBeUndefined();
  });

  it('reject a cursor this API did not make, naming the field', () => {
    for (const forged of ['not base64 json', encodeCursor(['yesterday', 'x']), encodeCursor([1])]) {
      expect(() => decodeCursor(forged, ['instant', 'string'])).toThrow(
        expect.objectContaining({ code: 'VALIDATION.FAILED', details: { field: 'after' } }),
      );
    }
  });

  it('take page sizes from 1 to 500', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize(500)).toBe(500);
    expect(() => pageSize(0)).toThrow(expect.objectContaining({ code: 'VALIDATION.FAILED' }));
    expect(() => pageSize(501)).toThrow(expect.objectContaining({ code: 'VALIDATION.FAILED' }));
  });
});
