import { findOpa } from '../../scripts/policy-build.mjs';

/**
 * The OPA CLI for tests. Without it the OPA-dependent tests skip locally, but under CI=true they
 * run and fail loudly (and the CI reporter fails any skipped test).
 */
export const opaBinary = findOpa();
export const skipWithoutOpa = !opaBinary && process.env.CI !== 'true';
