import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class WebhookIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a webhook id (a UUID)' })
  id!: string;
}
