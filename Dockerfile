# One image for every service of the credit federation; docker-compose picks the entry point.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts
COPY common ./common
COPY legacy ./legacy
COPY subgraphs ./subgraphs
COPY gateway ./gateway
COPY schema ./schema
COPY test/golden ./test/golden
# Without DATABASE_URL the audit log, the case journal and bulk jobs live here (mount a volume);
# docker-compose.yml sets DATABASE_URL, so its replicas keep nothing here.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# Overridden per service in docker-compose.yml.
CMD ["node", "--import", "tsx", "gateway/main.ts"]
