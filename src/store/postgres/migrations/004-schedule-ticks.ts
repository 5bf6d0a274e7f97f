/**
 * Distributed scheduling (issue 14): each tick of a schedule is claimed once, whichever daemon
 * claims it (two daemons that both believe they lead during a hand-over start one run). The scan
 * the tick started is linked once it exists.
 */
export const sql = `
CREATE TABLE schedule_ticks (
  schedule text NOT NULL,
  due_at bigint NOT NULL,
  claimed_at bigint NOT NULL,
  claimed_by text NOT NULL,
  scan_id bigint,
  PRIMARY KEY (schedule, due_at)
);
`;
