# syntax=docker/dockerfile:1
# Sensei command API. Build: `docker build -t sensei .` (or `docker compose build`).

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build --silent

FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    SENSEI_DATA_DIR=/var/lib/sensei/data \
    SENSEI_ARTIFACT_DIR=/var/lib/sensei/artifacts
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# The embedded (PGlite) event store and the agents' content-addressed artifacts live here.
RUN mkdir -p /var/lib/sensei && chown node:node /var/lib/sensei
VOLUME ["/var/lib/sensei"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/command-api/src/main.js"]
