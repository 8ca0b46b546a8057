import type { NewEvent } from '../../libs/infra/src/event-store/event-store.port';
import type { SqlEventStore } from '../../libs/infra/src/event-store/sql/sql-event-store';
import { buildAuditBundle } from '../../libs/infra/src/audit/build-audit-bundle';
import { SqlAuditTrail } from '../../libs/infra/src/audit/sql-audit-trail';
import { verifyAuditBundle } from '../../libs/infra/src/audit/verify-audit-bundle';
import {
  type AuditHistory,
  auditHistory,
  auditMigrationId,
  auditStreamId,
} from '../support/audit-history';
import { fixtureSigner } from '../support/signed-certificate';
import { sqlTamper } from '../support/sql-tamper';

const otherStream = 'migration-other';
const notesStream = 'review-notes-1';

/** Appends the audited migration's events alternating with another migration's, then a note. */
const seed = async (store: SqlEventStore, history: AuditHistory): Promise<void> => {
  for (const [revision, event] of history.events.entries()) {
    await store.append(auditStreamId, [event]);
    const other: NewEvent = {
      ...event,
      id: `other-${revision}`,
      data: { ...(event.data as object), migrationId: 'other' },
    };
    await store.append(otherStream, [other]);
  }
  await store.append(notesStream, [
    {
      id: 'note-0',
      type: 'ReviewNoteAdded',
      data: { migrationId: auditMigrationId, note: 'legal signed off' },
      metadata: {
        correlationId: 'n',
        causationId: 'n',
        actor: 'user:lee',
        timestamp: '2025-03-01T11:00:00.000Z',
      },
    },
  ]);
};

/**
 * The audit reads of the SQL event store, on each engine: the streams of a migration, its
 * events in global order, rows exactly as hashed, and tampering placed by stream and position.
 * `freshStore` gives an empty store of its own (a new schema) for each case.
 */
export const sqlAuditTrailContract = (
  engine: string,
  freshStore: () => Promise<SqlEventStore>,
): void => {
  describe(`SqlAuditTrail on ${engine}`, () => {
    let history: AuditHistory;
    let store: SqlEventStore;
    let trail: SqlAuditTrail;
    beforeAll(async () => {
      history = await auditHistory();
    });
    beforeEach(async () => {
      store = await freshStore();
      await seed(store, history);
      trail = new SqlAuditTrail(store);
    }, 60_000);
    afterEach(() => store.close());
    it("finds the migration's stream first, then streams whose events name it; not another migration's", async () => {
      expect(await trail.streamsOf(auditMigrationId)).toEqual([auditStreamId, notesStream]);
      await expect(trail.streamsOf('nope')).rejects.toMatchObject({
        code: 'MIGRATION.NOT_FOUND',
        message: 'migration nope does not exist',
      });
    });

    it('reads the events of those streams in global order', async () => {
      const events = await trail.events([auditStreamId, notesStream]);
      expect(events.map((e) => e.position)).toEqual([
        ...Array.from({ length: 19 }, (_, i) => 2 * i + 1),
        39,
      ]);
      expect(events.at(-1)?.type).toBe('ReviewNoteAdded');
    });

    it('verifies an intact store: every stream, every event, positions 1..head', async () => {
      expect(await trail.verify(await trail.allStreams())).toEqual({
        ok: true,
        streams: [auditStreamId, otherStream, notesStream],
        events: 39,
        headPosition: 39,
      });
    });

    it('names the stream, position and revision of an edited row', async () => {
      await sqlTamper(store.sql, store.schema).editEventData(auditStreamId, 7, {
        migrationId: auditMigrationId,
        mappingId: 'map-note',
        rejectedBy: 'user:rita',
        reason: 'looks fine',
      });
      const verdict = await trail.verify(await trail.streamsOf(auditMigrationId));
      expect(verdict.ok).toBe(false);
      expect(verdict.problem).toEqual({
        reason: 'hash_mismatch',
        streamId: auditStreamId,
        revision: 7,
        position: 15,
        message: `stream ${auditStreamId} at position 15 (revision 7): revision 7 does not match its hash: it was edited`,
      });
      // The other migration's chain is untouched.
      expect((await trail.verify([otherStream])).ok).toBe(true);
    });

    it('names a deleted row by stream and revision (its position is gone with it)', async () => {
      await sqlTamper(store.sql, store.schema).deleteEvent(auditStreamId, 4);
      expect((await trail.verify([auditStreamId])).problem).toEqual({
        reason: 'missing_event',
        streamId: auditStreamId,
        revision: 4,
        message: `stream ${auditStreamId} revision 4: revision 4 is missing; the next stored is 5`,
      });
    });

    it('finds a deleted tail by the gap it leaves in the global positions, even with the head rewritten', async () => {
      const { events, streams } = store.schema;
      // The last event of each of two streams deleted, and one head rewritten to match.
      await store.sql.query(`DELETE FROM ${events} WHERE stream_id = $1`, [notesStream]);
      await store.sql.query(`DELETE FROM ${streams} WHERE stream_id = $1`, [notesStream]);
      await store.sql.query(`DELETE FROM ${events} WHERE stream_id = $1 AND revision = 18`, [
        otherStream,
      ]);
      await store.sql.query(
        `UPDATE ${streams} SET revision = 17,
           last_hash = (SELECT hash FROM ${events} WHERE stream_id = $1 AND revision = 17)
         WHERE stream_id = $1`,
        [otherStream],
      );
      const verdict = await trail.verify(await trail.allStreams());
      expect(verdict.problem).toEqual({
        reason: 'position_gap',
        position: 38,
        message: 'position 38 is missing from the global log (it runs to 39): an event was deleted',
      });
    });

    it('exports rows exactly as hashed: a bundle of them verifies offline', async () => {
      const streams = [];
      for (const streamId of await trail.streamsOf(auditMigrationId)) {
        streams.push({ streamId, events: await trail.storedEvents(streamId) });
      }
      const { bytes } = await buildAuditBundle(
        {
          migrationId: auditMigrationId,
          exportedAt: '2025-03-02T08:00:00.000Z',
          exportedBy: 'test',
          streams,
          certificates: [history.certificate],
        },
        await fixtureSigner(),
      );
      expect(await verifyAuditBundle(bytes)).toMatchObject({
        authentic: true,
        streams: 2,
        events: 20,
      });
    });
  });
};
