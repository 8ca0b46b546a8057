import { Module } from '@nestjs/common';
import { CreateMigrationHandler } from './create-migration/create-migration.handler';
import { CreateMigrationHttpController } from './create-migration/create-migration.http.controller';
import { GetMigrationEventsHandler } from './get-migration-events/get-migration-events.handler';
import { GetMigrationEventsHttpController } from './get-migration-events/get-migration-events.http.controller';
import { ListMappingsHandler } from './list-mappings/list-mappings.handler';
import { ListMappingsHttpController } from './list-mappings/list-mappings.http.controller';
import { ControlHttpController } from './send-migration-command/control.http.controller';
import { MappingsHttpController } from './send-migration-command/mappings.http.controller';
import { PhasesHttpController } from './send-migration-command/phases.http.controller';
import { SendMigrationCommandHandler } from './send-migration-command/send-migration-command.handler';
import { MigrationCommandSender } from './shared/migration-command.sender';
import { MigrationStream } from './shared/migration-stream';

const controllers = [
  CreateMigrationHttpController,
  PhasesHttpController,
  MappingsHttpController,
  ControlHttpController,
  GetMigrationEventsHttpController,
  ListMappingsHttpController,
];
const commandHandlers = [CreateMigrationHandler, SendMigrationCommandHandler];
const queryHandlers = [GetMigrationEventsHandler, ListMappingsHandler];
const services = [MigrationStream, MigrationCommandSender];

@Module({ controllers, providers: [...commandHandlers, ...queryHandlers, ...services] })
export class MigrationsModule {}
