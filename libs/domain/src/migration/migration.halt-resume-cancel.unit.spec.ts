import { migrationDecider } from './migration.decider';
import type { MigrationEvent } from './migration.events';
import { alice, command, event } from './testing/fixtures';
import { givenWhenThen } from './testing/given-when-then';
import * as history from './testing/histories';

const given = givenWhenThen(migrationDecider);
const operator = 'user:ops';

const active: [string, MigrationEvent[]][] = [
  ['requested', history.requested],
  ['ingesting', history.ingesting],
  ['ingested', history.inReview],
  ['transforming', history.transforming],
  ['transformed', history.transformed],
  ['verifying', history.verifying],
  ['verified', history.verified],
  ['delivering', history.delivering],
];

describe('HaltMigration', () => {
  it.each(active)('halts a migration that is %s, remembering where', (haltedIn, events) => {
    given(events)
      .when(command('HaltMigration', { reason: 'Ambiguous encoding' }, operator))
      .then([
        event('MigrationHalted', {
          reason: 'Ambiguous encoding',
          haltedBy: operator,
          haltedIn: haltedIn as 'requested',
          cause: { type: 'requested' },
        }),
      ]);
  });

  it('an already halted migration -> MIGRATION.ILLEGAL_TRANSITION', () => {
    given(history.haltedWhileIngesting)
      .when(command('HaltMigration', { reason: 'Again' }, operator))
      .thenThrows('MIGRATION.ILLEGAL_TRANSITION', { status: 'halted', command: 'HaltMigration' });
  });
});

describe('ResumeMigration', () => {
  it('resumes a halt someone asked for where it stopped', () => {
    given(history.haltedWhileIngesting)
      .when(command('ResumeMigration', { reason: 'Encoding set to latin1' }, operator))
      .then([
        event('MigrationResumed', {
          reason: 'Encoding set to latin1',
          resumedBy: operator,
          resumedTo: 'ingesting',
        }),
      ]);
  });

  it.each(['FAILED', 'INCONCLUSIVE'] as const)(
    'after a %s certificate, resumes at transformed so that only a new verification leads on',
    (status) => {
      given(history.haltedByCertificate(status))
        .when(command('ResumeMigration', { reason: 'Tolerances reviewed' }, operator))
        .then([
          event('MigrationResumed', {
            reason: 'Tolerances reviewed',
            resumedBy: operator,
            resumedTo: 'transformed',
          }),
        ]);
    },
  );

  it('a migration that is not halted -> MIGRATION.ILLEGAL_TRANSITION', () => {
    given(history.ingesting)
      .when(command('ResumeMigration', { reason: 'Go' }, operator))
      .thenThrows('MIGRATION.ILLEGAL_TRANSITION', {
        status: 'ingesting',
        command: 'ResumeMigration',
      });
  });

  it('resumed, the phase carries on from where it halted', () => {
    given([
      ...history.haltedWhileIngesting,
      event('MigrationResumed', { reason: 'Fixed', resumedBy: operator, resumedTo: 'ingesting' }),
    ])
      .when(command('CompleteIngestion', { manifestHash: 'sha256:1', tables: [], rowCount: 0 }))
      .then([event('IngestionCompleted', { manifestHash: 'sha256:1', tables: [], rowCount: 0 })]);
  });
});

describe('CancelMigration', () => {
  it.each([...active, ['halted', history.haltedWhileIngesting] as [string, MigrationEvent[]]])(
    'cancels a migration that is %s',
    (cancelledIn, events) => {
      given(events)
        .when(command('CancelMigration', { reason: 'Wrong source' }))
        .then([
          event('MigrationCancelled', {
            reason: 'Wrong source',
            cancelledBy: alice,
            cancelledIn: cancelledIn as 'halted',
          }),
        ]);
    },
  );

  it('a completed migration -> MIGRATION.ILLEGAL_TRANSITION', () => {
    given(history.completed)
      .when(command('CancelMigration', { reason: 'Too late' }))
      .thenThrows('MIGRATION.ILLEGAL_TRANSITION', {
        status: 'completed',
        command: 'CancelMigration',
      });
  });

  it('twice -> MIGRATION.CANCELLED', () => {
    given(history.cancelled)
      .when(command('CancelMigration', { reason: 'Again' }))
      .thenThrows('MIGRATION.CANCELLED');
  });
});
