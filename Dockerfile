# Shipmate: one image for every role (ROLE=all|web|worker). See docs/deployment.md.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: compile src/ into dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only install script package.json allows is the `node` dev dependency's, which
# fetches a second Node 24 for npm scripts; this image already is Node 24, and npm scripts use it.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime ----
FROM ${NODE_IMAGE}
# git fetches the commit a task runs on; ca-certificates lets it trust GitHub over HTTPS; tini is PID 1
# (see ENTRYPOINT). Tasks run with sh, which the base image has.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates git tini \
  && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKSPACE_DIR=/tmp/shipmate-workspaces

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Task checkouts are made (and deleted) under WORKSPACE_DIR, which must exist and belong to the user
# that runs Shipmate; /app itself stays root-owned and read-only to it.
RUN mkdir -p "$WORKSPACE_DIR" && chown node:node "$WORKSPACE_DIR" && chmod 700 "$WORKSPACE_DIR"

USER node
EXPOSE 3000

# Liveness of the HTTP server that every role (web, worker, all) serves on PORT, with /readyz and /metrics.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# Shipmate ends a timed-out task by killing its whole process group; whatever that group left behind
# is re-parented to PID 1, and only an init reaps it (node as PID 1 does not, so zombies pile up).
# tini is that init and forwards SIGTERM to node for a graceful stop. -s makes it a subreaper too,
# so it also works, without a warning, under `docker run --init` or compose `init: true`.
ENTRYPOINT ["/usr/bin/tini", "-s", "--"]
# No role argument: one given on the command line would override ROLE (`shipmate web` wins over ROLE=worker).
# The node flags are `npm start`'s: a small young generation, and a heap that grows by half its live size
# before the next full collection (docs/performance.md, "Memory").
CMD ["node", "--enable-source-maps", "--max-semi-space-size=2", "--heap-growing-percent=50", "dist/main/cli.js"]
