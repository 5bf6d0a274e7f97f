import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints a plain "N passed, N failed, N skipped" line per suite and, under CI=true,
 * turns any skipped test into a failure: an integration test that silently skips
 * (no moto, no Chromium, no OPA) must not look like a green run.
 */
export default class CountingReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped.push(`${module.moduleId.replace(process.cwd() + '/', '')} > ${test.fullName}`);
      }
    }
    const suite = process.env.STANCE_SUITE ?? 'tests';
    process.stdout.write(`\n${suite}: ${passed} passed, ${failed} failed, ${skipped.length} skipped\n`);
    if (process.env.CI === 'true' && skipped.length > 0) {
      process.stdout.write(
        `CI=true: skipped tests count as failures:\n${skipped.map((s) => `  ${s}`).join('\n')}\n`,
      );
      process.exitCode = 1;
    }
    if (process.env.CI === 'true' && passed === 0) {
      process.stdout.write('CI=true: no test ran\n');
      process.exitCode = 1;
    }
  }
}
