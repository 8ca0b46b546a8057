import { profileColumn } from './column-profile';
import { formatPattern } from './format-pattern';

describe('formatPattern', () => {
  it('maps letters and digits to shape characters and emails to one shape', () => {
    expect(formatPattern('John')).toBe('Aaaa');
    expect(formatPattern('555-0199')).toBe('999-9999');
    expect(formatPattern('T5K 2N1')).toBe('A9A 9A9');
    expect(formatPattern('luisg@embraer.com.br')).toBe('<email>');
  });
});

describe('profileColumn', () => {
  it('counts nulls, distinct values, extremes, lengths, top values and patterns', () => {
    const profile = profileColumn('state', ['SP', null, 'SP', 'RJ', undefined, 'Oslo']);
    expect(profile).toMatchObject({
      sampled: 6,
      nullCount: 2,
      nullRatio: 2 / 6,
      distinctCount: 3,
      min: 'Oslo',
      max: 'SP',
      minLength: 2,
      maxLength: 4,
    });
    expect(profile.topValues[0]).toEqual({ value: 'SP', count: 2 });
    expect(profile.patterns).toEqual([
      { value: 'AA', count: 3 },
      { value: 'Aaaa', count: 1 },
    ]);
  });

  it('orders numbers numerically and handles an empty sample', () => {
    expect(profileColumn('n', [10, 9, 100])).toMatchObject({ min: 9, max: 100 });
    expect(profileColumn('n', [])).toMatchObject({ sampled: 0, nullRatio: 0, distinctCount: 0 });
  });
});
