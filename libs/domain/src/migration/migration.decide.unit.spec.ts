import { migrationDecider } from './migration.decider';
import type { MigrationEvent } from './migration.events';
import { migrationCommandTypes } from './migration.commands';
import {
  alice,
  certificate,
  command,
  event,
  manifest,
  source,
  target,
  timestamp,
} from './testing/fixtures';
import { givenWhenThen } from './testing/given-when-then';
import * as history from './testing/histories';
import { sampleCommands } from './testing/sample-commands';

const given = givenWhenThen(migrationDecider);

describe('any command on an existing migration', () => {
  const onExisting = migrationCommandTypes.filter((type) => type !== 'RequestMigration');

  it.each(onExisting)(
    '%s on a stream without MigrationRequested -> MIGRATION.NOT_FOUND',
    (type) => {
      given([])
        .when(sampleCommands[type])
        .thenThrows('MIGRATION.NOT_FOUND', { migrationId: 'mig-7f3a' });
    },
  );

  it.each(onExisting)('%s after cancellation -> MIGRATION.CANCELLED', (type) => {
    given(history.cancelled)
      .when(sampleCommands[type])
      .thenThrows('MIGRATION.CANCELLED', { status: 'cancelled', command: type });
  });

  it.each(onExisting)('%s after completion -> MIGRATION.ILLEGAL_TRANSITION', (type) => {
    const error = given(history.completed)
      .when(sampleCommands[type])
      .thenThrows('MIGRATION.ILLEGAL_TRANSITION', { status: 'completed', command: type });
    expect(error.message).toBe(`Cannot ${type} while the migration is completed`);
  });
});

describe('phase order: each phase starts or ends only right after its predecessor', () => {
  const points: [string, MigrationEvent[]][] = [
    ['requested', history.requested],
    ['ingesting', history.ingesting],
    ['ingested', history.mapped],
    ['transforming', history.transforming],
    ['transformed', history.transformed],
    ['verifying', history.verifying],
    ['delivering', history.delivering],
    ['halted', history.haltedWhileIngesting],
  ];
  const rules = [
    ['StartIngestion', 'requested'],
    ['CompleteIngestion', 'ingesting'],
    ['StartTransformation', 'ingested'],
    ['CompleteTransformation', 'transforming'],
    ['StartVerification', 'transformed'],
    ['IssueCertificate', 'verifying'],
    ['ConfirmDelivery', 'delivering'],
  ] as const;
  const cases = rules.flatMap(([type, allowed]) =>
    points
      .filter(([status]) => status !== allowed)
      .map(([status, events]) => ({ type, status, events })),
  );

  it.each(cases)(
    '$type while $status -> MIGRATION.ILLEGAL_TRANSITION',
    ({ type, status, events }) => {
      given(events)
        .when(sampleCommands[type])
        .thenThrows('MIGRATION.ILLEGAL_TRANSITION', { status, command: type });
    },
  );
});

describe('RequestMigration', () => {
  it('records the request with the default review threshold made explicit', () => {
    given([])
      .when(command('RequestMigration', { source, target, config: { sampleSize: 5000 } }))
      .then([
        event('MigrationRequested', {
          source,
          target,
          config: { sampleSize: 5000, reviewThreshold: 0.92 },
          requestedBy: alice,
        }),
      ]);
  });

  it('keeps a stricter threshold chosen for this migration', () => {
    given([])
      .when(command('RequestMigration', { source, target, config: { reviewThreshold: 0.99 } }))
      .then([
        event('MigrationRequested', {
          source,
          target,
          config: { reviewThreshold: 0.99 },
          requestedBy: alice,
        }),
      ]);
  });

  it.each([0.9, 1.01, Number.NaN])(
    'refuses review threshold %p -> VALIDATION.FAILED',
    (reviewThreshold) => {
      given([])
        .when(command('RequestMigration', { source, target, config: { reviewThreshold } }))
        .thenThrows('VALIDATION.FAILED', { field: 'config.reviewThreshold' });
    },
  );

  it.each([
    ['postgres://app:hunter2@legacy-db:5432/crm', 'source.uri'],
    ['mysql://legacy-db/crm?user=app&password=hunter2', 'source.uri'],
  ])('refuses a uri carrying a password (%s) -> VALIDATION.FAILED', (uri, field) => {
    given([])
      .when(command('RequestMigration', { source: { kind: 'postgres', uri }, target }))
      .thenThrows('VALIDATION.FAILED', { field });
  });

  it('refuses migrating a store onto itself -> VALIDATION.FAILED', () => {
    given([])
      .when(command('RequestMigration', { source, target: source }))
      .thenThrows('VALIDATION.FAILED', { field: 'target.uri' });
  });

  it.each([
    ['requested', history.requested],
    ['cancelled', history.cancelled],
  ])('on a stream already %s -> MIGRATION.ALREADY_EXISTS', (status, events) => {
    given(events)
      .when(command('RequestMigration', { source, target }))
      .thenThrows('MIGRATION.ALREADY_EXISTS', { migrationId: 'mig-7f3a', status });
  });
});

describe('StartIngestion', () => {
  it('starts ingestion of a requested migration', () => {
    given(history.requested)
      .when(command('StartIngestion', {}))
      .then([event('IngestionStarted', {})]);
  });

  it('names the status and the command when the phase already started', () => {
    const error = given(history.ingesting)
      .when(command('StartIngestion', {}))
      .thenThrows('MIGRATION.ILLEGAL_TRANSITION', {
        status: 'ingesting',
        command: 'StartIngestion',
      });
    expect(error.message).toBe('Cannot StartIngestion while the migration is ingesting');
  });
});

describe('CompleteIngestion', () => {
  it('records the manifest as the ingestion checkpoint', () => {
    given(history.ingesting)
      .when(command('CompleteIngestion', manifest))
      .then([event('IngestionCompleted', manifest)]);
  });

  it('refuses a row count that disagrees with its tables -> VALIDATION.FAILED', () => {
    given(history.ingesting)
      .when(command('CompleteIngestion', { ...manifest, rowCount: 6599 }))
      .thenThrows('VALIDATION.FAILED', { field: 'rowCount' });
  });
});

describe('StartTransformation', () => {
  it('compiles exactly the approved mappings', () => {
    given([
      ...history.inReview,
      event('MappingRejected', {
        mappingId: 'map-total',
        rejectedBy: 'user:rita',
        reason: 'Not cents',
      }),
    ])
      .when(command('StartTransformation', {}))
      .then([event('TransformationStarted', { mappingIds: ['map-email'] })]);
  });

  it('waits while a mapping awaits review -> MIGRATION.MAPPINGS_PENDING', () => {
    given(history.inReview)
      .when(command('StartTransformation', {}))
      .thenThrows('MIGRATION.MAPPINGS_PENDING', { pendingMappingIds: ['map-total'] });
  });

  it('needs at least one approved mapping -> MIGRATION.NO_APPROVED_MAPPINGS', () => {
    given(history.ingested)
      .when(command('StartTransformation', {}))
      .thenThrows('MIGRATION.NO_APPROVED_MAPPINGS');
  });
});

describe('CompleteTransformation', () => {
  const output = { sqlHash: 'sha256:51c0', outputManifestHash: 'sha256:0a7b', rowCount: 6600 };

  it('derives lineage (source column -> function -> target column) from the compiled mappings', () => {
    given(history.transforming)
      .when(command('CompleteTransformation', output))
      .then([
        event('TransformationCompleted', {
          ...output,
          lineage: [
            {
              mappingId: 'map-email',
              source: 'public.customers.email_addr',
              transform: 'lower(trim(email_addr))',
              target: 'customer.email',
            },
          ],
        }),
      ]);
  });

  it('keeps the lineage reported by the worker', () => {
    const lineage = [
      { mappingId: 'map-email', source: 'a.b', transform: 'identity', target: 'c.d' },
    ];
    given(history.transforming)
      .when(command('CompleteTransformation', { ...output, lineage }))
      .then([event('TransformationCompleted', { ...output, lineage })]);
  });

  it('refuses lineage naming a mapping that was not compiled -> VALIDATION.FAILED', () => {
    const lineage = [
      { mappingId: 'map-total', source: 'a.b', transform: 'identity', target: 'c.d' },
    ];
    given(history.transforming)
      .when(command('CompleteTransformation', { ...output, lineage }))
      .thenThrows('VALIDATION.FAILED', { field: 'lineage' });
  });
});

describe('StartVerification', () => {
  it('names what is verified: the ingested and the transformed manifests', () => {
    given(history.transformed)
      .when(command('StartVerification', {}))
      .then([
        event('VerificationStarted', {
          sourceManifestHash: 'sha256:9c1f0e',
          outputManifestHash: 'sha256:0a7b',
        }),
      ]);
  });
});

describe('IssueCertificate', () => {
  const verdict = {
    certificateId: 'cert-1',
    evidenceHash: 'sha256:e1d2c3',
    signature: 'ed25519:5f9a',
  };
  const validator = 'agent:validator';

  it('a PASSED certificate completes verification', () => {
    given(history.verifying)
      .when(
        command(
          'IssueCertificate',
          { ...verdict, status: 'PASSED', publicKey: 'ed25519:pk' },
          validator,
        ),
      )
      .then([
        event('CertificateIssued', {
          certificate: { ...certificate('PASSED'), publicKey: 'ed25519:pk', issuedAt: timestamp },
        }),
      ]);
  });

  it.each(['FAILED', 'INCONCLUSIVE'] as const)(
    'a %s certificate halts the migration at once',
    (status) => {
      given(history.verifying)
        .when(
          command(
            'IssueCertificate',
            { ...verdict, status, summary: '3 checks failed' },
            validator,
          ),
        )
        .then([
          event('CertificateIssued', {
            certificate: { ...certificate(status), summary: '3 checks failed' },
          }),
          event('MigrationHalted', {
            reason: `Certificate cert-1 is ${status}: 3 checks failed`,
            haltedBy: validator,
            haltedIn: 'verifying',
            cause: { type: 'certificate', certificateId: 'cert-1', certificateStatus: status },
          }),
        ]);
    },
  );
});

describe('StartDelivery', () => {
  it('delivers under the PASSED certificate', () => {
    given(history.verified)
      .when(command('StartDelivery', {}))
      .then([event('DeliveryStarted', { certificateId: 'cert-1' })]);
  });

  it.each([
    ['no certificate yet', history.transformed, null],
    ['verification still running', history.verifying, null],
    ['a FAILED certificate', history.haltedByCertificate('FAILED'), 'FAILED'],
    ['an INCONCLUSIVE certificate', history.haltedByCertificate('INCONCLUSIVE'), 'INCONCLUSIVE'],
  ])('with %s -> MIGRATION.CERTIFICATE_REQUIRED', (_, events, certificateStatus) => {
    given(events)
      .when(command('StartDelivery', {}))
      .thenThrows('MIGRATION.CERTIFICATE_REQUIRED', { certificateStatus });
  });

  it('twice -> MIGRATION.ILLEGAL_TRANSITION', () => {
    given(history.delivering)
      .when(command('StartDelivery', {}))
      .thenThrows('MIGRATION.ILLEGAL_TRANSITION', {
        status: 'delivering',
        command: 'StartDelivery',
      });
  });
});

describe('ConfirmDelivery', () => {
  it('records the receipt and completes the migration', () => {
    given(history.delivering)
      .when(command('ConfirmDelivery', { receipt: history.receipt }))
      .then([
        event('DeliveryConfirmed', { receipt: history.receipt, rowCount: 6600 }),
        event('MigrationCompleted', { certificateId: 'cert-1', rowCount: 6600 }),
      ]);
  });

  it('refuses a receipt naming another certificate -> MIGRATION.CERTIFICATE_REQUIRED', () => {
    given(history.delivering)
      .when(
        command('ConfirmDelivery', { receipt: { ...history.receipt, certificateId: 'cert-0' } }),
      )
      .thenThrows('MIGRATION.CERTIFICATE_REQUIRED', { expected: 'cert-1', received: 'cert-0' });
  });
});
