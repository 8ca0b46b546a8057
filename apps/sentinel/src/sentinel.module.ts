import { Controller, Get, Module } from '@nestjs/common';

@Controller()
class HealthController {
  @Get('healthz')
  healthz() {
    return { status: 'ok', app: 'sentinel', implemented: false };
  }
}

/** Bootable stub: the sentinel app's capabilities arrive with their issue (no issue yet). */
@Module({ controllers: [HealthController] })
export class SentinelModule {}
