import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { EventStore, type SqlClient } from '@sensei/infra';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators';
import { SQL_CLIENT } from '../adapters/tokens';

type Check = { ok: true } | { ok: false; error: string };

const check = async (probe: () => Promise<unknown>): Promise<Check> => {
  try {
    await probe();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
};

@ApiTags('health')
@Controller()
@Public()
export class HealthHttpController {
  constructor(
    private readonly eventStore: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
  ) {}

  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: 200 while the process is up' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: the event store and the SQL store answer' })
  @ApiOkResponse({
    schema: {
      example: { status: 'ready', checks: { eventStore: { ok: true }, sql: { ok: true } } },
    },
  })
  @ApiServiceUnavailableResponse({
    description: 'A dependency does not answer; the cause is in checks',
  })
  async readyz(@Res({ passthrough: true }) reply: FastifyReply) {
    const [eventStore, sql] = await Promise.all([
      check(() => this.eventStore.ping()),
      check(() => this.sql.query('SELECT 1')),
    ]);
    const ready = eventStore.ok && sql.ok;
    void reply.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'unavailable', checks: { eventStore, sql } };
  }
}
