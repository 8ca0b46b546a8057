import { Field, InputType } from '@nestjs/graphql';
import { CertificateStatus, MigrationStatus } from './enums';
import { DateTimeScalar } from './scalars';

@InputType({ description: 'Every given condition must hold.' })
export class MigrationFilterInput {
  @Field(() => [MigrationStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: MigrationStatus[];
  @Field(() => String, { nullable: true }) requestedBy?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Requested at or after.' })
  requestedAfter?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Requested before.' })
  requestedBefore?: string;
  @Field(() => [CertificateStatus], { nullable: true, description: 'Latest certificate status.' })
  certificateStatus?: CertificateStatus[];
}
