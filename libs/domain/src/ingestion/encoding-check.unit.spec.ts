import { checkEncoding, convertText } from './encoding-check';
import { decodeWindows1252 } from './windows-1252';

const utf8 = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => Uint8Array.from([...text].map((char) => char.charCodeAt(0)));

describe('checkEncoding', () => {
  it('needs nothing for UTF-8 strings and bytes', () => {
    expect(checkEncoding(['São Paulo', utf8('Ullevålsveien 14'), null])).toMatchObject({
      action: 'none',
      invalidValues: 0,
      checkedValues: 2,
    });
  });

  it('converts Windows-1252 bytes that read as Western text', () => {
    const values = [
      latin1('São Paulo'),
      latin1('Théâtre'),
      Uint8Array.from([0x93, 0x4f, 0x4b, 0x94]),
    ];
    const verdict = checkEncoding(values);
    expect(verdict).toMatchObject({
      action: 'convert',
      sourceEncoding: 'windows-1252',
      invalidValues: 3,
    });
    expect(verdict.confidence).toBeGreaterThan(0.9);
    expect(values.map((value) => convertText(value, verdict))).toEqual([
      'São Paulo',
      'Théâtre',
      '“OK”',
    ]);
  });

  it('repairs UTF-8 that was mis-read as Windows-1252', () => {
    const verdict = checkEncoding(['SÃ£o Paulo', 'Plain']);
    expect(verdict).toMatchObject({ action: 'convert', sourceEncoding: 'utf-8-as-windows-1252' });
    expect(convertText('SÃ£o Paulo', verdict)).toBe('São Paulo');
  });

  it('halts for review on binary noise and on text already replaced by U+FFFD', () => {
    expect(checkEncoding([Uint8Array.from([0x01, 0xff, 0x02, 0xfe])]).action).toBe('review');
    expect(checkEncoding([Uint8Array.from([0x81, 0x41])]).action).toBe('review');
    expect(checkEncoding(['S\ufffdo Paulo']).action).toBe('review');
  });

  it('decodes the 1252-only range (euro, dashes)', () => {
    expect(decodeWindows1252(Uint8Array.from([0x80, 0x20, 0x96]))).toBe('€ –');
  });
});
