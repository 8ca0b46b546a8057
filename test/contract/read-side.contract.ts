import { migrationDecider, type MigrationEvent, type MigrationState } from '@sensei/domain';
import {
  EventStoreFeed,
  ReadModelRepository,
  startReadSide,
  type ReadSide,
  type ReadSideOptions,
  type SqlClient,
  type SqlEventStore,
} from '@sensei/infra';
import {
  appendHistory,
  chinookCliHistory,
  recordedMigrationIds,
  type HistoryEvent,
} from '../support/read-side-history';
import { readSideResilienceContract } from './read-side.contract.resilience';

export interface ReadSideFixture {
  /** A fresh event store. */
  store: SqlEventStore;
  /** An empty read database. */
  readDb: SqlClient;
  /** Another empty read database, for a fresh build to compare with. */
  freshReadDb(): Promise<SqlClient>;
  cleanup(): Promise<void>;
}

export type OpenReadSide = (
  fixture: ReadSideFixture,
  options?: Partial<ReadSideOptions>,
) => Promise<ReadSide>;

/** Quick retries, so that tests of parking do not wait for production backoff. */
export const openReadSideOn: OpenReadSide = (fixture, options = {}) =>
  startReadSide({
    feed: new EventStoreFeed(fixture.store),
    sql: fixture.readDb,
    retry: { attempts: 3, baseDelayMs: 1 },
    idleWaitMs: 50,
    ...options,
  });

/** The domain's own state of a migration after its events: what the read model must agree with. */
const domainState = (history: readonly HistoryEvent[], migrationId: string) =>
  history
    .filter((event) => event.streamId === `migration-${migrationId}`)
    .reduce<MigrationState>(
      (state, event) => migrationDecider.evolve(state, event as unknown as MigrationEvent),
      migrationDecider.initialState(),
    );

const eventsOf = (history: readonly HistoryEvent[], migrationId: string, type: string) =>
  history.filter((event) => event.streamId === `migration-${migrationId}` && event.type === type);

/** The read side on an engine: the same contract on PGlite (embedded) and PostgreSQL. */
export const readSideContract = (engine: string, open: () => Promise<ReadSideFixture>): void => {
  describe(`${engine}: read side`, () => {
    let fixture: ReadSideFixture;
    let readSide: ReadSide | undefined;
    beforeEach(async () => {
      fixture = await open();
    }, 60_000);
    afterEach(async () => {
      await readSide?.stop();
      readSide = undefined;
      await fixture.cleanup();
    }, 60_000);

    it('projects four real CLI migrations the way the domain sees them', async () => {
      const history = chinookCliHistory();
      await appendHistory(fixture.store, history);
      readSide = await openReadSideOn(fixture);
      await readSide.caughtUp();
      const queries = new ReadModelRepository(fixture.readDb);

      for (const id of recordedMigrationIds) {
        const state = domainState(history, id);
        if (state.status === 'empty') throw new Error(`no events for ${id}`);
        const migration = await queries.getMigration(id);
        const mappings = await queries.mappingsOf([id]);
        expect({ id, status: migration?.status }).toEqual({ id, status: state.status });
        expect(Object.fromEntries(mappings.map((m) => [m.mappingId, m.status]))).toEqual(
          Object.fromEntries([...state.mappings.values()].map((m) => [m.mappingId, m.status])),
        );
        expect(migration).toMatchObject({
          mappingsTotal: state.mappings.size,
          mappingsInReview: mappings.filter((m) => m.status === 'in_review').length,
          mappingsApproved: mappings.filter((m) => m.status === 'approved').length,
          certificateId: state.certificate?.certificateId ?? null,
          certificateStatus: state.certificate?.status ?? null,
          requestedBy: 'cli:root',
        });
        const certificates = await queries.certificatesOf([id]);
        expect(certificates.map((c) => c.certificateId).sort()).toEqual(
          eventsOf(history, id, 'CertificateIssued')
            .map(
              (event) =>
                (event.data as { certificate: { certificateId: string } }).certificate
                  .certificateId,
            )
            .sort(),
        );
      }

      const chinook = await queries.getMigration('chinook');
      expect(chinook).toMatchObject({
        status: 'completed',
        phase: 'done',
        rowCount: 15607,
        deliveredRows: 15607,
      });
      for (const timing of [
        'ingestionMs',
        'transformationMs',
        'verificationMs',
        'deliveryMs',
      ] as const) {
        expect(chinook?.[timing]).toBeGreaterThan(0);
      }
      const tables = await queries.tablesOf(['chinook']);
      expect(tables.filter((t) => t.role === 'source' && t.phase === 'delivered')).toHaveLength(11);
      expect(
        tables.find((t) => t.role === 'target' && t.tableName === 'invoice_line'),
      ).toMatchObject({
        rows: 2240,
        phase: 'delivered',
      });
      expect(tables.find((t) => t.tableName === 'Customer')?.piiColumns).toContain('Email');
      const pii = await queries.piiFindingsOf(['chinook']);
      expect(pii.map((f) => `${f.tableName}.${f.columnName}`)).toContain('Employee.BirthDate');
      const [receipt] = await queries.receiptsOf(['chinook']);
      expect(receipt).toMatchObject({
        rowCount: 15607,
        rowsPerTable: expect.objectContaining({ track: 3503 }),
      });

      const failed = await queries.getMigration('genres-failed');
      expect(failed).toMatchObject({
        status: 'cancelled',
        phase: 'verification',
        certificateStatus: 'FAILED',
      });
      expect(failed?.haltedReason).toMatch(/is FAILED: .*genre_id/);
      expect(await queries.receiptsOf(['genres-failed'])).toEqual([]);

      const reviewed = await queries.mappingsOf(['genres-review', 'media-types-rejected']);
      expect(
        reviewed.find((m) => m.mappingId === 'map:Genre.GenreId:genre.genre_id'),
      ).toMatchObject({
        migrationId: 'genres-review',
        status: 'approved',
        decidedBy: 'cli:root',
        decisionNote: 'keys line up',
        reviewReason: 'low_confidence',
      });
      const edit = reviewed.find((m) => m.supersedes === 'map:Genre.Name:genre.name');
      expect(edit).toMatchObject({ status: 'approved', expression: 'upper("Name")' });
      expect(reviewed.find((m) => m.mappingId === 'map:Genre.Name:genre.name')).toMatchObject({
        status: 'superseded',
        supersededBy: edit?.mappingId,
      });
      expect(reviewed.find((m) => m.status === 'rejected')).toMatchObject({
        mappingId: 'map:MediaType.Name:media_type.name',
        decisionNote: 'names are codes here, not labels',
      });
      const queue = await queries.reviewQueue({ first: 10 });
      expect(queue.items.map((m) => [m.migrationId, m.mappingId])).toEqual([
        ['media-types-rejected', 'map:MediaType.MediaTypeId:media_type.media_type_id'],
      ]);

      const audit = await queries.activity('genres-failed', { first: 500 });
      expect(audit.items.map((entry) => entry.eventType)).toEqual(
        history.filter((e) => e.streamId === 'migration-genres-failed').map((e) => e.type),
      );
      expect(audit.items.find((entry) => entry.eventType === 'MigrationCancelled')).toMatchObject({
        actor: 'cli:root',
        reason: 'bounds are right',
      });
      const agents = await queries.activity('chinook', { first: 500, agentsOnly: true });
      expect(agents.items.length).toBeGreaterThan(100);
      expect(agents.items.every((entry) => entry.actor.includes('agent:'))).toBe(true);
    }, 60_000);

    it('pages migrations newest first and rejects a forged cursor', async () => {
      await appendHistory(fixture.store, chinookCliHistory());
      readSide = await openReadSideOn(fixture);
      await readSide.caughtUp();
      const queries = new ReadModelRepository(fixture.readDb);
      const first = await queries.listMigrations({ first: 3 });
      const second = await queries.listMigrations({ first: 3, after: first.endCursor });
      expect(first.hasNextPage).toBe(true);
      expect(second.hasNextPage).toBe(false);
      expect([...first.items, ...second.items].map((m) => m.migrationId)).toEqual([
        'media-types-rejected',
        'genres-failed',
        'genres-review',
        'chinook',
      ]);
      expect((await queries.listMigrations({ status: 'cancelled' })).items).toHaveLength(2);
      await expect(queries.listMigrations({ after: 'bm90IGEgY3Vyc29y' })).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
      });
    }, 60_000);

    it('reports lag while stopped and tells listeners what it applied', async () => {
      const history = chinookCliHistory();
      const [first, ...rest] = [history.slice(0, 100), history.slice(100)];
      await appendHistory(fixture.store, first ?? []);
      readSide = await openReadSideOn(fixture);
      await readSide.caughtUp();
      const seen: Record<string, number> = {};
      readSide.onApplied((events, projection) => {
        seen[projection] = (seen[projection] ?? 0) + events.length;
      });
      await appendHistory(fixture.store, rest.flat());
      await readSide.caughtUp();
      expect(seen).toEqual({ migrations: 82, activity: 82 });

      await readSide.stop();
      await appendHistory(fixture.store, [
        { ...history[0]!, id: 'late-event', streamId: 'other-stream' },
      ]);
      const status = await readSide.status();
      expect(status.map((s) => [s.name, s.state, s.position, s.lagEvents])).toEqual([
        ['activity', 'live', 182, 1],
        ['migrations', 'live', 182, 1],
      ]);
      expect(status.every((s) => s.lagSeconds !== null && s.lagSeconds >= 0)).toBe(true);
    }, 60_000);
  });

  readSideResilienceContract(engine, open);
};
