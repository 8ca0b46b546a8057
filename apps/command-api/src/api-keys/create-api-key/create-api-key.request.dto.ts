import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { type Role, roles } from '@sensei/infra';

export class CreateApiKeyRequestDto {
  @ApiProperty({
    example: 'ci-pipeline',
    description: 'Unique; events record the key as apikey:<name>',
  })
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
    message: 'name must be 1-64 lowercase letters, digits, ".", "_" or "-"',
  })
  name!: string;

  @ApiProperty({ enum: roles })
  @IsIn(roles)
  role!: Role;
}
