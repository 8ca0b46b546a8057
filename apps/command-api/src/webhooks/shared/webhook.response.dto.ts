import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PendingDeliveryDto {
  @ApiProperty({ description: 'The event being retried' }) position!: number;
  @ApiProperty({ description: 'Failed attempts so far' }) attempts!: number;
  @ApiPropertyOptional() nextAttemptAt?: string;
}

export class DeliveryStatusDto {
  @ApiProperty({
    description: 'Last event handled (delivered, dead-lettered, or not matching the filter)',
  })
  position!: number;
  @ApiProperty() deliveredCount!: number;
  @ApiProperty({ description: 'Failed attempts, retries included' }) failedAttempts!: number;
  @ApiProperty({ description: 'Events that became dead letters' }) deadLetterCount!: number;
  @ApiPropertyOptional({ type: PendingDeliveryDto }) pending?: PendingDeliveryDto;
  @ApiPropertyOptional() lastStatusCode?: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiPropertyOptional() lastAttemptAt?: string;
  @ApiPropertyOptional() lastDeliveredAt?: string;
}

export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid' }) webhookId!: string;
  @ApiProperty({ example: 'https://hooks.example.com/sensei' }) url!: string;
  @ApiProperty({ type: [String], description: 'Empty: every type' }) types!: string[];
  @ApiPropertyOptional() streamPrefix?: string;
  @ApiPropertyOptional() migrationId?: string;
  @ApiProperty({ description: 'Events after this position are delivered' })
  startPosition!: number;
  @ApiProperty({ enum: ['active', 'deleted'] }) status!: 'active' | 'deleted';
  @ApiProperty() registeredAt!: string;
  @ApiProperty({ example: 'user:alice' }) registeredBy!: string;
  @ApiPropertyOptional() deletedAt?: string;
  @ApiPropertyOptional() deletedBy?: string;
  @ApiProperty({ description: 'Revision of the webhook-<id> stream' }) revision!: number;
  @ApiProperty({ type: DeliveryStatusDto }) delivery!: DeliveryStatusDto;
}

export class CreatedWebhookResponseDto extends WebhookResponseDto {
  @ApiProperty({
    description: 'HMAC-SHA256 key of X-Sensei-Signature; shown once, never again',
    example: 'whsec_...',
  })
  secret!: string;
}

export class DeliveryLogEntryDto {
  @ApiProperty({ description: 'Log order; pass as `after` for the next page' })
  deliveryId!: number;
  @ApiProperty() position!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ description: '1 for the first attempt on this event' }) attempt!: number;
  @ApiProperty({ enum: ['delivered', 'failed', 'dead_lettered'] }) outcome!: string;
  @ApiProperty({ description: 'An attempt of a re-driven dead letter' }) redrive!: boolean;
  @ApiPropertyOptional() statusCode?: number;
  @ApiPropertyOptional({ example: 'HTTP 500' }) error?: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty() attemptedAt!: string;
}

export class DeliveryLogPageDto {
  @ApiProperty({ type: [DeliveryLogEntryDto] }) items!: DeliveryLogEntryDto[];
  @ApiPropertyOptional({ description: 'Pass as `after`; absent on the last page' })
  next?: number;
}

export class DeadLetterDto {
  @ApiProperty() position!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional() lastStatusCode?: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiProperty({ enum: ['dead', 'redriving', 'redelivered'] }) state!: string;
  @ApiProperty() deadLetteredAt!: string;
  @ApiPropertyOptional() redriveRequestedAt?: string;
  @ApiPropertyOptional() redeliveredAt?: string;
}

export class DeadLetterPageDto {
  @ApiProperty({ type: [DeadLetterDto] }) items!: DeadLetterDto[];
  @ApiPropertyOptional({ description: 'Pass as `after`; absent on the last page' })
  next?: number;
}

export class RedriveResponseDto {
  @ApiProperty({ type: [Number], description: 'Positions of the dead letters queued again' })
  positions!: number[];
}
