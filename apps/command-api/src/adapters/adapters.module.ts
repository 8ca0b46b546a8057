import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApiKeyStore, EventStore, IdempotencyStore, JwtVerifier } from '@sensei/infra';
import type { CommandApiConfig } from '../config/command-api.config';
import { certificateSignerProvider } from './certificate-signer.provider';
import type { CommandApiAdapters } from './create-adapters';
import { ARTIFACT_STORE, COMMAND_API_CONFIG, SQL_CLIENT } from './tokens';

const ADAPTERS = Symbol('ADAPTERS');

/** Closes the event store and SQL client when the app shuts down. */
class AdaptersLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ADAPTERS) private readonly adapters: CommandApiAdapters) {}

  async onApplicationShutdown(): Promise<void> {
    await this.adapters.close();
  }
}

/** The opened ports, offered to every module under their port types. */
@Global()
@Module({})
export class AdaptersModule {
  static forRoot(config: CommandApiConfig, adapters: CommandApiAdapters): DynamicModule {
    const providers = [
      { provide: ADAPTERS, useValue: adapters },
      { provide: COMMAND_API_CONFIG, useValue: config },
      { provide: EventStore, useValue: adapters.eventStore },
      { provide: SQL_CLIENT, useValue: adapters.sql },
      { provide: ApiKeyStore, useValue: adapters.apiKeys },
      { provide: IdempotencyStore, useValue: adapters.idempotency },
      { provide: JwtVerifier, useValue: new JwtVerifier(config.auth) },
      certificateSignerProvider(adapters),
      { provide: ARTIFACT_STORE, useValue: adapters.artifacts },
      AdaptersLifecycle,
    ];
    return {
      module: AdaptersModule,
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}
