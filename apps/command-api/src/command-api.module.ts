import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ApiKeyStore, Authenticator, JwtVerifier } from '@sensei/infra';
import { AdaptersModule } from './adapters/adapters.module';
import { InlineAgents } from './agents/inline-agents';
import type { CommandApiAdapters } from './adapters/create-adapters';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthGuard } from './auth/auth.guard';
import type { CommandApiConfig } from './config/command-api.config';
import { HealthHttpController } from './health/health.http.controller';
import { SenseiExceptionFilter } from './http/sensei-exception.filter';
import { createValidationPipe } from './http/validation';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { KoraModule } from './kora/kora.module';
import { MigrationsModule } from './migrations/migrations.module';
import { EventsModule } from './events/events.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** Per request: guard (credential, role), interceptor (Idempotency-Key), pipe (validation); one error shape out. */
const httpPipeline = [
  {
    provide: Authenticator,
    useFactory: (jwt: JwtVerifier, apiKeys: ApiKeyStore) => new Authenticator(jwt, apiKeys),
    inject: [JwtVerifier, ApiKeyStore],
  },
  { provide: APP_GUARD, useClass: AuthGuard },
  { provide: APP_PIPE, useFactory: createValidationPipe },
  { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  { provide: APP_FILTER, useClass: SenseiExceptionFilter },
];

@Module({})
export class CommandApiModule {
  static forRoot(config: CommandApiConfig, adapters: CommandApiAdapters): DynamicModule {
    return {
      module: CommandApiModule,
      imports: [
        CqrsModule.forRoot(),
        AdaptersModule.forRoot(config, adapters),
        MigrationsModule,
        ApiKeysModule,
        KoraModule,
        EventsModule,
        WebhooksModule,
      ],
      controllers: [HealthHttpController],
      providers: [...httpPipeline, InlineAgents],
    };
  }
}
