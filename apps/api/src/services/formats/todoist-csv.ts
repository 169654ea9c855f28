// Todoist's CSV import format (its "project template"): TYPE, CONTENT,
// DESCRIPTION, PRIORITY, INDENT, AUTHOR, RESPONSIBLE, DATE, DATE_LANG,
// TIMEZONE. Written with csv-stringify and read with csv-parse (the csv
// project). One file: each of our lists is a `section` row followed by its
// tasks, so the file imports into one Todoist project with a section per list,
// and back here into a list per section (docs/decisions/0010-export-formats.md).
import { TAG_MAX } from "@todo/contract/limits";
import type { TaskPriority, TaskRow } from "@todo/db";
import { describeRule } from "@todo/recurrence/describe-rule";
import { instantToLocal } from "@todo/recurrence/zoned-time";
import { CsvError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

export const TODOIST_COLUMNS = [
  "TYPE",
  "CONTENT",
  "DESCRIPTION",
  "PRIORITY",
  "INDENT",
  "AUTHOR",
  "RESPONSIBLE",
  "DATE",
  "DATE_LANG",
  "TIMEZONE",
] as const;

/**
 * Todoist's numbers, as its API and its CSV files write them: 4 is the most
 * urgent (shown as p1), 1 the natural default (p4). The one table both ways.
 */
const toTodoist: Record<TaskPriority, number> = { high: 4, medium: 3, low: 2, none: 1 };
const fromTodoist: Record<string, TaskPriority> = { "4": "high", "3": "medium", "2": "low", "1": "none" };

/**
 * Cells a spreadsheet would run as a formula (= + - @, and a leading tab or
 * CR) are written with a leading apostrophe (csv-stringify's escape_formulas,
 * OWASP's advice); rows end in CRLF (RFC 4180).
 */
const csvOptions = { escape_formulas: true, record_delimiter: "windows" } as const;

export function csvHeader(): string {
  return stringify([[...TODOIST_COLUMNS]], csvOptions);
}

/** A list as a section row, with the empty row Todoist puts after each entry. */
export function sectionRows(name: string): string {
  return stringify([["section", name, "", "", "", "", "", "", "", ""], []], csvOptions);
}

// A tag with characters a Todoist label cannot hold (spaces, punctuation) keeps
// its words, joined by "_", so it still reads back as one tag.
const labelOf = (tag: string) => tag.replace(/[^\p{L}\p{N}_-]+/gu, "_");

/**
 * The due as a phrase quick add (and Todoist) reads back: "2026-12-24",
 * "2026-12-24 17:00" (in the owner's zone), or the rule's words starting at
 * the current due: "every month on the 1st starting 2026-12-01 at 09:00".
 */
export function duePhrase(task: TaskRow, zone: string): string {
  if (!task.dueDate) return "";
  const time = task.dueAt ? instantToLocal(task.dueAt, zone) : null;
  const day = time?.date ?? task.dueDate;
  if (task.recurrence) {
    const words = describeRule(task.recurrence.rule, task.recurrence.from);
    return `${words} starting ${day}${time ? ` at ${time.time}` : ""}`;
  }
  return time ? `${day} ${time.time}` : day;
}

/** Open tasks only: Todoist's template has no completed state. */
export function taskRows(tasks: readonly TaskRow[], zone: string): string {
  const rows: string[][] = [];
  for (const task of tasks) {
    const content = [task.title, ...task.tags.map((tag) => `@${labelOf(tag)}`)].join(" ");
    rows.push([
      "task",
      content,
      task.description ?? "",
      String(toTodoist[task.priority]),
      "1",
      "",
      "",
      duePhrase(task, zone),
      task.dueDate ? "en" : "",
      task.dueDate ? zone : "",
    ]);
    rows.push([]);
  }
  return rows.length === 0 ? "" : stringify(rows, csvOptions);
}

/** One row of a Todoist file as read: its line (1 = the header) and its cells by column. */
export interface TodoistRow {
  line: number;
  type: string;
  content: string;
  description: string;
  priority: string;
  date: string;
}

export class TodoistCsvUnreadable extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
  }
}

/** Undoes the export's formula escaping: a leading apostrophe before = + - @ tab or CR. */
const unescapeFormula = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** The rows of a Todoist CSV file; throws TodoistCsvUnreadable when it is not one. */
export function readTodoistCsv(text: string): TodoistRow[] {
  const source = text.replace(/^\uFEFF/, "");
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(source, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 64 * 1024,
    }) as unknown as { record: string[]; info: { bytes: number } }[];
  } catch (error) {
    if (error instanceof CsvError)
      throw new TodoistCsvUnreadable(
        `The file is not valid CSV: ${error.message}`,
        (error as CsvError & { lines?: number }).lines ?? null,
      );
    throw error;
  }
  // Each record's first line, counted here: csv-parse's own `lines` is the
  // line after a record, and counts a CRLF inside a quoted cell twice.
  const bytes = Buffer.from(source);
  let [pos, line, end] = [0, 1, 0];
  const firstLines = records.map(({ info }) => {
    for (; pos < end || bytes[pos] === 0x0d || bytes[pos] === 0x0a; pos++) if (bytes[pos] === 0x0a) line++;
    end = info.bytes;
    return line;
  });
  const [header, ...body] = records;
  const names = (header?.record ?? []).map((name) => name.trim().toUpperCase());
  const column = (name: string) => names.indexOf(name);
  const [type, content] = [column("TYPE"), column("CONTENT")];
  if (type < 0 || content < 0)
    throw new TodoistCsvUnreadable(
      "This is not a Todoist CSV file: its first line must name the columns, TYPE and CONTENT among them.",
      1,
    );
  const cell = (record: string[], index: number) => (index < 0 ? "" : (record[index] ?? ""));
  const [description, priority, date] = [column("DESCRIPTION"), column("PRIORITY"), column("DATE")];
  return body.map(({ record }, i) => ({
    line: firstLines[i + 1] ?? 0,
    type: cell(record, type).trim().toLowerCase(),
    content: unescapeFormula(cell(record, content)),
    description: unescapeFormula(cell(record, description)),
    priority: cell(record, priority).trim(),
    date: unescapeFormula(cell(record, date)).trim(),
  }));
}

/** Todoist's number as our priority; undefined for a value it never writes. */
export function priorityOf(value: string): TaskPriority | undefined {
  return value === "" ? "none" : fromTodoist[value];
}

// As quick add reads them: `@label` at the start of a word.
const labelPattern = new RegExp(
  `(^|[\\s(["“])@([\\p{L}\\p{N}_-]{1,${TAG_MAX}})(?=$|[\\s,.;:!?)\\]"”])`,
  "gu",
);

/** CONTENT's `@labels` as tags (lower-cased, unique), and the title that is left. */
export function splitLabels(content: string): { title: string; tags: string[] } {
  const tags: string[] = [];
  const title = content
    .replace(labelPattern, (_, before: string, label: string) => {
      const tag = label.toLowerCase();
      if (!tags.includes(tag)) tags.push(tag);
      return before;
    })
    .replace(/\s+/gu, " ")
    .trim();
  return { title, tags };
}
