import { Controller, Get, HttpStatus, Inject, Optional, Res } from '@nestjs/common';
import type { SqlClient } from '@sensei/infra';
import type { FastifyReply } from 'fastify';
import { ProjectionsStatusService } from '../read-side/projections-status.service';
import type { EventHead } from '../read-side/read-side.ports';
import { EVENT_HEAD, READ_SQL } from '../tokens';

type Check = { ok: true } | { ok: false; error: string };

const check = async (probe: () => Promise<unknown>): Promise<Check> => {
  try {
    await probe();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
};

export const PROJECTIONS_STATUS_PATH = '/projections/status';

@Controller()
export class HealthHttpController {
  constructor(
    @Inject(READ_SQL) private readonly readSql: SqlClient,
    @Inject(ProjectionsStatusService) private readonly status: ProjectionsStatusService,
    @Optional() @Inject(EVENT_HEAD) private readonly feed?: EventHead,
  ) {}

  /** Liveness: 200 while the process is up. */
  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the read database answers and the event feed can be read. */
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply) {
    const feed = this.feed;
    const [readDatabase, eventFeed] = await Promise.all([
      check(() => this.readSql.query('SELECT 1')),
      feed ? check(() => feed.head()) : Promise.resolve<Check>({ ok: true }),
    ]);
    const ready = readDatabase.ok && eventFeed.ok;
    void reply.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'unavailable', checks: { readDatabase, eventFeed } };
  }

  /** Each projection's position, lag and parked events (needs the reader role, as GraphQL). */
  @Get(PROJECTIONS_STATUS_PATH.slice(1))
  projectionsStatus() {
    return this.status.read();
  }
}
