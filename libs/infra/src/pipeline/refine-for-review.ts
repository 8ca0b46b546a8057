import {
  applyRefinements,
  candidatesForRefinement,
  type ColumnMapping,
  type MappingRefiner,
} from '@sensei/domain';

/**
 * The LLM's second opinion on the mappings that would wait for review. It may fix an expression
 * or a rationale, but its confidence is capped below the threshold: a human still decides, the
 * fail-safe never rests on a model. A failing LLM changes nothing (MABA's proposals stand).
 */
export const refineForReview = async (
  refiner: MappingRefiner | undefined,
  mappings: ColumnMapping[],
  threshold: number,
  note: (line: string) => void,
): Promise<ColumnMapping[]> => {
  const candidates = candidatesForRefinement(mappings, threshold);
  if (!refiner || candidates.length === 0) return mappings;
  try {
    const answers = await refiner.refine(candidates);
    const capped = answers.map((answer) => ({
      ...answer,
      confidence: Math.min(answer.confidence, threshold - 0.01),
    }));
    return applyRefinements(mappings, capped, 'llm');
  } catch (error) {
    note(`LLM refinement skipped: ${error instanceof Error ? error.message : String(error)}`);
    return mappings;
  }
};
