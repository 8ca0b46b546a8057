import {
  addRows,
  deliveryChecksum,
  digestText,
  emptyDigest,
  recordText,
} from './delivery-checksum';
import { toCsv } from './delivery-ledger';

describe('delivery checksum', () => {
  it('spells rows as PostgreSQL prints records: NULL empty, empty string quoted', () => {
    expect(recordText(['1', null, '', 'a b', 'say "hi"', 'back\\slash', '(x,y)'])).toBe(
      '(1,,"","a b","say ""hi""","back\\\\slash","(x,y)")',
    );
  });

  it('is independent of row order but sees a duplicated row', () => {
    const rows = [
      ['1', 'a'],
      ['2', null],
      ['3', ''],
    ];
    const forward = addRows(emptyDigest(), rows);
    const backward = addRows(emptyDigest(), [...rows].reverse());
    const duplicated = addRows(emptyDigest(), [...rows, rows[0]!]);
    expect(digestText(backward)).toBe(digestText(forward));
    expect(duplicated.digestSum).not.toBe(forward.digestSum);
    expect(deliveryChecksum({ a: forward, b: emptyDigest() })).toBe(
      deliveryChecksum({ b: emptyDigest(), a: backward }),
    );
  });

  it('writes CSV where NULL is unquoted and every value is quoted', () => {
    expect(toCsv([['1', null, '', 'x"y\nz']])).toBe('"1",,"","x""y\nz"\n');
  });
});
