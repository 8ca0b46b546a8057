import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ProjectionsCaches } from '../projections.module';
import type { ReadSideRuntime } from '../read-side/read-side.ports';
import { READ_MODEL_CACHES, READ_SIDE } from '../tokens';
import { type ProgressPubSub, publishProgress } from './progress-publisher';

/**
 * After each batch the read side commits: first the caches are cleared, then progress
 * is published, so a subscriber that reads the migration in response sees the new state.
 */
@Injectable()
export class ReadSideListeners implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(READ_MODEL_CACHES) private readonly caches: ProjectionsCaches,
    @Optional() @Inject(READ_SIDE) private readonly readSide?: ReadSideRuntime,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.readSide) return;
    const fastify = this.host.httpAdapter.getInstance<{ graphql: { pubsub: ProgressPubSub } }>();
    this.stops.push(
      this.readSide.onApplied(() => {
        this.caches.reads.clear();
        this.caches.responses.clear();
      }),
    );
    this.stops.push(publishProgress(this.readSide, fastify.graphql.pubsub));
  }

  onApplicationShutdown(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
