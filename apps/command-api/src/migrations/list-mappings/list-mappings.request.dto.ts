import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { MappingStatus } from '@sensei/domain';

export const mappingStatuses: MappingStatus[] = [
  'proposed',
  'in_review',
  'approved',
  'rejected',
  'superseded',
];

export class ListMappingsRequestDto {
  @ApiPropertyOptional({
    enum: mappingStatuses,
    description: '`in_review` lists the review queue; all mappings when absent',
  })
  @IsOptional()
  @IsIn(mappingStatuses)
  status?: MappingStatus;
}
