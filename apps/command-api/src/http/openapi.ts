import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = '/docs';
export const DOCS_JSON_PATH = '/docs-json';

const describe = new DocumentBuilder()
  .setTitle('Sensei command API')
  .setDescription(
    'Commands for event-sourced database migrations. Every POST accepts an Idempotency-Key; ' +
      'lifecycle commands accept If-Match with a stream revision. Errors are ' +
      '{ error: { code, message, details } }.',
  )
  .setVersion('0.1.0')
  .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
  .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
  .build();

const uiPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sensei command API</title>
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '${DOCS_JSON_PATH}', dom_id: '#swagger-ui', persistAuthorization: true });</script>
</body></html>`;

/** swagger-ui-dist as @nestjs/swagger itself resolves it (it is that package's dependency). */
const swaggerUiDist = (): string =>
  dirname(
    require.resolve('swagger-ui-dist/package.json', {
      paths: [dirname(require.resolve('@nestjs/swagger/package.json'))],
    }),
  );

const uiAssets = { 'swagger-ui.css': 'text/css', 'swagger-ui-bundle.js': 'application/javascript' };

/**
 * OpenAPI JSON at /docs-json and Swagger UI at /docs. The UI's two assets are served here from
 * swagger-ui-dist, which spares the @fastify/static dependency Nest's UI setup needs on Fastify.
 */
export const setupOpenApi = (app: NestFastifyApplication): void => {
  const document = SwaggerModule.createDocument(app, describe);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: DOCS_JSON_PATH,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get(DOCS_PATH, (_request, reply) => reply.type('text/html').send(uiPage));
  const assets = swaggerUiDist();
  for (const [file, type] of Object.entries(uiAssets)) {
    let content: Buffer | undefined;
    fastify.get(`${DOCS_PATH}/${file}`, (_request, reply) => {
      content ??= readFileSync(join(assets, file));
      return reply.type(type).header('Cache-Control', 'public, max-age=86400').send(content);
    });
  }
};
