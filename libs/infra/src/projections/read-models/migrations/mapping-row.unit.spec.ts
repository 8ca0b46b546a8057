import { factsOf, genreName } from '../testing/facts';
import type { MigrationFact } from '../migration-facts';
import { evolveMappingRow, type MappingRow } from './mapping-row';

const fold = (facts: MigrationFact[]) =>
  facts.reduce<MappingRow | undefined>(evolveMappingRow, undefined);

describe('the mappings row', () => {
  const { mappingId } = genreName;

  it('waits in review with its reason, then records who approved it, when and why', () => {
    const fact = factsOf();
    const row = fold([
      fact('MappingProposed', genreName, 5),
      fact(
        'MappingSentToReview',
        { mappingId, reason: 'low_confidence', confidence: 0.81, threshold: 0.92 },
        5,
      ),
      fact('MappingApproved', { mappingId, approvedBy: 'user:rita', note: 'checked' }, 60),
    ]);
    expect(row).toMatchObject({
      mapping_id: mappingId,
      status: 'approved',
      review_reason: 'low_confidence',
      confidence: 0.81,
      proposed_by: 'agent:architect',
      proposed_at: '2026-01-01T00:00:05.000Z',
      decided_by: 'user:rita',
      decision_note: 'checked',
      decided_at: '2026-01-01T00:01:00.000Z',
      expression: null,
      position: 3,
    });
  });

  it('explains an automatic approval', () => {
    const fact = factsOf();
    const row = fold([
      fact('MappingProposed', { ...genreName, confidence: 0.99 }),
      fact('MappingApproved', {
        mappingId,
        approvedBy: 'system:auto-approval',
        autoApproval: { confidence: 0.99, threshold: 0.92 },
      }),
    ]);
    expect(row).toMatchObject({
      status: 'approved',
      decided_by: 'system:auto-approval',
      decision_note: 'auto-approved: confidence 0.99 >= threshold 0.92',
    });
  });

  it('records rejections with the reason and edits with the mapping that replaced it', () => {
    const fact = factsOf();
    const proposed = fact('MappingProposed', genreName);
    expect(
      fold([
        proposed,
        fact('MappingRejected', { mappingId, rejectedBy: 'user:rita', reason: 'codes' }),
      ]),
    ).toMatchObject({
      status: 'rejected',
      decided_by: 'user:rita',
      decision_note: 'codes',
    });
    const superseded = fact('MappingSuperseded', {
      mappingId,
      supersededBy: `${mappingId}:edit-1`,
      editedBy: 'user:rita',
    });
    expect(fold([proposed, superseded])).toMatchObject({
      status: 'superseded',
      superseded_by: `${mappingId}:edit-1`,
    });
    const edit = fact('MappingProposed', {
      ...genreName,
      mappingId: `${mappingId}:edit-1`,
      supersedes: mappingId,
    });
    expect(fold([edit])).toMatchObject({ supersedes: mappingId, status: 'proposed' });
  });

  it('ignores decisions on a mapping never proposed', () => {
    const fact = factsOf();
    expect(fold([fact('MappingApproved', { mappingId, approvedBy: 'user:rita' })])).toBeUndefined();
  });
});
