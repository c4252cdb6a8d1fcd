import { defineConfig } from 'drizzle-kit';

/** drizzle-kit reads this to generate SQL migrations from src/db/schema.ts into migrations/. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
  dbCredentials: { url: process.env.ERY_DB_PATH ?? 'data/ery.db' },
});
