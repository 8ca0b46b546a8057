import { Controller, Get, Module } from '@nestjs/common';

@Controller()
class HealthController {
  @Get('healthz')
  healthz() {
    return { status: 'ok', app: 'agents' };
  }
}

/** Liveness for the agents process; the agents themselves run beside it (agents-runtime.ts). */
@Module({ controllers: [HealthController] })
export class AgentsModule {}
