import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID_PATTERN, ID_PATTERN_MESSAGE } from './ids';

export class MigrationIdParams {
  @ApiProperty({ description: 'Migration id', example: '0b6f7f2e-1d2a-4a43-9a57-2f8f6b0e8c11' })
  @Matches(ID_PATTERN, { message: ID_PATTERN_MESSAGE })
  id!: string;
}

export class MappingIdParams extends MigrationIdParams {
  @ApiProperty({ description: 'Mapping id', example: 'customers.email' })
  @Matches(ID_PATTERN, { message: ID_PATTERN_MESSAGE })
  mappingId!: string;
}
