import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { isSenseiError } from '@sensei/domain';
import { AgentsModule } from './agents.module';
import { startAgents } from './agents-runtime';

async function bootstrap(): Promise<void> {
  const { eventStore, agents } = await startAgents(process.env, (line) => console.log(line));
  const app = await NestFactory.create<NestFastifyApplication>(AgentsModule, new FastifyAdapter(), {
    logger: ['error', 'warn'],
  });
  const port = Number(process.env.PORT ?? 3002);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  console.log(`Sensei agents running (GET /healthz on port ${port})`);
  const shutdown = async () => {
    await agents.stop();
    await app.close();
    await eventStore.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

bootstrap().catch((error: unknown) => {
  console.error(`sensei agents: ${isSenseiError(error) ? error.message : String(error)}`);
  process.exit(1);
});
