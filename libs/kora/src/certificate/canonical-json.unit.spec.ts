import { canonicalJson, canonicalJsonBytes } from './canonical-json';

describe('canonical JSON (RFC 8785, JCS)', () => {
  it('writes the RFC 8785 section 3.2.2 example exactly', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 section 3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('writes numbers in the ECMAScript shortest form (RFC 8785 appendix B)', () => {
    expect(
      canonicalJson([0, -0, 5e-324, 1.7976931348623157e308, 1e21, 1e20, 9007199254740992]),
    ).toBe('[0,0,5e-324,1.7976931348623157e+308,1e+21,100000000000000000000,9007199254740992]');
  });

  it('gives the same bytes for the same data whatever order its keys were written in', () => {
    const a = canonicalJsonBytes({ b: 1, a: { d: [1, 2], c: 'x' } });
    const b = canonicalJsonBytes({ a: { c: 'x', d: [1, 2] }, b: 1 });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).toString()).toBe('{"a":{"c":"x","d":[1,2]},"b":1}');
  });

  it('leaves out object properties that are undefined, as JSON.stringify does', () => {
    expect(canonicalJson({ table: 'invoice', column: undefined })).toBe('{"table":"invoice"}');
  });

  it.each([
    ['undefined', undefined, /payload is undefined/],
    ['NaN', { checks: [{ delta: NaN }] }, /payload\.checks\[0\]\.delta is NaN/],
    ['Infinity', { ratio: Infinity }, /payload\.ratio is Infinity/],
    ['a function', { sign: () => 1 }, /payload\.sign is a function/],
    ['undefined in a list', { reasons: ['a', undefined] }, /payload\.reasons\[1\] is undefined/],
    ['a Map', { tables: new Map() }, /payload\.tables is a Map/],
    ['a Date', { issuedAt: new Date(0) }, /payload\.issuedAt is a Date/],
    ['a bigint', { rows: 10n }, /payload\.rows is a bigint/],
    ['a lone surrogate', { name: 'x\ud800' }, /payload\.name is a string with a lone UTF-16/],
  ])('refuses %s, naming where it is', (_what, value, message) => {
    expect(() => canonicalJson(value, 'payload')).toThrow(message);
  });

  it('refuses a cycle', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop, 'payload')).toThrow(/payload\.self is a cycle/);
  });
});
