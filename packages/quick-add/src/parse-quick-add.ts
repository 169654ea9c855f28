// Quick add (SPEC §8): "Pay rent every month on the 1st p1 #Home @bills" →
// a title and the task's fields. One module for both sides: the browser runs
// it as the user types to highlight `tokens`, the server runs it again as the
// authority, so it takes the zone and "now" as arguments and never reads the
// process's own clock or zone.
import { TAG_MAX } from "@todo/contract/limits";
import { describeRule } from "@todo/recurrence/describe-rule";
import { firstOccurrenceOnOrAfter } from "@todo/recurrence/next-occurrence";
import { normalizeRule, RecurrenceRuleError } from "@todo/recurrence/rule";
import { addDays, instantToLocal, localToInstant, todayIn } from "@todo/recurrence/zoned-time";
import {
  type Clock,
  type Due,
  endsPhrase,
  matchDue,
  matchRecurrence,
  type RecurrencePhrase,
} from "./grammar";

export type QuickAddTokenKind = "date" | "recurrence" | "priority" | "list" | "tag";

/** A recognised phrase: UTF-16 offsets into the input text, `end` exclusive. */
export interface QuickAddToken {
  start: number;
  end: number;
  kind: QuickAddTokenKind;
}

export interface QuickAddResult {
  /** What is left, whitespace collapsed, trimmed; may be "" (the caller answers 422). */
  title: string;
  /** YYYY-MM-DD in the owner's zone; always set when there is a due. */
  dueDate: string | null;
  /** ISO instant with Z, only when a time of day was given. */
  dueAt: string | null;
  recurrence: { rule: string; text: string; from: "due" | "completion" } | null;
  priority: "none" | "low" | "medium" | "high";
  /** Lower-cased, unique, in order. */
  tags: string[];
  /** Id of the caller's list named by #Name (case-insensitive), else null. */
  listId: string | null;
  /** Sorted by start. */
  tokens: QuickAddToken[];
}

export interface QuickAddContext {
  /** The owner's IANA zone: "today" and every time of day are read in it. */
  timeZone: string;
  now: Date;
  /** The caller's lists, for `#Name`. */
  lists: ReadonlyArray<{ id: string; name: string }>;
}

const priorities = { "1": "high", "2": "medium", "3": "low", "4": "none" } as const;

// Phrases start at the start of a word: after a space, an opening bracket or
// quote, or at the very start. So "bob@example.com" holds no tag and
// "x#Work" no list.
const wordStart = /[\s(["“]/u;
const tagPattern = new RegExp(`@([\\p{L}\\p{N}_-]{1,${TAG_MAX}})`, "uy");
const priorityPattern = /p([1-4])(?![\p{L}\p{N}_])/iuy;

interface Accepted {
  readonly token: QuickAddToken;
}

/**
 * Parses quick-add text in the owner's zone at `now`. Never throws for any
 * text; an unknown zone is a RangeError (the caller validated it already).
 */
export function parseQuickAdd(text: string, context: QuickAddContext): QuickAddResult {
  const { timeZone: zone, now } = context;
  const clock: Clock = { today: todayIn(zone, now), now, addDays };
  // Longest first, so "#Home Office" wins over "#Home".
  const lists = [...context.lists].sort((a, b) => b.name.length - a.name.length);

  const tokens: QuickAddToken[] = [];
  let priority: QuickAddResult["priority"] | null = null;
  let listId: string | null = null;
  const tags: string[] = [];
  // A task has one due: at most one day, one time of day and one recurrence.
  // A later phrase that would set one of them again stays in the title.
  // (Fields of one object: TypeScript does not follow assignments made in a
  // closure, and would narrow plain `let`s to null after the loop.)
  const found: {
    day: (Due & Accepted) | null;
    time: (Due & Accepted) | null;
    recurrence: (RecurrencePhrase & Accepted & { normalized: string }) | null;
  } = { day: null, time: null, recurrence: null };

  const accept = (start: number, end: number, kind: QuickAddTokenKind): QuickAddToken => {
    const token = { start, end, kind };
    tokens.push(token);
    return token;
  };

  /** The phrase recognised at `pos` (and taken into the result), as its end; null when none. */
  function recognise(pos: number): number | null {
    const char = text[pos];
    if (char === "#") {
      if (listId !== null) return null;
      for (const list of lists) {
        const end = pos + 1 + list.name.length;
        if (list.name === "" || text.slice(pos + 1, end).toLowerCase() !== list.name.toLowerCase()) continue;
        if (!endsPhrase(text, end)) continue;
        listId = list.id;
        accept(pos, end, "list");
        return end;
      }
      return null;
    }
    if (char === "@") {
      tagPattern.lastIndex = pos;
      const m = tagPattern.exec(text);
      if (!m || !endsPhrase(text, tagPattern.lastIndex)) return null;
      const tag = (m[1] ?? "").toLowerCase();
      if (!tags.includes(tag)) tags.push(tag);
      accept(pos, tagPattern.lastIndex, "tag");
      return tagPattern.lastIndex;
    }
    priorityPattern.lastIndex = pos;
    const p = priorityPattern.exec(text);
    if (p && endsPhrase(text, priorityPattern.lastIndex)) {
      if (priority !== null) return null;
      priority = priorities[p[1] as keyof typeof priorities];
      accept(pos, priorityPattern.lastIndex, "priority");
      return priorityPattern.lastIndex;
    }

    const rec = matchRecurrence(text, pos, clock);
    if (rec) {
      const { day, time, recurrence } = found;
      if (
        recurrence !== null ||
        (rec.time !== undefined && time !== null) ||
        (rec.start !== undefined && day !== null)
      ) {
        return null;
      }
      let normalized: string;
      try {
        normalized = normalizeRule(rec.rule);
      } catch (error) {
        // A phrase the engine cannot run ("every 5000 days") is left as words.
        if (error instanceof RecurrenceRuleError) return null;
        throw error;
      }
      found.recurrence = { ...rec, normalized, token: accept(pos, rec.end, "recurrence") };
      return rec.end;
    }

    const due = matchDue(text, pos, clock);
    if (due) {
      const setsDay = due.date !== undefined || due.instant !== undefined;
      const setsTime = due.time !== undefined || due.instant !== undefined;
      const { day, time, recurrence } = found;
      const dayTaken = day !== null || recurrence?.start !== undefined;
      const timeTaken = time !== null || recurrence?.time !== undefined;
      if ((setsDay && dayTaken) || (setsTime && timeTaken)) return null;
      const accepted = { ...due, token: accept(pos, due.end, "date") };
      if (setsDay) found.day = accepted;
      if (setsTime) found.time = accepted;
      return due.end;
    }
    return null;
  }

  for (let pos = 0; pos < text.length; ) {
    const char = text[pos] ?? "";
    const atWordStart = !/\s/u.test(char) && (pos === 0 || wordStart.test(text[pos - 1] ?? ""));
    const end = atWordStart ? recognise(pos) : null;
    pos = end ?? pos + 1;
  }

  const { recurrence } = found;
  const due = resolveDue(found.day, found.time, recurrence, clock, zone);
  if (due.dropRecurrence && recurrence) tokens.splice(tokens.indexOf(recurrence.token), 1);
  return {
    title: titleOf(text, tokens),
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    recurrence: due.recurrence,
    priority: priority ?? "none",
    tags,
    listId,
    tokens,
  };
}

interface ResolvedDue {
  dueDate: string | null;
  dueAt: string | null;
  recurrence: QuickAddResult["recurrence"];
  dropRecurrence: boolean;
}

const isPast = (instant: string, now: Date) => Date.parse(instant) < now.getTime();

/** Turns the recognised day, time and recurrence into the task's due, in `zone`. */
function resolveDue(
  day: Due | null,
  time: Due | null,
  recurrence: (RecurrencePhrase & { normalized: string }) | null,
  clock: Clock,
  zone: string,
): ResolvedDue {
  const exact = day?.instant ?? time?.instant;
  const local = exact === undefined ? null : instantToLocal(exact, zone);
  const givenDay = day?.date ?? local?.date;
  const givenTime = time?.time ?? local?.time;

  if (recurrence) {
    const timeOfDay = recurrence.time ?? givenTime;
    const start = recurrence.start ?? givenDay;
    const first = firstDue(recurrence.normalized, start, timeOfDay, clock, zone);
    if (first !== null) {
      const dueAt = timeOfDay === undefined ? null : localToInstant(first, timeOfDay, zone);
      return {
        dueDate: dueAt === null ? first : instantToLocal(dueAt, zone).date,
        dueAt,
        recurrence: {
          rule: recurrence.normalized,
          text: describeRule(recurrence.normalized, recurrence.from),
          from: recurrence.from,
        },
        dropRecurrence: false,
      };
    }
    // No occurrence at all ("every day until yesterday"): the words stay in
    // the title and the other phrases still count.
  }

  const result = (dueAt: string | null, dueDate: string | null): ResolvedDue => ({
    dueDate: dueAt === null ? dueDate : instantToLocal(dueAt, zone).date,
    dueAt,
    recurrence: null,
    dropRecurrence: recurrence !== null,
  });
  if (exact !== undefined) return result(exact, null);
  if (givenDay !== undefined && givenTime !== undefined)
    return result(localToInstant(givenDay, givenTime, zone), null);
  if (givenTime !== undefined) {
    // A time alone is today's while it is still ahead, else tomorrow's.
    const today = localToInstant(clock.today, givenTime, zone);
    return result(
      isPast(today, clock.now) ? localToInstant(clock.addDays(clock.today, 1), givenTime, zone) : today,
      null,
    );
  }
  if (givenDay !== undefined) {
    const soft = day?.softTime === undefined ? null : localToInstant(givenDay, day.softTime, zone);
    return result(soft !== null && !isPast(soft, clock.now) ? soft : null, givenDay);
  }
  return result(null, null);
}

/**
 * The first due of a new recurrence: its first occurrence on or after the
 * start, or with no start on or after today — and, with a time of day, not
 * already past.
 */
function firstDue(
  rule: string,
  start: string | undefined,
  timeOfDay: string | undefined,
  clock: Clock,
  zone: string,
) {
  // The series is anchored at its first due (RFC 5545's DTSTART), so that
  // due is looked for with INTERVAL left out: "every other monday" typed on
  // a Thursday is due next Monday, not the Monday of the week after, and the
  // two-week rhythm counts from there.
  const scan = rule.replace(/(^|;)INTERVAL=\d+/, "");
  const first = firstOccurrenceOnOrAfter(scan, start ?? clock.today);
  if (first === null || start !== undefined || timeOfDay === undefined) return first;
  if (!isPast(localToInstant(first, timeOfDay, zone), clock.now)) return first;
  return firstOccurrenceOnOrAfter(scan, clock.addDays(first, 1));
}

/**
 * The text outside the tokens, whitespace collapsed; punctuation and empty
 * brackets a phrase leaves dangling go too.
 */
function titleOf(text: string, tokens: readonly QuickAddToken[]): string {
  let title = "";
  let cursor = 0;
  const join = (left: string, right: string) => {
    const [l, r] = [left.trimEnd(), right.trimStart()];
    if (l === "" || r === "") return l + r;
    // "Call mom tomorrow, then Bob": no space before the comma that was after the date.
    return /^[,.;:!?)]/u.test(r) ? l + r : `${l} ${r}`;
  };
  for (const token of tokens) {
    title = join(title, text.slice(cursor, token.start));
    cursor = token.end;
  }
  title = join(title, text.slice(cursor)).replace(/\s+/gu, " ").trim();
  if (tokens.length === 0) return title;
  // "Read 1984 (tomorrow)": the brackets that held only the phrase go with it.
  return title.replace(/\s*(?:\(\s*\)|\[\s*\])/gu, "").replace(/^[\s,;:]+|[\s,;:]+$/gu, "");
}
