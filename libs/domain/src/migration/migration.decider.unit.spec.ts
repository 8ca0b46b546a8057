import { fold } from '../shared/decider';
import {
  migrationCommandTypes,
  isMigrationCommandType,
  type MigrationCommand,
} from './migration.commands';
import { migrationDecider, migrationStreamId } from './migration.decider';
import type { MigrationEvent } from './migration.events';
import type { Migration, MigrationState } from './migration.state';
import {
  command,
  emailMapping,
  manifest,
  reviewer,
  source,
  target,
  totalMapping,
} from './testing/fixtures';
import { receipt } from './testing/histories';

/** Runs commands through decide and evolve, as a command handler would, one stream. */
const run = (commands: MigrationCommand[], events: MigrationEvent[] = []) =>
  commands.reduce(
    (log, next) => [...log, ...migrationDecider.decide(next, fold(migrationDecider, log))],
    events,
  );
const stateOf = (events: MigrationEvent[]) => fold(migrationDecider, events) as Migration;

const validator = 'agent:validator';
const verdict = (certificateId: string, status: 'PASSED' | 'FAILED') =>
  command(
    'IssueCertificate',
    { certificateId, status, evidenceHash: 'sha256:e', signature: 'ed25519:s' },
    validator,
  );

const throughTransformation: MigrationCommand[] = [
  command('RequestMigration', { source, target }),
  command('StartIngestion', {}),
  command('CompleteIngestion', manifest),
  command('ProposeMapping', emailMapping, 'agent:architect'),
  command('ProposeMapping', totalMapping, 'agent:architect'),
  command('ApproveMapping', { mappingId: 'map-total' }, reviewer),
  command('StartTransformation', {}),
  command('CompleteTransformation', { sqlHash: 'sha256:sql', outputManifestHash: 'sha256:out' }),
  command('StartVerification', {}),
];
const delivery: MigrationCommand[] = [
  command('StartDelivery', {}),
  command('ConfirmDelivery', { receipt }),
];

describe('migrationDecider', () => {
  it('starts from an empty stream', () => {
    expect(migrationDecider.initialState()).toEqual<MigrationState>({ status: 'empty' });
  });

  it('takes a migration from request to completion', () => {
    const state = stateOf(
      run([...throughTransformation, verdict('cert-1', 'PASSED'), ...delivery]),
    );
    expect(state).toMatchObject({
      status: 'completed',
      certificate: { certificateId: 'cert-1', status: 'PASSED', issuedBy: validator },
      delivery: { certificateId: 'cert-1', receipt },
      transformation: { mappingIds: ['map-email', 'map-total'] },
    });
    expect([...state.mappings.values()].map((m) => [m.mappingId, m.status, m.decidedBy])).toEqual([
      ['map-email', 'approved', 'system:auto-approval'],
      ['map-total', 'approved', reviewer],
    ]);
  });

  it('after a FAILED certificate delivers only under a new, PASSED one', () => {
    const halted = run([...throughTransformation, verdict('cert-1', 'FAILED')]);
    expect(stateOf(halted)).toMatchObject({
      status: 'halted',
      halt: { haltedIn: 'verifying', cause: { type: 'certificate', certificateId: 'cert-1' } },
    });
    expect(() => run(delivery.slice(0, 1), halted)).toThrow(
      'Delivery requires a PASSED certificate',
    );

    const reverified = run(
      [
        command('ResumeMigration', { reason: 'Epsilon corrected' }, reviewer),
        command('StartVerification', {}),
        verdict('cert-2', 'PASSED'),
        command('StartDelivery', {}),
        command('ConfirmDelivery', { receipt: { ...receipt, certificateId: 'cert-2' } }),
      ],
      halted,
    );
    expect(stateOf(reverified)).toMatchObject({
      status: 'completed',
      delivery: { certificateId: 'cert-2' },
    });
    expect(stateOf(reverified).halt).toBeUndefined();
  });

  it('never counts a non-PASSED certificate as verified', () => {
    const issued = run([...throughTransformation, verdict('cert-1', 'FAILED')]).slice(0, -1);
    expect(issued.at(-1)?.type).toBe('CertificateIssued');
    expect(stateOf(issued).status).toBe('verifying');
  });

  it('records an edit: the old mapping superseded, the new one approved by the reviewer', () => {
    const events = run([
      ...throughTransformation.slice(0, 4),
      command(
        'EditMapping',
        { mappingId: 'map-email', newMappingId: 'map-email-2', changes: { expression: null } },
        reviewer,
      ),
    ]);
    const { mappings } = stateOf(events);
    expect(mappings.get('map-email')).toMatchObject({
      status: 'superseded',
      supersededBy: 'map-email-2',
      decidedBy: reviewer,
    });
    expect(mappings.get('map-email-2')).toMatchObject({
      status: 'approved',
      supersedes: 'map-email',
      proposedBy: reviewer,
      confidence: 1,
    });
    expect(mappings.get('map-email-2')).not.toHaveProperty('expression');
  });
});

describe('migrationStreamId', () => {
  it('prefixes the migration id', () => {
    expect(migrationStreamId('mig-7f3a')).toBe('migration-mig-7f3a');
  });
});

describe('migrationCommandTypes', () => {
  it('lists every command once, for routing', () => {
    expect([...migrationCommandTypes].sort()).toEqual([
      'ApproveMapping',
      'CancelMigration',
      'CompleteIngestion',
      'CompleteTransformation',
      'ConfirmDelivery',
      'EditMapping',
      'HaltMigration',
      'IssueCertificate',
      'ProposeMapping',
      'RejectMapping',
      'RequestMigration',
      'ResumeMigration',
      'StartDelivery',
      'StartIngestion',
      'StartTransformation',
      'StartVerification',
    ]);
    expect(isMigrationCommandType('ApproveMapping')).toBe(true);
    expect(isMigrationCommandType('toString')).toBe(false);
  });
});
