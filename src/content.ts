/**
 * Loads and validates the flow content files (`flows/content/*.json`). A malformed file stops
 * start-up with a {@link ContentError} naming the file and the field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentSchemas, type FlowContent } from '../flows/content/schema.js';

/** A content file is missing, not JSON, or does not match its schema. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
  ) {
    super(`Flow content ${file}${field ? ` at "${field}"` : ''}: ${detail}. Fix the file and start again.`);
    this.name = 'ContentError';
  }
}

/** The default content folder. */
export const CONTENT_DIR = join(import.meta.dirname, '..', 'flows', 'content');

/** Reads every content file from `dir` and validates it. */
export function loadContent(dir = CONTENT_DIR): FlowContent {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(contentSchemas)) {
    const file = join(dir, `${name}.json`);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ContentError(file, '', (err as Error).message);
    }
    if (json && typeof json === 'object') delete (json as Record<string, unknown>).$source;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ContentError(file, issue.path.join('.'), issue.message);
    }
    out[name] = parsed.data;
  }
  const content = out as unknown as FlowContent;
  checkAcrossFiles(content, dir);
  return content;
}

/** What one file needs from another: every plan's frequency has its workouts a week (docs/program.md). */
function checkAcrossFiles(content: FlowContent, dir: string): void {
  for (const [id, plan] of Object.entries(content.prescriptions.plans))
    if (!content.progression.workoutsPerWeek[plan.frequency])
      throw new ContentError(
        join(dir, 'progression.json'),
        `workoutsPerWeek.${plan.frequency}`,
        `plan "${id}" in prescriptions.json has frequency "${plan.frequency}", which has no workouts a week here`,
      );
}
