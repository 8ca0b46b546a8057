import { columnNameSimilarity, nameSimilarity } from './name-similarity';
import { singular, splitWords, tokenize } from './name-tokens';

describe('name tokens', () => {
  it.each([
    ['InvoiceLineId', ['invoice', 'line', 'id']],
    ['invoice_line_id', ['invoice', 'line', 'id']],
    ['billingPostalCode', ['billing', 'postal', 'code']],
    ['HTTPStatus2xx', ['http', 'status', '2', 'xx']],
    ['public.media-type', ['media', 'type']],
  ])('splits %s', (name, words) => expect(splitWords(name)).toEqual(words));

  it.each([
    ['customers', 'customer'],
    ['categories', 'category'],
    ['boxes', 'box'],
    ['address', 'address'],
    ['status', 'status'],
    ['milliseconds', 'millisecond'],
  ])('reads %s as %s', (plural, one) => expect(singular(plural)).toBe(one));

  it('spells out abbreviations only in the expanded reading', () => {
    expect(tokenize('cust_dob')).toEqual({
      literal: ['cust', 'dob'],
      expanded: ['customer', 'birth', 'date'],
    });
  });
});

describe('name similarity', () => {
  it('treats case, separators and plurals as the same name', () => {
    expect(nameSimilarity('UnitPrice', 'unit_price')).toEqual({ score: 1, kind: 'exact' });
    expect(nameSimilarity('Tracks', 'track')).toEqual({ score: 1, kind: 'exact' });
    expect(nameSimilarity('Postalcode', 'postal_code').kind).toBe('exact');
  });

  it('scores an abbreviation match below a literal one', () => {
    expect(nameSimilarity('cust_dob', 'customer_birth_date')).toEqual({
      score: 0.85,
      kind: 'abbreviation',
    });
    expect(nameSimilarity('qty', 'quantity').kind).toBe('abbreviation');
    expect(nameSimilarity('addr_no', 'address_number').kind).toBe('abbreviation');
  });

  it('scores a partial overlap lower still, and unrelated names at zero', () => {
    const partial = nameSimilarity('FirstName', 'last_name');
    expect(partial.kind).toBe('partial');
    expect(partial.score).toBeLessThan(0.5);
    expect(nameSimilarity('Composer', 'milliseconds')).toEqual({ score: 0, kind: 'none' });
  });

  it('reads a bare column name in the context of its table', () => {
    expect(columnNameSimilarity('Customer', 'Id', 'customer', 'customer_id').kind).toBe(
      'table-prefixed',
    );
    expect(columnNameSimilarity('Customer', 'Id', 'invoice', 'invoice_id').kind).not.toBe(
      'table-prefixed',
    );
  });
});
