/**
 * Search that finds lessons first. TypeDoc indexes every step's API, so a name
 * such as `gather` comes back once per step that has it, and a lesson rarely
 * makes the first ten results. Here, before TypeDoc builds its index:
 *  - the copies of one symbol across steps become one result, the earliest
 *    step's, labelled with the steps that have it (`step09–15.gather`);
 *  - each step's page gets a field of its idea and the names it introduces, and
 *    a boost, so that the lesson outranks the API it teaches.
 * TypeDoc's search box and result list stay as they are.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { DocumentReflection, type IndexEvent, type Reflection } from 'typedoc';
import { SYLLABUS } from '../../shared/steps.ts';

/** How much a step's page outweighs an API entry with the same words. */
const LESSON_BOOST = 8;

/** The field that holds a lesson's idea and the names it introduces, and its weight. */
const TEACHES = 'teaches';
const TEACHES_WEIGHT = 40;

/** The weight of a page's text (TypeDoc's is 1): a word every lesson uses decides little. */
const TEXT_WEIGHT = 0.3;

/** The step whose API holds a reflection ("step09" module → 9); null for modules and pages. */
function apiStep(reflection: Reflection): number | null {
  if (reflection instanceof DocumentReflection || reflection.parent?.isProject()) return null;
  let top = reflection;
  while (top.parent && !top.parent.isProject()) top = top.parent;
  const match = /^step(\d\d)$/.exec(top.name);
  return match ? Number(match[1]) : null;
}

/** The step a document is the page of ("slug: step09" → 9), or null. */
function lessonStep(reflection: Reflection): number | null {
  if (!(reflection instanceof DocumentReflection)) return null;
  const match = /^step(\d\d)$/.exec(String(reflection.frontmatter['slug'] ?? ''));
  return match ? Number(match[1]) : null;
}

/** "step09–15", "step03" or "step02, step04–15": the steps that have a symbol. */
export function stepsLabel(steps: readonly number[]): string {
  const runs: Array<[number, number]> = [];
  for (const n of [...steps].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && n === last[1] + 1) last[1] = n;
    else runs.push([n, n]);
  }
  const pad = (n: number): string => String(n).padStart(2, '0');
  return runs.map(([a, b]) => (a === b ? `step${pad(a)}` : `step${pad(a)}–${pad(b)}`)).join(', ');
}

/** One symbol across steps: its first copy and every step that has it. */
interface SymbolGroup {
  readonly first: Reflection;
  readonly steps: number[];
}

/** Group the API entries by what they are without their step: kind and name path. */
function groupSymbols(results: readonly Reflection[]): Map<string, SymbolGroup> {
  const groups = new Map<string, SymbolGroup>();
  for (const reflection of results) {
    const step = apiStep(reflection);
    if (step === null) continue;
    const key = `${reflection.kind}:${reflection.getFullName().replace(/^step\d\d\.?/, '')}`;
    const group = groups.get(key);
    if (group) group.steps.push(step);
    else groups.set(key, { first: reflection, steps: [step] });
  }
  return groups;
}

/**
 * Shapes TypeDoc's index (Renderer's PREPARE_INDEX event) and remembers the label
 * of each grouped result by its URL, for `relabel` to write into the index.
 */
export class LessonFirstSearch {
  private readonly labels = new Map<Reflection, string>();

  constructor(private readonly urlOf: (reflection: Reflection) => string) {}

  prepare(event: IndexEvent): void {
    const groups = [...groupSymbols(event.searchResults).values()];
    const keep = new Set(groups.map((g) => g.first));
    for (let i = event.searchResults.length - 1; i >= 0; i--) {
      const reflection = event.searchResults[i]!;
      if (apiStep(reflection) !== null && !keep.has(reflection)) event.removeResult(i);
    }
    for (const g of groups) if (g.steps.length > 1) this.labels.set(g.first, stepsLabel(g.steps));
    this.boostLessons(event, groups);
  }

  /** Give each step's page its idea and the names it introduces, and the lesson boost. */
  private boostLessons(event: IndexEvent, groups: readonly SymbolGroup[]): void {
    event.searchFieldWeights[TEACHES] = TEACHES_WEIGHT;
    event.searchFieldWeights['document'] = TEXT_WEIGHT;
    event.searchResults.forEach((reflection, i) => {
      const step = lessonStep(reflection);
      if (step === null) return;
      const introduced = groups.filter((g) => g.steps[0] === step).map((g) => g.first.name);
      const idea = SYLLABUS.find((s) => s.number === step)?.idea ?? '';
      event.searchFields[i]![TEACHES] = [idea, ...new Set(introduced)].join(' ');
      reflection.relevanceBoost = LESSON_BOOST;
    });
  }

  /** Rewrite the parent of each grouped result in the written index to name its steps. */
  relabel(outputDirectory: string): void {
    const file = join(outputDirectory, 'assets', 'search.js');
    const match = /^window\.searchData = "([^"]*)";$/.exec(readFileSync(file, 'utf8').trim());
    if (!match) throw new Error(`search.ts: ${file} is not in the form TypeDoc writes`);
    const data = JSON.parse(inflateSync(Buffer.from(match[1]!, 'base64')).toString('utf8')) as SearchData;
    const byUrl = new Map([...this.labels].map(([symbol, label]) => [this.urlOf(symbol), label]));
    for (const row of data.rows) {
      const label = byUrl.get(row.url);
      if (label) row.parent = row.parent?.replace(/^step\d\d/, label) ?? label;
    }
    const packed = deflateSync(JSON.stringify(data)).toString('base64');
    writeFileSync(file, `window.searchData = "${packed}";`);
  }
}

/** The part of TypeDoc's search data that we touch. */
interface SearchData {
  rows: Array<{ url: string; parent?: string }>;
}
