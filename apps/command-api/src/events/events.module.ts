import { Module } from '@nestjs/common';
import { EventHeadHttpController } from './event-head.http.controller';
import { eventLogReaderProvider, EVENT_LOG_READER } from './event-log-reader.provider';
import { EventStreamHttpController } from './event-stream.http.controller';
import { EventStreams } from './event-streams';

const controllers = [EventStreamHttpController, EventHeadHttpController];
const services = [eventLogReaderProvider, EventStreams];

/** `GET /events/stream` (Server-Sent Events) and `GET /events/head`. */
@Module({ controllers, providers: services, exports: [EVENT_LOG_READER] })
export class EventsModule {}
