import { ApiProperty } from '@nestjs/swagger';

/** What every accepted command returns: where the migration's stream now stands. */
export class CommandAcceptedResponse {
  @ApiProperty({ example: '0b6f7f2e-1d2a-4a43-9a57-2f8f6b0e8c11' })
  migrationId!: string;

  @ApiProperty({
    example: 3,
    description: "Revision of the stream's last event (send it as If-Match)",
  })
  revision!: number;

  @ApiProperty({ example: 42, description: 'Global position of the last appended event' })
  position!: number;

  @ApiProperty({
    type: [String],
    example: ['IngestionStarted'],
    description: 'Types of the appended events',
  })
  events!: string[];
}
