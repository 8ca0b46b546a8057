import { createCommandApi } from './bootstrap';
import { ConfigError, loadConfig } from './config/command-api.config';
import { printDevBanner } from './dev-banner';

async function main(): Promise<void> {
  const { app, config, devToken } = await createCommandApi(loadConfig());
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  console.log(
    `Sensei command API listening on ${url} (event store: ${config.eventStore}; docs: ${url}/docs)`,
  );
  if (devToken) printDevBanner(url, devToken);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`sensei: ${error.message}`);
  } else {
    console.error(
      'sensei: the command API failed to start:',
      error instanceof Error ? error.message : error,
    );
  }
  process.exit(1);
});
