import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import {
  type EventLogReader,
  PGliteSqlClient,
  type SqlClient,
  WebhookDispatcher,
  WebhookRegistry,
} from '@sensei/infra';
import { COMMAND_API_CONFIG, SQL_CLIENT } from '../../adapters/tokens';
import type { CommandApiConfig } from '../../config/command-api.config';
import { EVENT_LOG_READER } from '../../events/event-log-reader.provider';

/**
 * With SENSEI_WEBHOOKS=inline (the default) this process delivers webhooks, as InlineAgents
 * runs migrations. Several API instances on one PostgreSQL share the work: a lease per webhook
 * keeps each webhook's deliveries in one process, in order.
 */
@Injectable()
export class InlineWebhooks implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private dispatcher: WebhookDispatcher | undefined;

  constructor(
    @Inject(COMMAND_API_CONFIG) private readonly config: CommandApiConfig,
    @Inject(EVENT_LOG_READER) private readonly reader: EventLogReader,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly registry: WebhookRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const settings = this.config.subscriptions;
    if (settings?.webhooks !== 'inline') return;
    this.dispatcher = new WebhookDispatcher({
      reader: this.reader,
      registry: this.registry,
      sql: this.sql,
      policy: {
        maxAttempts: settings.webhookMaxAttempts,
        backoffBaseMs: settings.webhookBackoffMs,
        backoffCapMs: settings.webhookBackoffCapMs,
        timeoutMs: settings.webhookTimeoutMs,
      },
      // One process per PGlite directory: a lease found at start is a crashed predecessor's.
      exclusive: this.sql instanceof PGliteSqlClient,
      log: (line) => this.logger.log(line),
    });
    this.dispatcher.start();
  }

  /** A webhook was registered or deleted here: take it on (or off) now. */
  registrationsChanged(): void {
    this.dispatcher?.refresh();
  }

  /** Dead letters were marked for re-drive. */
  redriveRequested(webhookId: string): void {
    this.dispatcher?.wake(webhookId);
  }

  // Before the adapters close: stopping releases the leases in SQL.
  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher?.stop();
  }
}
