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
# The audit log and the case journal live here (a volume in docker-compose.yml).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# Overridden per service in docker-compose.yml.
CMD ["node", "--import", "tsx", "gateway/main.ts"]
