import type { ColumnMapping } from '../migration/mapping';
import { assertConfidence } from '../migration/mapping';
import { SenseiError } from '../shared/sensei-error';

/** What a refiner may change about a candidate: never which columns it connects. */
export interface MappingRefinement {
  mappingId: string;
  confidence: number;
  /** A DuckDB expression over the source column; `null` resets to identity. */
  expression?: string | null;
  rationale: string;
}

/**
 * Optional second opinion on low-confidence candidates (an LLM through an OpenAI-compatible API,
 * say). Off by default: the deterministic matcher alone decides unless an adapter is configured.
 * Its answers only adjust candidates; the review threshold still decides who needs a human.
 */
export interface MappingRefiner {
  refine(candidates: readonly ColumnMapping[]): Promise<MappingRefinement[]>;
}

/** Candidates worth a second opinion: those that would otherwise wait for review. */
export const candidatesForRefinement = (
  mappings: readonly ColumnMapping[],
  threshold: number,
): ColumnMapping[] => mappings.filter((m) => m.confidence < threshold);

/** Applies a refiner's answers; answers about unknown mappings are a defect of the adapter. */
export const applyRefinements = (
  mappings: readonly ColumnMapping[],
  refinements: readonly MappingRefinement[],
  refinedBy: string,
): ColumnMapping[] => {
  const byId = new Map(refinements.map((r) => [r.mappingId, r]));
  const unknown = refinements.find((r) => !mappings.some((m) => m.mappingId === r.mappingId));
  if (unknown) {
    throw new SenseiError(
      'VALIDATION.FAILED',
      `refiner answered about unknown mapping ${unknown.mappingId}`,
      {
        field: 'mappingId',
      },
    );
  }
  return mappings.map((mapping) => {
    const refinement = byId.get(mapping.mappingId);
    if (!refinement) return mapping;
    assertConfidence(refinement.confidence);
    const { expression: _previous, ...rest } = mapping;
    const expression =
      refinement.expression === undefined
        ? mapping.expression
        : (refinement.expression ?? undefined);
    return {
      ...rest,
      ...(expression === undefined ? {} : { expression }),
      confidence: refinement.confidence,
      rationale: `${mapping.rationale}; ${refinedBy}: ${refinement.rationale}`,
    };
  });
};
