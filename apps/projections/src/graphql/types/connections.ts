import { Activity, Mapping } from './migration-parts.model';
import { MigrationModel } from './migration.model';
import { type Connection, connectionTypes } from './connection';

export const MigrationConnection = connectionTypes(MigrationModel, 'Migration').ConnectionType;
export type MigrationConnection = Connection<MigrationModel>;

export const MappingConnection = connectionTypes(Mapping, 'Mapping').ConnectionType;
export type MappingConnection = Connection<Mapping>;

export const ActivityConnection = connectionTypes(Activity, 'Activity').ConnectionType;
export type ActivityConnection = Connection<Activity>;
