# syntax=docker/dockerfile:1
# qr-login: build with every dependency, run the compiled server with production dependencies only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY server ./server
COPY client ./client
COPY scripts/build-client.ts ./scripts/build-client.ts
RUN npm run build

# The example relying site (examples/relying-site), for compose.yaml; not part of the service's image.
FROM build AS example-site
COPY examples ./examples
USER node
CMD ["npx", "tsx", "examples/relying-site/site.ts"]

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/dist ./client/dist
COPY --from=build /app/client/demo ./client/demo
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server/main.js", "--dotenv=.env"]
