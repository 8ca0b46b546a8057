import { migrationDecider } from './migration.decider';
import {
  command,
  emailMapping,
  event,
  reviewer,
  source,
  target,
  totalMapping,
} from './testing/fixtures';
import { givenWhenThen } from './testing/given-when-then';
import * as history from './testing/histories';

const given = givenWhenThen(migrationDecider);
const architect = 'agent:architect';
const propose = (changes: Partial<typeof totalMapping> = {}) =>
  command('ProposeMapping', { ...totalMapping, ...changes }, architect);
const proposed = (changes: Partial<typeof totalMapping> = {}) =>
  event('MappingProposed', { ...totalMapping, ...changes, proposedBy: architect });

describe('ProposeMapping', () => {
  it('approves a mapping at or above 0.92 on its own, as system:auto-approval', () => {
    given(history.ingested)
      .when(propose({ confidence: 0.92 }))
      .then([
        proposed({ confidence: 0.92 }),
        event('MappingApproved', {
          mappingId: 'map-total',
          approvedBy: 'system:auto-approval',
          autoApproval: { confidence: 0.92, threshold: 0.92 },
        }),
      ]);
  });

  it('sends a mapping below the threshold to human review, never applying it silently', () => {
    given(history.ingested)
      .when(propose({ confidence: 0.9199 }))
      .then([
        proposed({ confidence: 0.9199 }),
        event('MappingSentToReview', {
          mappingId: 'map-total',
          reason: 'low_confidence',
          confidence: 0.9199,
          threshold: 0.92,
        }),
      ]);
  });

  it("applies the migration's own, stricter threshold", () => {
    const strict = [
      event('MigrationRequested', {
        source,
        target,
        config: { reviewThreshold: 0.98 },
        requestedBy: 'user:alice',
      }),
      ...history.ingested.slice(1),
    ];
    given(strict)
      .when(propose({ confidence: 0.97 }))
      .then([
        proposed({ confidence: 0.97 }),
        event('MappingSentToReview', {
          mappingId: 'map-total',
          reason: 'low_confidence',
          confidence: 0.97,
          threshold: 0.98,
        }),
      ]);
  });

  it('sends a confident mapping to review when its target column is already filled', () => {
    const rival = { mappingId: 'map-email-alt', sourceColumn: 'contact_email', confidence: 0.99 };
    given(history.mapped)
      .when(command('ProposeMapping', { ...emailMapping, ...rival }, architect))
      .then([
        event('MappingProposed', { ...emailMapping, ...rival, proposedBy: architect }),
        event('MappingSentToReview', {
          mappingId: 'map-email-alt',
          reason: 'target_conflict',
          confidence: 0.99,
          threshold: 0.92,
          conflictsWith: 'map-email',
        }),
      ]);
  });

  it.each([-0.01, 1.01, Number.NaN])('refuses confidence %p -> VALIDATION.FAILED', (confidence) => {
    given(history.ingested).when(propose({ confidence })).thenThrows('VALIDATION.FAILED', {
      field: 'confidence',
    });
  });

  it('refuses a source table that was not ingested -> VALIDATION.FAILED', () => {
    given(history.ingested)
      .when(propose({ sourceTable: 'public.invoices' }))
      .thenThrows('VALIDATION.FAILED', { field: 'sourceTable' });
  });

  it('refuses a mapping id already used -> MIGRATION.MAPPING_ALREADY_EXISTS', () => {
    given(history.mapped)
      .when(propose({ mappingId: 'map-email' }))
      .thenThrows('MIGRATION.MAPPING_ALREADY_EXISTS', { mappingId: 'map-email' });
  });

  it.each([
    ['ingesting', history.ingesting],
    ['transforming', history.transforming],
  ])('while %s -> MIGRATION.ILLEGAL_TRANSITION', (status, events) => {
    given(events)
      .when(propose())
      .thenThrows('MIGRATION.ILLEGAL_TRANSITION', { status, command: 'ProposeMapping' });
  });
});

describe('ApproveMapping', () => {
  it('records the reviewer as approver', () => {
    given(history.inReview)
      .when(command('ApproveMapping', { mappingId: 'map-total', note: 'Checked ranges' }, reviewer))
      .then([
        event('MappingApproved', {
          mappingId: 'map-total',
          approvedBy: reviewer,
          note: 'Checked ranges',
        }),
      ]);
  });

  it('an unknown mapping -> MIGRATION.MAPPING_NOT_FOUND', () => {
    given(history.inReview)
      .when(command('ApproveMapping', { mappingId: 'map-nope' }, reviewer))
      .thenThrows('MIGRATION.MAPPING_NOT_FOUND', { mappingId: 'map-nope' });
  });

  it('a mapping id inherited from Object.prototype is still unknown', () => {
    given(history.inReview)
      .when(command('ApproveMapping', { mappingId: 'constructor' }, reviewer))
      .thenThrows('MIGRATION.MAPPING_NOT_FOUND');
  });

  it.each([
    ['approved', history.mapped, 'map-email'],
    [
      'rejected',
      [
        ...history.inReview,
        event('MappingRejected', { mappingId: 'map-total', rejectedBy: reviewer, reason: 'No' }),
      ],
      'map-total',
    ],
  ])(
    'an already %s mapping -> MIGRATION.ILLEGAL_TRANSITION',
    (mappingStatus, events, mappingId) => {
      const error = given(events)
        .when(command('ApproveMapping', { mappingId }, reviewer))
        .thenThrows('MIGRATION.ILLEGAL_TRANSITION', {
          status: 'ingested',
          command: 'ApproveMapping',
          mappingId,
          mappingStatus,
        });
      expect(error.message).toContain(`mapping ${mappingId} is ${mappingStatus}`);
    },
  );

  it('a mapping whose target column another approved mapping fills -> MIGRATION.MAPPING_CONFLICT', () => {
    const rival = {
      ...emailMapping,
      mappingId: 'map-email-alt',
      sourceColumn: 'contact_email',
      confidence: 0.6,
    };
    given([...history.mapped, ...history.proposedForReview(rival)])
      .when(command('ApproveMapping', { mappingId: 'map-email-alt' }, reviewer))
      .thenThrows('MIGRATION.MAPPING_CONFLICT', { conflictsWith: 'map-email' });
  });

  it('after transformation started -> MIGRATION.ILLEGAL_TRANSITION', () => {
    given(history.transforming)
      .when(command('ApproveMapping', { mappingId: 'map-email' }, reviewer))
      .thenThrows('MIGRATION.ILLEGAL_TRANSITION', { status: 'transforming' });
  });
});

describe('RejectMapping', () => {
  it('rejects a mapping in review, with the reason', () => {
    given(history.inReview)
      .when(
        command(
          'RejectMapping',
          { mappingId: 'map-total', reason: 'Amounts are already units' },
          reviewer,
        ),
      )
      .then([
        event('MappingRejected', {
          mappingId: 'map-total',
          rejectedBy: reviewer,
          reason: 'Amounts are already units',
        }),
      ]);
  });

  it('revokes an auto-approval before transformation', () => {
    given(history.mapped)
      .when(
        command(
          'RejectMapping',
          { mappingId: 'map-email', reason: 'Keep original case' },
          reviewer,
        ),
      )
      .then([
        event('MappingRejected', {
          mappingId: 'map-email',
          rejectedBy: reviewer,
          reason: 'Keep original case',
        }),
      ]);
  });

  it('an unknown mapping -> MIGRATION.MAPPING_NOT_FOUND', () => {
    given(history.inReview)
      .when(command('RejectMapping', { mappingId: 'map-nope', reason: 'x' }, reviewer))
      .thenThrows('MIGRATION.MAPPING_NOT_FOUND');
  });

  it('an already rejected mapping -> MIGRATION.ILLEGAL_TRANSITION', () => {
    given([
      ...history.inReview,
      event('MappingRejected', { mappingId: 'map-total', rejectedBy: reviewer, reason: 'No' }),
    ])
      .when(command('RejectMapping', { mappingId: 'map-total', reason: 'Again' }, reviewer))
      .thenThrows('MIGRATION.ILLEGAL_TRANSITION', { mappingStatus: 'rejected' });
  });
});

describe('EditMapping', () => {
  const edit = (changes: object, newMappingId = 'map-total-2', mappingId = 'map-total') =>
    command('EditMapping', { mappingId, newMappingId, changes }, reviewer);

  it("supersedes the mapping by the reviewer's own, proposed and approved by them", () => {
    given(history.inReview)
      .when(
        edit({ expression: 'amount_cents::DECIMAL(12,2) / 100', rationale: 'Keep exact decimals' }),
      )
      .then([
        event('MappingSuperseded', {
          mappingId: 'map-total',
          supersededBy: 'map-total-2',
          editedBy: reviewer,
        }),
        event('MappingProposed', {
          ...totalMapping,
          mappingId: 'map-total-2',
          expression: 'amount_cents::DECIMAL(12,2) / 100',
          confidence: 1,
          rationale: 'Keep exact decimals',
          proposedBy: reviewer,
          supersedes: 'map-total',
        }),
        event('MappingApproved', { mappingId: 'map-total-2', approvedBy: reviewer }),
      ]);
  });

  it('resets the expression to identity with null', () => {
    const { expression: _, ...identity } = emailMapping;
    given(history.mapped)
      .when(edit({ expression: null }, 'map-email-2', 'map-email'))
      .then([
        event('MappingSuperseded', {
          mappingId: 'map-email',
          supersededBy: 'map-email-2',
          editedBy: reviewer,
        }),
        event('MappingProposed', {
          ...identity,
          mappingId: 'map-email-2',
          confidence: 1,
          rationale: 'Edited by user:rita from map-email',
          proposedBy: reviewer,
          supersedes: 'map-email',
        }),
        event('MappingApproved', { mappingId: 'map-email-2', approvedBy: reviewer }),
      ]);
  });

  it('an unknown mapping -> MIGRATION.MAPPING_NOT_FOUND', () => {
    given(history.inReview)
      .when(edit({ expression: null }, 'map-x-2', 'map-x'))
      .thenThrows('MIGRATION.MAPPING_NOT_FOUND');
  });

  it('a superseded mapping -> MIGRATION.ILLEGAL_TRANSITION', () => {
    const superseded = [
      ...history.inReview,
      event('MappingSuperseded', {
        mappingId: 'map-total',
        supersededBy: 'map-total-2',
        editedBy: reviewer,
      }),
    ];
    given(superseded)
      .when(edit({ expression: null }, 'map-total-3'))
      .thenThrows('MIGRATION.ILLEGAL_TRANSITION', { mappingStatus: 'superseded' });
  });

  it('a new id already in use -> MIGRATION.MAPPING_ALREADY_EXISTS', () => {
    given(history.inReview)
      .when(edit({ expression: null }, 'map-email'))
      .thenThrows('MIGRATION.MAPPING_ALREADY_EXISTS', { mappingId: 'map-email' });
  });

  it('an edit that changes nothing -> VALIDATION.FAILED', () => {
    given(history.inReview)
      .when(edit({ rationale: 'Looks right' }))
      .thenThrows('VALIDATION.FAILED', { field: 'changes' });
  });

  it('onto a target column another approved mapping fills -> MIGRATION.MAPPING_CONFLICT', () => {
    given(history.inReview)
      .when(edit({ targetTable: 'customer', targetColumn: 'email' }))
      .thenThrows('MIGRATION.MAPPING_CONFLICT', { conflictsWith: 'map-email' });
  });

  it('may keep the target column of the mapping it supersedes', () => {
    const events = migrationDecider.decide(
      edit({ sourceColumn: 'contact_email' }, 'map-email-2', 'map-email'),
      history.mapped.reduce(migrationDecider.evolve, migrationDecider.initialState()),
    );
    expect(events.map((e) => e.type)).toEqual([
      'MappingSuperseded',
      'MappingProposed',
      'MappingApproved',
    ]);
  });
});
