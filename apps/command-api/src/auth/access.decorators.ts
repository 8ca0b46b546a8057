import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from '@sensei/infra';
import { ErrorResponseDto } from '../http/error-response';

export const ACCESS = 'sensei:access';
export type Access = Role | 'public';

/** No credential needed (health, readiness). */
export const Public = () => SetMetadata(ACCESS, 'public' satisfies Access);

/** The least role that may call the route; a route without this needs `admin`. */
export const RequireRole = (role: Role) =>
  applyDecorators(
    SetMetadata(ACCESS, role),
    ApiBearerAuth('bearer'),
    ApiSecurity('apiKey'),
    ApiUnauthorizedResponse({ description: 'No or invalid credential', type: ErrorResponseDto }),
    ApiForbiddenResponse({ description: `Needs role ${role} or higher`, type: ErrorResponseDto }),
  );

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const { principal } = context.switchToHttp().getRequest<FastifyRequest>();
    if (!principal) throw new Error('CurrentPrincipal used on a route without RequireRole');
    return principal;
  },
);
