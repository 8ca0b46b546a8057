import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SenseiError } from '@sensei/domain';
import type { FastifyRequest } from 'fastify';
import { Authenticator, hasRole } from '@sensei/infra';
import { ACCESS, type Access } from './access.decorators';

/** Global guard: every route needs a credential and a role unless marked `@Public()`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Fail safe: a route someone forgot to annotate is for admins only.
    const access =
      this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'admin';
    if (access === 'public') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = await this.authenticator.authenticate(request.headers);
    request.principal = principal;
    if (!hasRole(principal.role, access)) {
      throw new SenseiError(
        'AUTH.FORBIDDEN',
        `${principal.id} has role ${principal.role}; this needs ${access} or higher`,
        { role: principal.role, requiredRole: access },
      );
    }
    return true;
  }
}
