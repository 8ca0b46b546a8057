import type { ColumnMapping } from '../migration/mapping';
import { applyRefinements, candidatesForRefinement } from './mapping-refiner';

const mapping = (mappingId: string, confidence: number, expression?: string): ColumnMapping => ({
  mappingId,
  sourceTable: 'customers',
  sourceColumn: mappingId,
  targetTable: 'customer',
  targetColumn: mappingId,
  ...(expression ? { expression } : {}),
  confidence,
  rationale: 'matcher',
});

describe('mapping refinement port', () => {
  const mappings = [mapping('a', 0.97), mapping('b', 0.6, 'CAST("b" AS INTEGER)')];

  it('offers only the candidates that would wait for review', () => {
    expect(candidatesForRefinement(mappings, 0.92).map((m) => m.mappingId)).toEqual(['b']);
  });

  it('revises confidence and expression, keeping the columns and both rationales', () => {
    const [, refined] = applyRefinements(
      mappings,
      [{ mappingId: 'b', confidence: 0.8, expression: null, rationale: 'values are integers' }],
      'llm',
    );
    expect(refined).toEqual({
      ...mapping('b', 0.8),
      rationale: 'matcher; llm: values are integers',
    });
  });

  it('rejects answers about unknown mappings or out-of-range confidences', () => {
    expect(() =>
      applyRefinements(mappings, [{ mappingId: 'zz', confidence: 1, rationale: '' }], 'llm'),
    ).toThrow(/unknown mapping zz/);
    expect(() =>
      applyRefinements(mappings, [{ mappingId: 'a', confidence: 1.5, rationale: '' }], 'llm'),
    ).toThrow(/confidence/);
  });
});
