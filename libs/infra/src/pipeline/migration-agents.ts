import { isSenseiError } from '@sensei/domain';
import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port';
import type { PipelineContext } from './pipeline-context';
import { runMigration } from './run-migration';

/** Events after which a migration may have work to do: a request, a review decision, a resume. */
const wakingEvents = new Set([
  'MigrationRequested',
  'MappingApproved',
  'MappingRejected',
  'MappingSuperseded',
  'MigrationResumed',
]);

const migrationIdOf = (event: RecordedEvent): string | undefined => {
  const data = event.data as { migrationId?: unknown } | null;
  return event.streamId.startsWith('migration-') && typeof data?.migrationId === 'string'
    ? data.migrationId
    : undefined;
};

/**
 * The agents as a service: they tail `$all` and drive every migration that an event may have
 * unblocked, one at a time. Started from position 0, so after a restart every interrupted
 * migration continues from its events (finished and waiting ones return at once).
 */
export class MigrationAgents {
  private readonly queued = new Set<string>();
  private subscription: Subscription | undefined;
  private working: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly eventStore: EventStore,
    private readonly context: PipelineContext,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.subscription = this.eventStore.subscribeToAll(
      (event) => {
        const migrationId = wakingEvents.has(event.type) ? migrationIdOf(event) : undefined;
        if (migrationId) this.enqueue(migrationId);
      },
      {
        fromPosition: 0,
        onError: (error) => this.log(`agents: subscription failed: ${String(error)}`),
      },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    await this.working;
  }

  /** Resolves once every queued migration has been driven as far as it can go. */
  async idle(): Promise<void> {
    while (this.working) await this.working;
  }

  private enqueue(migrationId: string): void {
    this.queued.add(migrationId);
    this.working ??= this.drain().finally(() => {
      this.working = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const [next] = this.queued;
      if (next === undefined) return;
      this.queued.delete(next);
      try {
        const outcome = await runMigration(this.context, next);
        this.log(`agents: migration ${next} ${outcome.status}`);
      } catch (error) {
        const cause = isSenseiError(error) ? error.message : String(error);
        this.log(`agents: migration ${next} stopped: ${cause}`);
      }
    }
  }
}
