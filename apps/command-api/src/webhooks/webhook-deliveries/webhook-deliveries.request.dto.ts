import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE = 500;

export class PageRequestDto {
  @ApiPropertyOptional({ description: 'The `next` of the previous page', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;
}

export const deadLetterStates = ['dead', 'redriving', 'redelivered'] as const;

export class DeadLettersRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: deadLetterStates, description: 'Absent: every state' })
  @IsOptional()
  @IsIn(deadLetterStates)
  state?: (typeof deadLetterStates)[number];
}
