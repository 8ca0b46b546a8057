import { Injectable } from '@nestjs/common';
import { EventStore, MigrationCommandStream } from '@sensei/infra';

/**
 * The migration command stream of `@sensei/infra` as a Nest provider: load, fold, decide,
 * append with the expected revision, retry on a version conflict unless the client sent If-Match.
 */
@Injectable()
export class MigrationStream extends MigrationCommandStream {
  constructor(eventStore: EventStore) {
    super(eventStore);
  }
}
