import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { roles } from '@sensei/infra';

export class ApiKeyResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'ci-pipeline' }) name!: string;
  @ApiProperty({ enum: roles }) role!: string;
  @ApiProperty({ example: 'user:alice' }) createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() revokedAt?: string;
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  @ApiProperty({ description: 'The key itself: shown once, only its sha256 is stored' })
  key!: string;
}
