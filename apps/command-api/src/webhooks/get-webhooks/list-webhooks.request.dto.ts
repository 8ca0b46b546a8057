import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class ListWebhooksRequestDto {
  @ApiPropertyOptional({ default: false, description: 'Also list deleted webhooks' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'includeDeleted must be true or false' })
  includeDeleted?: boolean;
}
