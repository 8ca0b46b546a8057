import { Inject, Injectable, Optional } from '@nestjs/common';
import { type ProjectionStatus, readProjectionStatus, type SqlClient } from '@sensei/infra';
import { EVENT_HEAD, LINEAGE_STATUS, READ_SIDE, READ_SQL } from '../tokens';
import type { EventHead, LineageStatusSource, ReadSideRuntime } from './read-side.ports';

export interface ProjectionStatusView {
  name: string;
  version: number;
  /** building (beside the live one), live, or for lineage its projector's state. */
  state: string;
  position: number;
  lagEvents: number | null;
  lagSeconds: number | null;
  lastEventAt: string | null;
  lastError: string | null;
  parked: number;
}

export interface ProjectionsStatusView {
  /** The newest position in the log; null when the feed cannot answer or is not known here. */
  headPosition: number | null;
  headRecordedAt: string | null;
  projections: ProjectionStatusView[];
}

const fromReadSide = (status: ProjectionStatus): ProjectionStatusView => ({
  name: status.name,
  version: status.version,
  state: status.state,
  position: status.position,
  lagEvents: status.lagEvents,
  lagSeconds: status.lagSeconds,
  lastEventAt: status.lastEventAt,
  lastError: status.lastError,
  parked: status.parkedCount,
});

/**
 * One place for GraphQL's projectionStatus and GET /projections/status: every read-model build
 * (from the running read side, else from its bookkeeping tables) and the lineage projector.
 */
@Injectable()
export class ProjectionsStatusService {
  constructor(
    @Inject(READ_SQL) private readonly readSql: SqlClient,
    @Optional() @Inject(READ_SIDE) private readonly readSide?: ReadSideRuntime,
    @Optional() @Inject(EVENT_HEAD) private readonly feed?: EventHead,
    @Optional() @Inject(LINEAGE_STATUS) private readonly lineage?: LineageStatusSource,
  ) {}

  async read(): Promise<ProjectionsStatusView> {
    const head = this.feed ? await this.feed.head().catch(() => null) : null;
    const [readModels, lineage] = await Promise.all([
      this.readSide ? this.readSide.status() : readProjectionStatus(this.readSql, head),
      this.lineage?.status(),
    ]);
    const projections = readModels.map(fromReadSide);
    if (lineage) {
      projections.push({
        name: 'lineage',
        version: 1,
        state: lineage.state,
        position: lineage.checkpoint ?? 0,
        lagEvents: lineage.lagEvents ?? null,
        lagSeconds: lineage.lagSeconds ?? null,
        lastEventAt: lineage.lastAppliedAt ?? null,
        lastError: lineage.lastError?.message ?? null,
        parked: 0,
      });
    }
    return {
      headPosition: head?.position ?? null,
      headRecordedAt: head?.recordedAt ?? null,
      projections,
    };
  }
}
