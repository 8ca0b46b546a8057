import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProjectionsModule } from './projections.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ProjectionsModule,
    new FastifyAdapter(),
  );
  const port = Number(process.env.PORT ?? 3001);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  console.log('projections stub listening on port ' + port + ' (GET /healthz)');
}

void bootstrap();
