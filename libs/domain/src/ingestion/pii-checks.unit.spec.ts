import {
  ibanValid,
  isCreditCardNumber,
  isEmail,
  isIpAddress,
  isPhoneNumber,
  isUsSsn,
  luhnValid,
} from './pii-checks';
import { detectPii } from './pii-detection';
import { nameTokens } from './pii-rules';

describe('PII value checks', () => {
  it('accepts published test card numbers by Luhn and rejects a changed digit', () => {
    for (const card of [
      '4111 1111 1111 1111',
      '5555-5555-5555-4444',
      '378282246310005',
      '6011111111111117',
    ]) {
      expect(isCreditCardNumber(card)).toBe(true);
    }
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(isCreditCardNumber('4111 1111 1111 1112')).toBe(false);
  });

  it('checks IBANs by mod 97 (ISO 13616 examples)', () => {
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(ibanValid('not an iban')).toBe(false);
  });

  it('recognises SSNs, IP addresses, phones and emails, and not their look-alikes', () => {
    expect(isUsSsn('078-05-1120')).toBe(true);
    expect(isUsSsn('666-12-3456')).toBe(false);
    expect(isUsSsn('900-12-3456')).toBe(false);
    expect(isIpAddress('192.168.0.1')).toBe(true);
    expect(isIpAddress('2001:db8::1')).toBe(true);
    expect(isIpAddress('256.1.1.1')).toBe(false);
    expect(isIpAddress('1:2:3')).toBe(false);
    expect(isPhoneNumber('+1 (780) 428-9482')).toBe(true);
    expect(isPhoneNumber('4289482')).toBe(false);
    expect(isPhoneNumber('0.99')).toBe(false);
    expect(isEmail('andrew@chinookcorp.com')).toBe(true);
    expect(isEmail('andrew@chinookcorp')).toBe(false);
  });
});

describe('detectPii', () => {
  it('splits camelCase and snake_case names into words', () => {
    expect(nameTokens('BillingPostalCode')).toEqual(['billing', 'postal', 'code']);
    expect(nameTokens('support_rep_id')).toEqual(['support', 'rep', 'id']);
  });

  it('flags a column by values alone when a strict check passes for nearly all of them', () => {
    const finding = detectPii('payload', [
      '4111 1111 1111 1111',
      '5555-5555-5555-4444',
      '378282246310005',
    ]);
    expect(finding).toMatchObject({ category: 'credit_card' });
    expect(finding!.confidence).toBeGreaterThan(0.9);
    expect(detectPii('payload', ['4111 1111 1111 1112', 'hello', 'world'])).toBeUndefined();
  });

  it('never flags key columns, except national identifiers', () => {
    expect(detectPii('CustomerId', ['a@b.com'])).toBeUndefined();
    expect(detectPii('national_id', ['078-05-1120'])).toMatchObject({ category: 'national_id' });
  });

  it('lowers confidence when the name says email but the values are not emails', () => {
    expect(detectPii('email_verified', ['true', 'false', 'true'])).toBeUndefined();
  });
});
