import 'reflect-metadata';
import { isSenseiError } from '@sensei/domain';
import { ConfigError } from './config/projections.config';
import { startProjectionsService } from './projections-runtime';

const printDevBanner = (url: string, token: string): void => {
  console.log(
    [
      '',
      '=== DEV MODE: no SENSEI_JWT_SECRET or SENSEI_JWT_PUBLIC_KEY is set ===',
      "A random signing secret was generated; set the command API's secret to share its tokens.",
      'Reader token (12 h):',
      '',
      `  ${token}`,
      '',
      `  curl -s ${url}/graphql -H "Authorization: Bearer ${token}" \\`,
      `       -H 'Content-Type: application/json' -d '{"query":"{ migrations { edges { node { id status } } } }"}'`,
      '',
    ].join('\n'),
  );
};

async function main(): Promise<void> {
  const service = await startProjectionsService();
  const { app, config, devToken } = service;
  await app.listen(config.port, config.host);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${config.port}`;
  console.log(`Sensei projections: GraphQL on ${url}/graphql (${service.description})`);
  if (devToken) printDevBanner(url, devToken);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Sensei projections: ${signal}, stopping`);
    await service.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError || isSenseiError(error)
      ? error.message
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`sensei projections: failed to start: ${message}`);
  process.exit(1);
});
