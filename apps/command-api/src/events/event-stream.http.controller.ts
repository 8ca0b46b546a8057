import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireRole } from '../auth/access.decorators';
import { ErrorResponseDto } from '../http/error-response';
import { validationFailed } from '../http/validation';
import { EventStreamRequestDto } from './event-stream.request.dto';
import { EventStreams } from './event-streams';

const POSITION = /^\d{1,16}$/;

/** The position after which a reconnecting client resumes: the `id` of the last event it got. */
const lastEventIdPosition = (header: string | undefined): number | undefined => {
  if (header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  if (!POSITION.test(value) || !Number.isSafeInteger(Number(value))) {
    throw validationFailed([
      { field: 'Last-Event-ID', problems: ['must be an event position (the id of an event)'] },
    ]);
  }
  return Number(value);
};

@ApiTags('events')
@Controller('events')
export class EventStreamHttpController {
  constructor(private readonly streams: EventStreams) {}

  @Get('stream')
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'Server-Sent Events: every event after a position, then live (role: viewer)',
    description:
      'Each event is one frame: `id:` its global position, `event:` its type, `data:` the ' +
      'recorded event as JSON (id, streamId, revision, position, type, schemaVersion, data, ' +
      'metadata, hash, prevHash, recordedAt). Starts after `Last-Event-ID` when sent, else ' +
      'after `from`. Comment lines: `: caught-up <position>` when the stream reaches the end ' +
      'of the log, `: heartbeat` while idle.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this position (an EventSource sends it on reconnect)',
  })
  @ApiOkResponse({ description: 'text/event-stream, open until the client leaves' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  stream(
    @Query() query: EventStreamRequestDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const from = lastEventIdPosition(lastEventId) ?? query.from ?? 0;
    this.streams.serve(request, reply, from, {
      ...(query.types ? { types: query.types } : {}),
      ...(query.streamPrefix ? { streamPrefix: query.streamPrefix } : {}),
      ...(query.migrationId ? { migrationId: query.migrationId } : {}),
    });
  }
}
