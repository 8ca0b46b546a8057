import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class EventMetadataDto {
  @ApiProperty() correlationId!: string;
  @ApiProperty() causationId!: string;
  @ApiProperty({ example: 'user:alice' }) actor!: string;
  @ApiProperty({ example: '2025-01-01T00:00:00.000Z' }) timestamp!: string;
}

export class MigrationEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() position!: number;
  @ApiProperty({ example: 'MigrationRequested' }) type!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
  @ApiProperty({ type: EventMetadataDto }) metadata!: EventMetadataDto;
  @ApiProperty({ description: 'sha256 chained to prevHash (tamper evidence)' }) hash!: string;
  @ApiProperty() prevHash!: string;
  @ApiProperty() recordedAt!: string;
}

export class MigrationEventsResponseDto {
  @ApiProperty() migrationId!: string;
  @ApiProperty({ type: [MigrationEventDto] }) events!: MigrationEventDto[];

  @ApiPropertyOptional({
    description: 'Pass as fromRevision to read the next page; absent on the last page',
  })
  nextFromRevision?: number;
}
