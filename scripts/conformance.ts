/**
 * `npm run conformance`: run the cases ported from CPython's asyncio tests on
 * every step and write docs/conformance.json, the data of the site's page
 * "How close to asyncio is each step".
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../shared/steps.ts';
import { buildReport, inputsHash, REPORT_PATH } from './conformance/report.ts';
import { runConformance } from './conformance/run.ts';

const results = await runConformance();
const report = buildReport(results, inputsHash());
writeFileSync(join(ROOT, REPORT_PATH), `${JSON.stringify(report, null, 1)}\n`);
const failing = report.cases.filter((c) => Object.values(c.steps).includes('fails'));
console.log(`${REPORT_PATH}: ${report.cases.length} cases, ${failing.length} failing on some step`);
for (const c of failing) console.log(`  fails: ${c.source}: ${c.title}`);
process.exitCode = failing.length > 0 ? 1 : 0;
