FROM node:20-bookworm-slim
# pg_dump and pg_restore for backups from the app (Debian bookworm's are version 15, as the
# compose file's server; a newer server needs newer client tools).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Uploads live in /uploads and backups in /backups (volumes shared by every instance, see
# docker-compose.yml); the directories are made here so new volumes start out owned by the
# unprivileged user.
RUN npm run build && npm prune --omit=dev \
 && mkdir -p /uploads /backups /app/data && chown node:node /uploads /backups /app/data
ENV NODE_ENV=production PORT=3000 UPLOAD_DIR=/uploads
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-old-space-size=256", "--liftoff-only", "dist/src/server.js"]
