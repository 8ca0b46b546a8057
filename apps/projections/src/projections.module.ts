import { Controller, Get, Module } from '@nestjs/common';

@Controller()
class HealthController {
  @Get('healthz')
  healthz() {
    return { status: 'ok', app: 'projections', implemented: false };
  }
}

/** Bootable stub: the projections app's capabilities arrive with their issue 5. */
@Module({ controllers: [HealthController] })
export class ProjectionsModule {}
