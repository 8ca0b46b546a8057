import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

export class RedriveDeadLettersRequestDto {
  @ApiPropertyOptional({ description: 'Re-drive only the dead letter of this event; absent: all' })
  @IsOptional()
  @IsInt()
  @Min(1)
  position?: number;
}
