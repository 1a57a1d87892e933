# One image for the api (which also serves the web app from dist/web) and the worker
# (docker-compose.yml picks the command).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY workflows ./workflows
COPY scripts ./scripts
RUN npx nest build && node scripts/build-web.js && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/nest-cli.json ./
# The worker bundles the workflow code from dist/workflows at start. Its container health check is
# dist/apps/worker/src/healthcheck.js (reads the heartbeat file the worker writes, see docker-compose.yml).
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
