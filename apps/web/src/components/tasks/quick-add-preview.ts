// Quick add's preview, as plain data: the typed text cut into plain and
// recognised pieces (for the highlight), and what will be created ("Tomorrow
// 17:00 · every Mon · High · #Home"), from the shared parser's result.
import type { QuickAddParse } from "@/lib/task-types";
import { PRIORITY_LABELS } from "@/lib/task-view";
import { dueLabel } from "@/lib/zoned-dates";

export type TokenKind = QuickAddParse["tokens"][number]["kind"];

export interface Piece {
  text: string;
  kind: TokenKind | null;
  start: number;
}

/** The text as pieces, in order: each token's span, and the plain text around them. */
export function splitByTokens(text: string, tokens: QuickAddParse["tokens"]): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const token of [...tokens].sort((a, b) => a.start - b.start)) {
    if (token.start < at || token.end > text.length || token.end <= token.start) continue;
    if (token.start > at) pieces.push({ text: text.slice(at, token.start), kind: null, start: at });
    pieces.push({ text: text.slice(token.start, token.end), kind: token.kind, start: token.start });
    at = token.end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), kind: null, start: at });
  return pieces;
}

/** "Tomorrow 17:00 · every Mon · High · #Home · @bills": what the parse adds to the title. */
export function describeParse(
  parsed: Omit<QuickAddParse, "tokens" | "title">,
  context: { today: string; timeZone: string; listName: string | null; locale?: string | undefined },
): string[] {
  const parts: string[] = [];
  const due = dueLabel(parsed, context.today, context.timeZone, context.locale);
  if (due) parts.push(due);
  if (parsed.recurrence) parts.push(parsed.recurrence.text);
  if (parsed.priority !== "none") parts.push(PRIORITY_LABELS[parsed.priority]);
  if (context.listName) parts.push(`#${context.listName}`);
  for (const tag of parsed.tags) parts.push(`@${tag}`);
  return parts;
}
