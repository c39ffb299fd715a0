FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Uploads live in /uploads (a volume shared by every instance, see docker-compose.yml); the
# directory is made here so a new volume starts out owned by the unprivileged user.
RUN npm run build && npm prune --omit=dev \
 && mkdir -p /uploads /app/data && chown node:node /uploads /app/data
ENV NODE_ENV=production PORT=3000 UPLOAD_DIR=/uploads
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-old-space-size=256", "--liftoff-only", "dist/src/server.js"]
