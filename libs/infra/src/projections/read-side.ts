import { SenseiError } from '@sensei/domain';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { SqlClient } from '../sql/sql-client';
import type { EventFeed } from './event-feed';
import type { Projection, ProjectionBuild } from './projection';
import { dropBuildSchema, ensureBuilds, startRebuild, type BuildRecord } from './projection-builds';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import {
  readParkedEvents,
  readProjectionStatus,
  type ParkedEventRecord,
  type ProjectionStatus,
} from './projection-status';
import { ensureReadCatalog } from './read-catalog';
import { SharedEventFeed } from './shared-feed';
import { readModelProjections } from './read-models/read-model-projections';

export type AppliedListener = (events: readonly RecordedEvent[], projection: string) => void;

export interface ReadSideOptions extends Omit<
  ProjectionRunnerOptions,
  'onApplied' | 'onSwitched' | 'onRetired'
> {
  feed: EventFeed;
  /** The read database: checkpoints, status and read models live here. */
  sql: SqlClient;
  /** Default: every read model (migrations, activity). */
  projections?: Projection[];
}

export interface ReadSide {
  readonly feed: EventFeed;
  readonly sql: SqlClient;
  /** Called after each committed batch of a live projection (GraphQL subscriptions hang here). */
  onApplied(listener: AppliedListener): () => void;
  /** Every build not retired, with lag against the feed's head. */
  status(): Promise<ProjectionStatus[]>;
  parkedEvents(projection?: string): Promise<ParkedEventRecord[]>;
  /**
   * Resolves once every projection has a live build at the head as it is now (and the builds it
   * replaced here are dropped).
   */
  caughtUp(timeoutMs?: number): Promise<void>;
  /**
   * Builds the projection again from position 0 into fresh tables while the live build keeps
   * serving; resolves once the views point at the new build (the old one is dropped).
   */
  rebuild(name: string): Promise<ProjectionBuild>;
  /** Stops every runner after its batch in flight; leaves feed and database open. */
  stop(): Promise<void>;
}

class ReadSideRuntime implements ReadSide {
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly listeners = new Set<AppliedListener>();
  private readonly switchWaiters = new Map<string, Array<() => void>>();
  /** Clean-ups after a switch (old runners stopped, old schemas dropped) still under way. */
  private readonly pendingSwitches = new Set<Promise<void>>();
  private readonly projections: Projection[];
  /** The runners' reads, shared while they move through the log together. */
  private readonly sharedFeed: SharedEventFeed;
  private stopped = false;

  constructor(private readonly options: ReadSideOptions) {
    this.projections = options.projections ?? readModelProjections();
    this.sharedFeed = new SharedEventFeed(options.feed);
  }

  get feed(): EventFeed {
    return this.options.feed;
  }

  get sql(): SqlClient {
    return this.options.sql;
  }

  async start(): Promise<void> {
    await ensureReadCatalog(this.sql);
    for (const projection of this.projections) await this.runBuildsOf(projection);
  }

  onApplied(listener: AppliedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.feed.head().catch(() => null);
    const failing = new Map<string, string>();
    for (const [checkpoint, runner] of this.runners) {
      if (runner.currentError) failing.set(checkpoint, runner.currentError);
    }
    return readProjectionStatus(this.sql, head, failing);
  }

  parkedEvents(projection?: string): Promise<ParkedEventRecord[]> {
    return readParkedEvents(this.sql, projection);
  }

  async caughtUp(timeoutMs = 60_000): Promise<void> {
    const target = (await this.feed.head())?.position ?? 0;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const live = (await readProjectionStatus(this.sql, null)).filter((s) => s.state === 'live');
      const behind = this.projections.filter(
        (p) =>
          !live.some((s) => s.name === p.name && s.version === p.version && s.position >= target),
      );
      if (behind.length === 0) {
        await Promise.all([...this.pendingSwitches]);
        return;
      }
      if (Date.now() > deadline) {
        throw new SenseiError(
          'EVENT_STORE.UNAVAILABLE',
          `projections ${behind.map((p) => p.name).join(', ')} did not reach position ${target} within ${timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async rebuild(name: string): Promise<ProjectionBuild> {
    const projection = this.projections.find((each) => each.name === name);
    if (!projection) {
      throw new SenseiError(
        'VALIDATION.FAILED',
        `No projection named "${name}"; known: ${this.projections.map((p) => p.name).join(', ')}`,
        { field: 'projection' },
      );
    }
    if (this.stopped) {
      throw new SenseiError('VALIDATION.FAILED', 'The read side is stopped: start it to rebuild');
    }
    const build = await startRebuild(this.sql, projection);
    const live = new Promise<void>((resolve) => {
      const waiters = this.switchWaiters.get(build.checkpoint) ?? [];
      this.switchWaiters.set(build.checkpoint, [...waiters, resolve]);
    });
    this.run(projection, build);
    await live;
    return build;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
    this.runners.clear();
  }

  private async runBuildsOf(projection: Projection): Promise<void> {
    for (const build of await ensureBuilds(this.sql, projection)) this.run(projection, build);
  }

  private run(projection: Projection, build: BuildRecord): void {
    if (this.stopped || this.runners.has(build.checkpoint)) return;
    const { feed: _feed, sql: _sql, projections: _projections, ...runnerOptions } = this.options;
    const runner = new ProjectionRunner(this.sharedFeed, this.sql, projection, build, {
      ...runnerOptions,
      onApplied: (events, applied) => this.emit(events, applied.name),
      onSwitched: (live, retiredSchemas) => {
        const cleanUp = this.switched(live, retiredSchemas);
        this.pendingSwitches.add(cleanUp);
        return cleanUp.finally(() => this.pendingSwitches.delete(cleanUp));
      },
      onRetired: (retired) => this.retired(projection, retired),
    });
    this.runners.set(build.checkpoint, runner);
    runner.start();
  }

  private emit(events: readonly RecordedEvent[], projection: string): void {
    for (const listener of this.listeners) {
      try {
        listener(events, projection);
      } catch (error) {
        this.options.log?.(`read side: an onApplied listener failed: ${String(error)}`);
      }
    }
  }

  /** A build went live: stop the builds it replaced here, drop their tables, wake rebuild(). */
  private async switched(live: ProjectionBuild, retiredSchemas: string[]): Promise<void> {
    const replaced = [...this.runners.values()].filter(
      (runner) => runner.build.name === live.name && runner.build.checkpoint !== live.checkpoint,
    );
    for (const runner of replaced) {
      if (!retiredSchemas.includes(runner.build.schema)) continue;
      this.runners.delete(runner.build.checkpoint);
      await runner.stop();
    }
    for (const schema of retiredSchemas) {
      await dropBuildSchema(this.sql, schema).catch((error: unknown) =>
        this.options.log?.(`read side: cannot drop retired schema ${schema}: ${String(error)}`),
      );
    }
    for (const wake of this.switchWaiters.get(live.checkpoint) ?? []) wake();
    this.switchWaiters.delete(live.checkpoint);
  }

  /** Another process switched this build out: run whatever this code version should run now. */
  private retired(projection: Projection, build: ProjectionBuild): void {
    this.runners.delete(build.checkpoint);
    for (const wake of this.switchWaiters.get(build.checkpoint) ?? []) wake();
    this.switchWaiters.delete(build.checkpoint);
    this.runBuildsOf(projection).catch((error: unknown) =>
      this.options.log?.(`read side: cannot restart ${projection.name}: ${String(error)}`),
    );
  }
}

/**
 * Starts the read side: creates schema `read` and its bookkeeping, then one runner per build
 * of each projection (live, and building where a version has no live build yet). Each runner is
 * independent: one failing or parking events never holds the others back.
 */
export const startReadSide = async (options: ReadSideOptions): Promise<ReadSide> => {
  const readSide = new ReadSideRuntime(options);
  await readSide.start();
  return readSide;
};
