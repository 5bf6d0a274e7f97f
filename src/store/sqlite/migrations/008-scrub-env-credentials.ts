import type Database from 'better-sqlite3';
import { scrubSecrets } from './005-scrub-secrets.js';

/**
 * Runs the scrub of migration 005 again with the sanitiser as it is now, which also replaces
 * literal env values that look like credentials (DB_PASSWORD: hunter2 in a Deployment) with a
 * marker: databases that applied 005 before the sanitiser learned it still hold them in stored
 * workload configurations. The sanitiser is idempotent, so what 005 already removed stays removed
 * and nothing else changes.
 */
export function scrubEnvCredentials(db: Database.Database): string | undefined {
  return scrubSecrets(db);
}
