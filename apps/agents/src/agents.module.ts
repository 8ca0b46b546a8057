import { Controller, Get, Module } from '@nestjs/common';

@Controller()
class HealthController {
  @Get('healthz')
  healthz() {
    return { status: 'ok', app: 'agents', implemented: false };
  }
}

/** Bootable stub: the agents app's capabilities arrive with their issue 3. */
@Module({ controllers: [HealthController] })
export class AgentsModule {}
