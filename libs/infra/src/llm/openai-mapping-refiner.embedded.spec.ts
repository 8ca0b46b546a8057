import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ColumnMapping } from '@sensei/domain';
import { refineForReview } from '../pipeline/refine-for-review';
import { OpenAiMappingRefiner } from './openai-mapping-refiner';

/**
 * No model can run on these machines, so the endpoint is a local HTTP server speaking the
 * OpenAI chat completions protocol; the real `openai` client talks to it over HTTP.
 */
const body = async (request: IncomingMessage): Promise<Record<string, unknown>> => {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return JSON.parse(text) as Record<string, unknown>;
};

const completion = (content: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 0,
  model: 'local-model',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
});

const candidate: ColumnMapping = {
  mappingId: 'map:Customer.cust_dob:customer.birth_date',
  sourceTable: 'Customer',
  sourceColumn: 'cust_dob',
  targetTable: 'customer',
  targetColumn: 'birth_date',
  confidence: 0.81,
  rationale: 'abbreviation match',
};
const certain: ColumnMapping = { ...candidate, mappingId: 'map:other', confidence: 0.99 };

describe('OpenAiMappingRefiner against an OpenAI-compatible endpoint', () => {
  let server: Server;
  let answer: string;
  const requests: Record<string, unknown>[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      void body(request).then((json) => {
        requests.push({ path: request.url, ...json });
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(completion(answer)));
      });
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  });
  afterAll(() => new Promise((closed) => server.close(closed)));

  const refiner = () =>
    new OpenAiMappingRefiner({
      baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      model: 'local-model',
    });

  it('asks for structured JSON about the low-confidence candidates only', async () => {
    answer = JSON.stringify({
      refinements: [
        {
          mappingId: candidate.mappingId,
          confidence: 0.97,
          expression: 'CAST("cust_dob" AS DATE)',
          rationale: 'dob is a date of birth',
        },
      ],
    });
    const result = await refineForReview(refiner(), [candidate, certain], 0.92, () => undefined);

    const sent = requests.at(-1) ?? {};
    expect(sent).toMatchObject({
      path: '/v1/chat/completions',
      model: 'local-model',
      response_format: { type: 'json_schema' },
    });
    expect(JSON.stringify(sent.messages)).toContain('cust_dob');
    expect(JSON.stringify(sent.messages)).not.toContain('map:other');
    // The model's 0.97 is capped: a human still reviews, with the model's suggestion in hand.
    expect(result[0]).toMatchObject({
      expression: 'CAST("cust_dob" AS DATE)',
      confidence: 0.91,
      rationale: 'abbreviation match; llm: dob is a date of birth',
    });
    expect(result[1]).toEqual(certain);
  });

  it('leaves the proposals as they were when the model answers off-schema', async () => {
    answer = 'I think these look fine!';
    const notes: string[] = [];
    const result = await refineForReview(refiner(), [candidate], 0.92, (n) => notes.push(n));
    expect(result).toEqual([candidate]);
    expect(notes).toEqual([
      expect.stringMatching(/LLM refinement skipped: the LLM answered no JSON/),
    ]);
  });
});
