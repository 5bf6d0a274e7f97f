/**
 * The one definition of the posture score the console shows (overview, framework pages and the
 * trend), in words for the API and the tooltips. It is the report's (src/report/model.ts), so it
 * equals `stance report`.
 */
export const SCORE_FORMULA =
  'passed controls ÷ (passed + failed + errored controls) × 100; manual and not-applicable controls are left out';

/** What the trend's points are: today's is the report's own; past days are rebuilt from daily counts. */
export const TREND_HISTORY_NOTE =
  'The latest point is the report itself (mutes and unobserved scopes applied, as in `stance report`). ' +
  'Earlier points apply the same formula to daily pass/fail/error counts: the mutes in force on a past ' +
  'day and which scopes were unobserved then are not kept, so past points count muted failures as ' +
  'failures and leave out controls with no finding that day.';
