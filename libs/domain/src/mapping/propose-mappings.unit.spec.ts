import { REVIEW_THRESHOLD } from '../migration/migration-config';
import type { ColumnProfile } from '../ingestion/column-profile';
import type { ColumnProfileLike } from './column-profile';
import { proposeMappings, type MappingProposal } from './propose-mappings';
import { column, schema, table } from './testing-schemas';

const mappingFor = (proposal: MappingProposal, targetColumn: string) =>
  proposal.mappings.find((m) => m.targetColumn === targetColumn);

const legacy = schema(
  'mysql',
  table(
    'customers',
    [
      column('cust_id', 'integer', { nullable: false }),
      column('cust_dob', 'timestamp'),
      column('email', 'text', { maxLength: 60 }),
      column('active', 'boolean'),
      column('amount', 'text'),
    ],
    { primaryKey: ['cust_id'] },
  ),
);
const modern = (extra: ReturnType<typeof column>[] = []) =>
  schema(
    'postgres',
    table(
      'customer',
      [
        column('customer_id', 'integer', { nullable: false }),
        column('customer_birth_date', 'timestamp'),
        column('email', 'text', { maxLength: 60 }),
        column('active', 'date'),
        column('amount', 'decimal', { precision: 10, scale: 2 }),
        ...extra,
      ],
      { primaryKey: ['customer_id'] },
    ),
  );

describe('proposeMappings on renamed and retyped columns', () => {
  const proposal = proposeMappings({ source: legacy, target: modern() });

  it('pairs the tables despite the plural', () => {
    expect(proposal.tables).toMatchObject([{ sourceTable: 'customers', targetTable: 'customer' }]);
  });

  it('proposes abbreviation matches but sends them to review', () => {
    for (const target of ['customer_id', 'customer_birth_date']) {
      const mapping = mappingFor(proposal, target);
      expect(mapping?.sourceColumn).toMatch(/^cust_/);
      expect(mapping?.confidence).toBeLessThan(REVIEW_THRESHOLD);
      expect(mapping?.confidence).toBeGreaterThan(0.8);
      expect(mapping?.rationale).toContain('name abbreviation');
    }
  });

  it('lets a literal, lossless match through review', () => {
    expect(mappingFor(proposal, 'email')?.confidence).toBeGreaterThanOrEqual(REVIEW_THRESHOLD);
  });

  it('caps a lossy conversion below review and spells out the cast', () => {
    expect(mappingFor(proposal, 'amount')).toMatchObject({
      sourceColumn: 'amount',
      expression: 'CAST("amount" AS DECIMAL(10,2))',
    });
    expect(mappingFor(proposal, 'amount')?.confidence).toBeLessThanOrEqual(0.85);
  });

  it('does not propose an incompatible pair even under the same name', () => {
    expect(mappingFor(proposal, 'active')).toBeUndefined();
    expect(proposal.unmappedTargetColumns).toContainEqual({
      table: 'customer',
      column: 'active',
      required: false,
      fill: 'null',
    });
    expect(proposal.unmappedSourceColumns).toEqual([{ table: 'customers', column: 'active' }]);
    expect(proposal.status).toBe('mappable');
  });

  it('reports a NOT NULL target column nothing can fill: the schema cannot be mapped', () => {
    const blocked = proposeMappings({
      source: legacy,
      target: modern([
        column('loyalty_tier', 'text', { nullable: false }),
        column('created_at', 'timestamp', { nullable: false, defaultExpression: 'now()' }),
      ]),
    });
    expect(blocked.status).toBe('unmappable');
    expect(blocked.blockers).toEqual([
      'customer.loyalty_tier is NOT NULL without a default and no source column maps to it',
    ]);
    expect(blocked.unmappedTargetColumns).toContainEqual(
      expect.objectContaining({ column: 'created_at', required: false, fill: 'default' }),
    );
  });
});

describe('proposeMappings with profiles', () => {
  const source = schema(
    'sqlite',
    table('orders', [column('country_a', 'text'), column('country_b', 'text')]),
  );
  const target = schema('postgres', table('order', [column('country', 'text')]));
  const profile = (...values: string[]): ColumnProfileLike => ({
    nullRatio: 0,
    distinctCount: values.length,
    topValues: values.map((value) => ({ value, count: 3 })),
  });

  it('sends a tie between equally named candidates to a human', () => {
    const mapping = proposeMappings({ source, target }).mappings[0];
    expect(mapping?.confidence).toBeLessThan(REVIEW_THRESHOLD);
    expect(mapping?.rationale).toContain('tied with');
  });

  it('lets value overlap break the tie when both sides are profiled', () => {
    const proposal = proposeMappings({
      source,
      target,
      sourceProfiles: {
        'orders.country_a': profile('1', '2', '3'),
        'orders.country_b': profile('Brazil', 'Canada', 'Germany'),
      },
      targetProfiles: { 'order.country': profile('Brazil', 'Germany', 'USA') },
    });
    expect(proposal.mappings[0]).toMatchObject({ sourceColumn: 'country_b' });
    expect(proposal.mappings[0]?.rationale).toContain('value overlap');
    expect(proposal.mappings[0]?.rationale).not.toContain('tied');
  });

  it('leaves value evidence out when the target has no profile', () => {
    const withSourceOnly = proposeMappings({
      source,
      target,
      sourceProfiles: { 'orders.country_b': profile('Brazil') },
    });
    expect(withSourceOnly.mappings[0]?.rationale).toContain('no value evidence');
  });
});

/** Ingestion's profiles feed the mapper as they are: this stops compiling if the shapes drift. */
export const ingestionProfilesFit = (profile: ColumnProfile): ColumnProfileLike => profile;
