import type { ColumnSchema } from '../catalog/catalog';
import type { ColumnProfileLike } from './column-profile';
import { typeCompatibility } from './type-compatibility';

const col = (type: ColumnSchema['type'], extra: Partial<ColumnSchema> = {}): ColumnSchema => ({
  name: 'c',
  ordinal: 1,
  type,
  nativeType: type,
  nullable: true,
  ...extra,
});
const profile = (min: number, max: number): ColumnProfileLike => ({
  nullRatio: 0,
  distinctCount: 10,
  min,
  max,
  topValues: [],
});
const verdictOf = (s: ColumnSchema, t: ColumnSchema, p?: ColumnProfileLike) =>
  typeCompatibility(s, t, p).compatibility;

describe('type compatibility', () => {
  it('sizes decimals by integer digits and scale', () => {
    const money = col('decimal', { precision: 10, scale: 2 });
    expect(verdictOf(money, col('decimal', { precision: 10, scale: 2 }))).toBe('lossless');
    expect(verdictOf(money, col('decimal', { precision: 12, scale: 4 }))).toBe('widening');
    expect(verdictOf(money, col('decimal', { precision: 10, scale: 0 }))).toBe('lossy');
    expect(verdictOf(money, col('decimal', { precision: 9, scale: 2 }))).toBe('lossy');
  });

  it('checks text lengths, trusting a profiled longest value', () => {
    expect(verdictOf(col('text', { maxLength: 40 }), col('text', { maxLength: 40 }))).toBe(
      'lossless',
    );
    expect(verdictOf(col('text', { maxLength: 40 }), col('text'))).toBe('widening');
    expect(verdictOf(col('text'), col('text', { maxLength: 10 }))).toBe('lossy');
    const short = { ...profile(0, 0), maxLength: 8 };
    expect(verdictOf(col('text'), col('text', { maxLength: 10 }), short)).toBe('widening');
  });

  it('narrows integers only when the profiled range fits', () => {
    expect(verdictOf(col('integer'), col('bigint'))).toBe('widening');
    expect(verdictOf(col('bigint'), col('integer'))).toBe('lossy');
    expect(verdictOf(col('bigint'), col('integer'), profile(1, 3503))).toBe('widening');
    expect(verdictOf(col('bigint'), col('smallint'), profile(1, 40000))).toBe('lossy');
  });

  it('classifies cross-family conversions', () => {
    expect(verdictOf(col('date'), col('timestamp'))).toBe('widening');
    expect(verdictOf(col('timestamptz'), col('timestamp'))).toBe('lossy');
    expect(verdictOf(col('text'), col('integer'))).toBe('lossy');
    expect(verdictOf(col('integer'), col('text'))).toBe('widening');
    expect(verdictOf(col('boolean'), col('date'))).toBe('incompatible');
    expect(verdictOf(col('bytes'), col('integer'))).toBe('incompatible');
  });
});
