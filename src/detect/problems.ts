/**
 * Bad input met while reading events: a broken JSON line, a record that is not a CloudTrail event,
 * a truncated gzip, a `{"Records": [...]}` document broken midway. Each is counted and reported
 * with its file and position; reading goes on with the next record or the next file.
 */
export interface InputProblem {
  /** File, S3 URL, `stdin` or `lookup:<region>`. */
  file: string;
  /** 1-based line where the bad record starts; absent for a problem with the file as a whole. */
  line?: number;
  /** 0-based index of the record in the file. */
  index?: number;
  message: string;
}

/** `file:line: record n: message`, or `file: message` for a file-level problem. */
export function problemText(p: InputProblem): string {
  return p.line !== undefined
    ? `${p.file}:${p.line}: record ${p.index ?? '?'}: ${p.message}`
    : `${p.file}: ${p.message}`;
}

/** Where sources send their problems. */
export type ProblemSink = (problem: InputProblem) => void;

/** Lines reported per file before the rest are only counted (a binary file would otherwise flood the log). */
export const MAX_REPORTED_PER_FILE = 20;

/** Counts problems and passes each one's line to `report`, at most MAX_REPORTED_PER_FILE per file. */
export class ProblemLog {
  /** Records (or file remainders) skipped. */
  skipped = 0;
  private readonly perFile = new Map<string, number>();

  constructor(private readonly report: (line: string) => void = () => {}) {}

  get files(): number {
    return this.perFile.size;
  }

  readonly add: ProblemSink = (problem) => {
    this.skipped++;
    const n = (this.perFile.get(problem.file) ?? 0) + 1;
    this.perFile.set(problem.file, n);
    if (n <= MAX_REPORTED_PER_FILE) this.report(problemText(problem));
  };

  /** One line per file whose problems were not all reported. */
  finish(): void {
    for (const [file, n] of this.perFile) {
      if (n > MAX_REPORTED_PER_FILE)
        this.report(`${file}: ${n - MAX_REPORTED_PER_FILE} more problem(s) not shown (${n} in this file)`);
    }
  }
}
