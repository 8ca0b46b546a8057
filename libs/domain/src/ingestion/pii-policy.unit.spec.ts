import { resolveConfig } from '../migration/migration-config';
import { piiActionFor } from './pii-policy';

describe('PII policy in the migration config', () => {
  it('keeps unlisted columns and applies listed actions', () => {
    const config = resolveConfig({ pii: { 'Customer.Email': 'hash', 'Customer.Phone': 'drop' } });
    expect(piiActionFor(config.pii, 'Customer', 'Email')).toBe('hash');
    expect(piiActionFor(config.pii, 'Customer', 'Phone')).toBe('drop');
    expect(piiActionFor(config.pii, 'Customer', 'City')).toBe('keep');
  });

  it('rejects unknown actions and keys without a column', () => {
    expect(() => resolveConfig({ pii: { 'Customer.Email': 'encrypt' as never } })).toThrow(
      /keep, mask, hash, drop/,
    );
    expect(() => resolveConfig({ pii: { Email: 'mask' } })).toThrow(/table\.column/);
  });
});
