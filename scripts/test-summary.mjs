// Prints one closing line over every suite of `npm test`: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const [reports, seconds] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of ["pglite.json", "postgres.json"]) {
  const report = JSON.parse(readFileSync(path.join(reports, name), "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
const e2e = path.join(reports, "e2e.json");
if (existsSync(e2e)) {
  const { stats } = JSON.parse(readFileSync(e2e, "utf8"));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  skipped += stats.skipped;
}
console.log(`All suites finished in ${seconds} s`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
