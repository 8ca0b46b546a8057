import { Client } from 'pg';
import type { PostgresTarget } from './postgres-target';
import { rethrowPostgresError } from './postgres-unavailable';

type Callback = (payload: string) => void;

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const reconnectDelayMs = 1000;

/**
 * One dedicated connection for LISTEN (a pooled connection would lose its LISTENs when it goes
 * back to the pool). If it drops, it reconnects in the background; listeners that only use
 * notifications to wake up early keep working meanwhile through their poll.
 */
export class PgNotificationListener {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private readonly callbacks = new Map<string, Set<Callback>>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly target: PostgresTarget,
    private readonly options: { connectionTimeoutMillis: number },
  ) {}

  async listen(channel: string, callback: Callback): Promise<() => Promise<void>> {
    const known = this.callbacks.get(channel);
    const callbacks = known ?? new Set<Callback>();
    callbacks.add(callback);
    this.callbacks.set(channel, callbacks);
    const stop = async () => {
      callbacks.delete(callback);
      if (callbacks.size > 0 || this.callbacks.get(channel) !== callbacks) return;
      this.callbacks.delete(channel);
      await this.client?.query(`UNLISTEN ${quoteIdentifier(channel)}`).catch(() => undefined);
    };
    try {
      const client = await this.connected();
      if (!known) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (error) {
      await stop();
      return rethrowPostgresError(error, this.target);
    }
    return stop;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connected(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.connectionString,
      connectionTimeoutMillis: this.options.connectionTimeoutMillis,
    });
    client.on('notification', (message) => {
      for (const callback of this.callbacks.get(message.channel) ?? [])
        callback(message.payload ?? '');
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.callbacks.keys())
        await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      return rethrowPostgresError(error, this.target);
    }
    if (this.closed) {
      await client.end();
      return client;
    }
    this.client = client;
    return client;
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.callbacks.size === 0) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.connected().catch(() => this.scheduleReconnect());
    }, reconnectDelayMs);
    this.reconnectTimer.unref();
  }
}
