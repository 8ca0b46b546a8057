import type { ColumnMapping, MappingRefinement, MappingRefiner } from '@sensei/domain';
import { SenseiError } from '@sensei/domain';
import OpenAI from 'openai';

export interface OpenAiRefinerOptions {
  /** Any OpenAI-compatible endpoint, e.g. `http://localhost:11434/v1` for a local server. */
  baseURL: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
}

const instructions = [
  'You review proposed column mappings of a database migration.',
  'For each candidate, answer with a confidence in [0, 1] that the source column really feeds the',
  'target column, an optional DuckDB SQL expression over the source column when a conversion is',
  'needed (null for none), and a one-sentence rationale. Never invent mapping ids.',
].join(' ');

/** Structured output: the model must answer with exactly this JSON shape. */
const responseFormat = {
  type: 'json_schema' as const,
  json_schema: {
    name: 'mapping_refinements',
    strict: true,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['refinements'],
      properties: {
        refinements: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['mappingId', 'confidence', 'expression', 'rationale'],
            properties: {
              mappingId: { type: 'string' },
              confidence: { type: 'number' },
              expression: { type: ['string', 'null'] },
              rationale: { type: 'string' },
            },
          },
        },
      },
    },
  },
};

const isRefinement = (value: unknown): value is MappingRefinement => {
  const r = value as Partial<MappingRefinement> | null;
  return (
    typeof r?.mappingId === 'string' &&
    typeof r.confidence === 'number' &&
    typeof r.rationale === 'string' &&
    (r.expression === undefined || r.expression === null || typeof r.expression === 'string')
  );
};

/**
 * The optional LLM second opinion on low-confidence mappings, through any OpenAI-compatible
 * chat completions endpoint with structured JSON output. Off unless configured.
 */
export class OpenAiMappingRefiner implements MappingRefiner {
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiRefinerOptions) {
    this.client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey ?? 'not-needed',
      timeout: options.timeoutMs ?? 60_000,
      maxRetries: 2,
    });
  }

  async refine(candidates: readonly ColumnMapping[]): Promise<MappingRefinement[]> {
    if (candidates.length === 0) return [];
    const completion = await this.client.chat.completions.create({
      model: this.options.model,
      temperature: 0,
      response_format: responseFormat,
      messages: [
        { role: 'system', content: instructions },
        { role: 'user', content: JSON.stringify({ candidates }) },
      ],
    });
    const text = completion.choices[0]?.message.content ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SenseiError(
        'MAPPING.REFINER_FAILED',
        `the LLM answered no JSON: ${text.slice(0, 120)}`,
      );
    }
    const refinements = (parsed as { refinements?: unknown } | null)?.refinements;
    if (!Array.isArray(refinements) || !refinements.every(isRefinement)) {
      throw new SenseiError('MAPPING.REFINER_FAILED', 'the LLM answer does not match the schema');
    }
    return refinements;
  }
}
