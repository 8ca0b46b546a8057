import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { EventFilter, EventLogReader } from '@sensei/infra';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { COMMAND_API_CONFIG } from '../adapters/tokens';
import type { CommandApiConfig } from '../config/command-api.config';
import { EventStream } from './event-stream';
import { EVENT_LOG_READER } from './event-log-reader.provider';

const DEFAULT_HEARTBEAT_MS = 15_000;

/** Opens SSE responses and ends the open ones before the server closes (else it would wait). */
@Injectable()
export class EventStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventStream');
  private readonly open = new Set<EventStream>();

  constructor(
    @Inject(EVENT_LOG_READER) private readonly reader: EventLogReader,
    @Inject(COMMAND_API_CONFIG) private readonly config: CommandApiConfig,
  ) {}

  /** Streams now open (for tests and diagnostics). */
  get openCount(): number {
    return this.open.size;
  }

  serve(request: FastifyRequest, reply: FastifyReply, from: number, filter: EventFilter): void {
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx buffers responses unless told not to.
      'x-accel-buffering': 'no',
      'x-correlation-id': request.id,
    });
    const stream = new EventStream(reply.raw, {
      reader: this.reader,
      from,
      filter,
      heartbeatMs: this.config.subscriptions?.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      onError: (error) =>
        this.logger.warn(
          `event stream ${request.id} ended: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
    this.open.add(stream);
    void stream.done.finally(() => this.open.delete(stream));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.open].map((stream) => stream.close()));
  }
}
