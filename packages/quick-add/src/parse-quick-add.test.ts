import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseQuickAdd, type QuickAddResult } from "./parse-quick-add";

// Thursday 2026-03-26, 10:00 UTC: 11:00 in Berlin (CET, three days before
// the spring-forward of Sunday 2026-03-29), 06:00 in New York (EDT).
const NOW = "2026-03-26T10:00:00Z";
// 23:50 on Thursday in Auckland (NZDT, +13) while it is 10:50 UTC…
const AUCKLAND_BEFORE_MIDNIGHT = "2026-03-26T10:50:00Z";
// …and 00:10 on Friday there, still Thursday in UTC.
const AUCKLAND_AFTER_MIDNIGHT = "2026-03-26T11:10:00Z";

const lists = [
  { id: "11111111-1111-4111-8111-111111111111", name: "Home" },
  { id: "22222222-2222-4222-8222-222222222222", name: "Work" },
  { id: "33333333-3333-4333-8333-333333333333", name: "Home Office" },
  { id: "44444444-4444-4444-8444-444444444444", name: "Inbox" },
];
const [HOME, WORK, HOME_OFFICE] = lists.map((l) => l.id);

interface Row {
  text: string;
  zone?: string;
  now?: string;
  title: string;
  date?: string;
  at?: string;
  rule?: string;
  from?: "due" | "completion";
  priority?: QuickAddResult["priority"];
  tags?: string[];
  list?: string;
}

// Every example of SPEC §8 and then some. Unset fields are asserted too:
// no due, no recurrence, priority "none", no tags, no list.
const rows: Row[] = [
  // --- UTC: single dates and times -------------------------------------
  { text: "Call mom tomorrow at 5pm", title: "Call mom", date: "2026-03-27", at: "2026-03-27T17:00:00.000Z" },
  { text: "today", title: "", date: "2026-03-26" },
  { text: "tomorrow", title: "", date: "2026-03-27" },
  { text: "Buy milk today", title: "Buy milk", date: "2026-03-26" },
  { text: "next friday", title: "", date: "2026-04-03" },
  { text: "fri", title: "", date: "2026-03-27" },
  { text: "Submit report Friday", title: "Submit report", date: "2026-03-27" },
  // A weekday names today when it is today (Todoist's "fri" on a Friday).
  { text: "thu", title: "", date: "2026-03-26" },
  { text: "this thursday", title: "", date: "2026-03-26" },
  { text: "next thursday", title: "", date: "2026-04-02" },
  { text: "in 3 days", title: "", date: "2026-03-29" },
  { text: "dec 24", title: "", date: "2026-12-24" },
  { text: "24 december", title: "", date: "2026-12-24" },
  { text: "2026-12-24", title: "", date: "2026-12-24" },
  { text: "at 5pm", title: "", date: "2026-03-26", at: "2026-03-26T17:00:00.000Z" },
  { text: "17:30", title: "", date: "2026-03-26", at: "2026-03-26T17:30:00.000Z" },
  { text: "tomorrow 9am", title: "", date: "2026-03-27", at: "2026-03-27T09:00:00.000Z" },
  // A time alone that has passed today is tomorrow's…
  { text: "Stretch at 9am", title: "Stretch", date: "2026-03-27", at: "2026-03-27T09:00:00.000Z" },
  // …and one that is now exactly is not past.
  { text: "at 10", title: "", date: "2026-03-26", at: "2026-03-26T10:00:00.000Z" },
  { text: "next week", title: "", date: "2026-03-30" },
  { text: "in 2 weeks", title: "", date: "2026-04-09" },
  { text: "in a week", title: "", date: "2026-04-02" },
  { text: "in two months", title: "", date: "2026-05-26" },
  { text: "mon 9:30", title: "", date: "2026-03-30", at: "2026-03-30T09:30:00.000Z" },
  { text: "Dentist on friday", title: "Dentist", date: "2026-03-27" },
  { text: "Lunch noon", title: "Lunch", date: "2026-03-26", at: "2026-03-26T12:00:00.000Z" },
  { text: "midnight", title: "", date: "2026-03-27", at: "2026-03-27T00:00:00.000Z" },
  // A day and month that have passed this year mean next year's; today has not passed.
  { text: "jan 5", title: "", date: "2027-01-05" },
  { text: "mar 26", title: "", date: "2026-03-26" },
  { text: "March 25th", title: "", date: "2027-03-25" },
  { text: "2025-12-24", title: "", date: "2025-12-24" },
  { text: "dec 24 2027", title: "", date: "2027-12-24" },
  { text: "dec 24, 2027", title: "", date: "2027-12-24" },
  { text: "24th of december", title: "", date: "2026-12-24" },
  { text: "feb 29", title: "", date: "2028-02-29" },
  { text: "tonight", title: "", date: "2026-03-26", at: "2026-03-26T19:00:00.000Z" },
  { text: "tonight at 9pm", title: "", date: "2026-03-26", at: "2026-03-26T21:00:00.000Z" },
  { text: "in 2 hours", title: "", date: "2026-03-26", at: "2026-03-26T12:00:00.000Z" },
  { text: "in 30 minutes", title: "", date: "2026-03-26", at: "2026-03-26T10:30:00.000Z" },
  { text: "next month", title: "", date: "2026-04-01" },
  { text: "end of month", title: "", date: "2026-03-31" },
  { text: "this weekend", title: "", date: "2026-03-28" },
  { text: "next weekend", title: "", date: "2026-04-04" },
  { text: "day after tomorrow", title: "", date: "2026-03-28" },
  { text: "yesterday", title: "", date: "2026-03-25" },
  { text: "Meeting on the 15th", title: "Meeting", date: "2026-04-15" },
  { text: "Call Anna 5pm tomorrow", title: "Call Anna", date: "2026-03-27", at: "2026-03-27T17:00:00.000Z" },
  { text: "Finish report by friday", title: "Finish report", date: "2026-03-27" },
  { text: "Dinner fri at 7pm", title: "Dinner", date: "2026-03-27", at: "2026-03-27T19:00:00.000Z" },
  { text: "Dinner Fri @ 7pm", title: "Dinner", date: "2026-03-27", at: "2026-03-27T19:00:00.000Z" },
  { text: "tomorrow at 16:00", title: "", date: "2026-03-27", at: "2026-03-27T16:00:00.000Z" },
  { text: "tomorrow morning", title: "", date: "2026-03-27", at: "2026-03-27T09:00:00.000Z" },
  {
    text: "Pay bills 2026-04-01 at 9am",
    title: "Pay bills",
    date: "2026-04-01",
    at: "2026-04-01T09:00:00.000Z",
  },
  { text: "Meet at 3pm on monday", title: "Meet", date: "2026-03-30", at: "2026-03-30T15:00:00.000Z" },
  { text: "Gym 7:30am", title: "Gym", date: "2026-03-27", at: "2026-03-27T07:30:00.000Z" },
  { text: "Gym at 6 p.m.", title: "Gym", date: "2026-03-26", at: "2026-03-26T18:00:00.000Z" },
  // A day and a time apart from each other make one due.
  { text: "Tomorrow call mom at 5pm", title: "call mom", date: "2026-03-27", at: "2026-03-27T17:00:00.000Z" },
  // A second day stays in the title: a task has one due.
  { text: "tomorrow friday", title: "friday", date: "2026-03-27" },

  // --- UTC: recurrences ---------------------------------------------------
  { text: "every day", title: "", date: "2026-03-26", rule: "FREQ=DAILY" },
  { text: "every weekday", title: "", date: "2026-03-26", rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" },
  { text: "every 2 weeks", title: "", date: "2026-03-26", rule: "FREQ=WEEKLY;INTERVAL=2" },
  { text: "every mon, fri", title: "", date: "2026-03-27", rule: "FREQ=WEEKLY;BYDAY=MO,FR" },
  { text: "every month on the 1st", title: "", date: "2026-04-01", rule: "FREQ=MONTHLY;BYMONTHDAY=1" },
  { text: "every last day of the month", title: "", date: "2026-03-31", rule: "FREQ=MONTHLY;BYMONTHDAY=-1" },
  { text: "every 3rd friday", title: "", date: "2026-04-17", rule: "FREQ=MONTHLY;BYDAY=3FR" },
  {
    text: "every year on jan 27",
    title: "",
    date: "2027-01-27",
    rule: "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27",
  },
  {
    text: "every day at 9am",
    title: "",
    date: "2026-03-27",
    at: "2026-03-27T09:00:00.000Z",
    rule: "FREQ=DAILY",
  },
  { text: "every! 3 days", title: "", date: "2026-03-26", rule: "FREQ=DAILY;INTERVAL=3", from: "completion" },
  { text: "every day until dec 31", title: "", date: "2026-03-26", rule: "FREQ=DAILY;UNTIL=20261231" },
  { text: "every day for 10 times", title: "", date: "2026-03-26", rule: "FREQ=DAILY;COUNT=10" },
  {
    text: "every weekday at 9:30",
    title: "",
    date: "2026-03-27",
    at: "2026-03-27T09:30:00.000Z",
    rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
  },
  { text: "every other week", title: "", date: "2026-03-26", rule: "FREQ=WEEKLY;INTERVAL=2" },
  { text: "daily", title: "", date: "2026-03-26", rule: "FREQ=DAILY" },
  { text: "weekly", title: "", date: "2026-03-26", rule: "FREQ=WEEKLY" },
  { text: "monthly", title: "", date: "2026-03-26", rule: "FREQ=MONTHLY" },
  { text: "yearly", title: "", date: "2026-03-26", rule: "FREQ=YEARLY" },
  // Todoist: "a date can be part of a task name"; it highlights it all the same.
  { text: "Write monthly report", title: "Write report", date: "2026-03-26", rule: "FREQ=MONTHLY" },
  { text: "every 1st and 15th", title: "", date: "2026-04-01", rule: "FREQ=MONTHLY;BYMONTHDAY=1,15" },
  // The first due is the next Monday; the two-week rhythm counts from it.
  { text: "every other monday", title: "", date: "2026-03-30", rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO" },
  {
    text: "every monday, wednesday and friday",
    title: "",
    date: "2026-03-27",
    rule: "FREQ=WEEKLY;BYDAY=MO,WE,FR",
  },
  { text: "every last friday", title: "", date: "2026-03-27", rule: "FREQ=MONTHLY;BYDAY=-1FR" },
  { text: "every 27 jan", title: "", date: "2027-01-27", rule: "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27" },
  {
    text: "every morning",
    title: "",
    date: "2026-03-27",
    at: "2026-03-27T09:00:00.000Z",
    rule: "FREQ=DAILY",
  },
  {
    text: "every evening",
    title: "",
    date: "2026-03-26",
    at: "2026-03-26T19:00:00.000Z",
    rule: "FREQ=DAILY",
  },
  // Todoist: "every weekend" is every Saturday.
  { text: "every weekend", title: "", date: "2026-03-28", rule: "FREQ=WEEKLY;BYDAY=SA" },
  {
    text: "every day at 9am starting next week",
    title: "",
    date: "2026-03-30",
    at: "2026-03-30T09:00:00.000Z",
    rule: "FREQ=DAILY",
  },
  {
    text: "every mon 9am",
    title: "",
    date: "2026-03-30",
    at: "2026-03-30T09:00:00.000Z",
    rule: "FREQ=WEEKLY;BYDAY=MO",
  },
  {
    text: "every weekday until 2026-06-30",
    title: "",
    date: "2026-03-26",
    rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20260630",
  },
  {
    text: "every 2 months on the last day",
    title: "",
    date: "2026-03-31",
    rule: "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1",
  },
  {
    text: "every jan 1 at midnight",
    title: "",
    date: "2027-01-01",
    at: "2027-01-01T00:00:00.000Z",
    rule: "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1",
  },
  { text: "every day, 3 times", title: "", date: "2026-03-26", rule: "FREQ=DAILY;COUNT=3" },
  { text: "ev! week", title: "", date: "2026-03-26", rule: "FREQ=WEEKLY", from: "completion" },
  {
    text: "Water plants every other day",
    title: "Water plants",
    date: "2026-03-26",
    rule: "FREQ=DAILY;INTERVAL=2",
  },
  // "for 3 weeks": the last day inside them, counted from today.
  { text: "every day for 3 weeks", title: "", date: "2026-03-26", rule: "FREQ=DAILY;UNTIL=20260415" },
  {
    text: "Take out trash every tue at 8pm",
    title: "Take out trash",
    date: "2026-03-31",
    at: "2026-03-31T20:00:00.000Z",
    rule: "FREQ=WEEKLY;BYDAY=TU",
  },
  { text: "every 3 months", title: "", date: "2026-03-26", rule: "FREQ=MONTHLY;INTERVAL=3" },
  {
    text: "every year on jan 27 for 5 times",
    title: "",
    date: "2027-01-27",
    rule: "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27;COUNT=5",
  },
  {
    text: "every fri at 5pm starting dec 1",
    title: "",
    date: "2026-12-04",
    at: "2026-12-04T17:00:00.000Z",
    rule: "FREQ=WEEKLY;BYDAY=FR",
  },
  {
    text: "every! 2 weeks",
    title: "",
    date: "2026-03-26",
    rule: "FREQ=WEEKLY;INTERVAL=2",
    from: "completion",
  },
  { text: "every month on the 3rd fri", title: "", date: "2026-04-17", rule: "FREQ=MONTHLY;BYDAY=3FR" },
  // A day elsewhere in the text starts the series; a time elsewhere is its time.
  { text: "Yoga every mon starting apr 6", title: "Yoga", date: "2026-04-06", rule: "FREQ=WEEKLY;BYDAY=MO" },
  {
    text: "Review every friday #Work at 4pm",
    title: "Review",
    date: "2026-03-27",
    at: "2026-03-27T16:00:00.000Z",
    rule: "FREQ=WEEKLY;BYDAY=FR",
    list: WORK,
  },
  // No occurrence before UNTIL: not a recurrence, the words stay.
  { text: "every year on jan 27 until feb 1 2026", title: "every year on jan 27 until feb 1 2026" },
  // "every" before anything else is a word.
  { text: "Read every book", title: "Read every book" },

  // --- UTC: priority, lists, tags, titles ---------------------------------
  {
    text: "Pay rent every month on the 1st p1 #Home @bills",
    title: "Pay rent",
    date: "2026-04-01",
    rule: "FREQ=MONTHLY;BYMONTHDAY=1",
    priority: "high",
    tags: ["bills"],
    list: HOME,
  },
  {
    text: "every weekday at 9:30 p1 #Work",
    title: "",
    date: "2026-03-27",
    at: "2026-03-27T09:30:00.000Z",
    rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    priority: "high",
    list: WORK,
  },
  { text: "Call Bob p2", title: "Call Bob", priority: "medium" },
  { text: "Call Bob p3", title: "Call Bob", priority: "low" },
  { text: "Call Bob p4", title: "Call Bob", priority: "none" },
  { text: "P1 Call Bob", title: "Call Bob", priority: "high" },
  { text: "Call Bob p5", title: "Call Bob p5" },
  { text: "Call Bob p1x", title: "Call Bob p1x" },
  { text: "Call Bob p1 p2", title: "Call Bob p2", priority: "high" },
  { text: "Plan trip #Home Office", title: "Plan trip", list: HOME_OFFICE },
  { text: "Plan trip #home", title: "Plan trip", list: HOME },
  { text: "#HOME office chair", title: "chair", list: HOME_OFFICE },
  { text: "#inbox sort mail", title: "sort mail", list: lists[3]?.id },
  { text: "Plan trip #Homework", title: "Plan trip #Homework" },
  { text: "Plan trip #Garden", title: "Plan trip #Garden" },
  { text: "#Home #Work", title: "#Work", list: HOME },
  { text: "Read @Books @reading @books", title: "Read", tags: ["books", "reading"] },
  { text: "Ship it @release-2 @q_3", title: "Ship it", tags: ["release-2", "q_3"] },
  { text: "Lire @à-faire", title: "Lire", tags: ["à-faire"] },
  // An e-mail address is not a tag: "@" must start a word.
  { text: "mail bob@example.com", title: "mail bob@example.com" },
  { text: "Email a@b.c about it @urgent", title: "Email a@b.c about it", tags: ["urgent"] },
  { text: `Note @${"x".repeat(33)}`, title: `Note @${"x".repeat(33)}` },
  { text: `Note @${"x".repeat(32)}`, title: "Note", tags: ["x".repeat(32)] },
  { text: "p1", title: "", priority: "high" },
  { text: "  Buy   milk  ", title: "Buy milk" },
  { text: "", title: "" },
  { text: "tomorrow's party", title: "tomorrow's party" },
  { text: "Buy sun cream", title: "Buy sun cream" },
  { text: "Brunch on sun", title: "Brunch", date: "2026-03-29" },
  { text: "sat 10am", title: "", date: "2026-03-28", at: "2026-03-28T10:00:00.000Z" },
  { text: "Call mom tomorrow, then Bob", title: "Call mom, then Bob", date: "2026-03-27" },
  { text: "Buy milk, tomorrow", title: "Buy milk", date: "2026-03-27" },
  { text: "2026-02-30", title: "2026-02-30" },
  { text: "Call Tom", title: "Call Tom" },
  { text: "Read 1984 (tomorrow)", title: "Read 1984", date: "2026-03-27" },
  { text: "Read 1984 (by friday) now", title: "Read 1984 now", date: "2026-03-27" },

  // --- Europe/Berlin: 11:00 CET, summer time from Sunday 2026-03-29 ---------
  { zone: "Europe/Berlin", text: "sun 9am", title: "", date: "2026-03-29", at: "2026-03-29T07:00:00.000Z" },
  { zone: "Europe/Berlin", text: "sat 9am", title: "", date: "2026-03-28", at: "2026-03-28T08:00:00.000Z" },
  {
    zone: "Europe/Berlin",
    text: "tomorrow at 5pm",
    title: "",
    date: "2026-03-27",
    at: "2026-03-27T16:00:00.000Z",
  },
  { zone: "Europe/Berlin", text: "at 10am", title: "", date: "2026-03-27", at: "2026-03-27T09:00:00.000Z" },
  { zone: "Europe/Berlin", text: "at noon", title: "", date: "2026-03-26", at: "2026-03-26T11:00:00.000Z" },
  { zone: "Europe/Berlin", text: "17:30", title: "", date: "2026-03-26", at: "2026-03-26T16:30:00.000Z" },
  { zone: "Europe/Berlin", text: "tonight", title: "", date: "2026-03-26", at: "2026-03-26T18:00:00.000Z" },
  // 02:30 does not exist on 2026-03-29: the clocks would have read 03:30.
  { zone: "Europe/Berlin", text: "sun 2:30", title: "", date: "2026-03-29", at: "2026-03-29T01:30:00.000Z" },
  {
    zone: "Europe/Berlin",
    text: "in 3 days at 9am",
    title: "",
    date: "2026-03-29",
    at: "2026-03-29T07:00:00.000Z",
  },
  {
    zone: "Europe/Berlin",
    text: "next monday 9:00",
    title: "",
    date: "2026-03-30",
    at: "2026-03-30T07:00:00.000Z",
  },
  {
    zone: "Europe/Berlin",
    text: "every day at 9am",
    title: "",
    date: "2026-03-27",
    at: "2026-03-27T08:00:00.000Z",
    rule: "FREQ=DAILY",
  },
  {
    zone: "Europe/Berlin",
    text: "every sun at 9am",
    title: "",
    date: "2026-03-29",
    at: "2026-03-29T07:00:00.000Z",
    rule: "FREQ=WEEKLY;BYDAY=SU",
  },
  {
    zone: "Europe/Berlin",
    text: "every weekday at 9:30 p1 #Work",
    title: "",
    date: "2026-03-27",
    at: "2026-03-27T08:30:00.000Z",
    rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    priority: "high",
    list: WORK,
  },
  {
    zone: "Europe/Berlin",
    text: "Stretch every! day at 8am",
    title: "Stretch",
    date: "2026-03-27",
    at: "2026-03-27T07:00:00.000Z",
    rule: "FREQ=DAILY",
    from: "completion",
  },
  // Saturday 23:30 CET, the night the clocks go forward.
  {
    zone: "Europe/Berlin",
    now: "2026-03-28T22:30:00Z",
    text: "tomorrow 9am",
    title: "",
    date: "2026-03-29",
    at: "2026-03-29T07:00:00.000Z",
  },
  { zone: "Europe/Berlin", now: "2026-03-28T22:30:00Z", text: "today", title: "", date: "2026-03-28" },
  {
    zone: "Europe/Berlin",
    now: "2026-03-28T22:30:00Z",
    text: "at 1am",
    title: "",
    date: "2026-03-29",
    at: "2026-03-29T00:00:00.000Z",
  },
  {
    zone: "Europe/Berlin",
    now: "2026-03-28T22:30:00Z",
    text: "every day at 10pm",
    title: "",
    date: "2026-03-29",
    at: "2026-03-29T20:00:00.000Z",
    rule: "FREQ=DAILY",
  },

  // --- America/New_York: 06:00 EDT -----------------------------------------
  { zone: "America/New_York", text: "at 9am", title: "", date: "2026-03-26", at: "2026-03-26T13:00:00.000Z" },
  { zone: "America/New_York", text: "at 5am", title: "", date: "2026-03-27", at: "2026-03-27T09:00:00.000Z" },
  { zone: "America/New_York", text: "tomorrow", title: "", date: "2026-03-27" },
  // December is standard time (-05:00).
  {
    zone: "America/New_York",
    text: "dec 24 at 5pm",
    title: "",
    date: "2026-12-24",
    at: "2026-12-24T22:00:00.000Z",
  },
  // 01:30 happens twice on 2026-11-01: the earlier (EDT) one.
  {
    zone: "America/New_York",
    text: "2026-11-01 at 1:30am",
    title: "",
    date: "2026-11-01",
    at: "2026-11-01T05:30:00.000Z",
  },
  {
    zone: "America/New_York",
    text: "every day at 7am",
    title: "",
    date: "2026-03-26",
    at: "2026-03-26T11:00:00.000Z",
    rule: "FREQ=DAILY",
  },
  {
    zone: "America/New_York",
    text: "Call Bob friday 5pm p2 @phone",
    title: "Call Bob",
    date: "2026-03-27",
    at: "2026-03-27T21:00:00.000Z",
    priority: "medium",
    tags: ["phone"],
  },
  {
    zone: "America/New_York",
    text: "every 3rd friday at 10am",
    title: "",
    date: "2026-04-17",
    at: "2026-04-17T14:00:00.000Z",
    rule: "FREQ=MONTHLY;BYDAY=3FR",
  },
  {
    zone: "America/New_York",
    text: "in 2 hours",
    title: "",
    date: "2026-03-26",
    at: "2026-03-26T12:00:00.000Z",
  },
  {
    zone: "America/New_York",
    text: "midnight",
    title: "",
    date: "2026-03-27",
    at: "2026-03-27T04:00:00.000Z",
  },
  // 22:00 on Thursday in New York, already Friday in UTC.
  { zone: "America/New_York", now: "2026-03-27T02:00:00Z", text: "today", title: "", date: "2026-03-26" },
  { zone: "America/New_York", now: "2026-03-27T02:00:00Z", text: "fri", title: "", date: "2026-03-27" },

  // --- Pacific/Auckland around midnight ---------------------------------------
  { zone: "Pacific/Auckland", now: AUCKLAND_BEFORE_MIDNIGHT, text: "today", title: "", date: "2026-03-26" },
  {
    zone: "Pacific/Auckland",
    now: AUCKLAND_BEFORE_MIDNIGHT,
    text: "tomorrow",
    title: "",
    date: "2026-03-27",
  },
  {
    zone: "Pacific/Auckland",
    now: AUCKLAND_BEFORE_MIDNIGHT,
    text: "at 11pm",
    title: "",
    date: "2026-03-27",
    at: "2026-03-27T10:00:00.000Z",
  },
  {
    zone: "Pacific/Auckland",
    now: AUCKLAND_BEFORE_MIDNIGHT,
    text: "at 11:55pm",
    title: "",
    date: "2026-03-26",
    at: "2026-03-26T10:55:00.000Z",
  },
  {
    zone: "Pacific/Auckland",
    now: AUCKLAND_BEFORE_MIDNIGHT,
    text: "every day at 9am",
    title: "",
    date: "2026-03-27",
    at: "2026-03-26T20:00:00.000Z",
    rule: "FREQ=DAILY",
  },
  {
    zone: "Pacific/Auckland",
    now: AUCKLAND_BEFORE_MIDNIGHT,
    text: "in 20 minutes",
    title: "",
    date: "2026-03-27",
    at: "2026-03-26T11:10:00.000Z",
  },
  { zone: "Pacific/Auckland", now: AUCKLAND_BEFORE_MIDNIGHT, text: "fri", title: "", date: "2026-03-27" },
  { zone: "Pacific/Auckland", now: AUCKLAND_AFTER_MIDNIGHT, text: "today", title: "", date: "2026-03-27" },
  { zone: "Pacific/Auckland", now: AUCKLAND_AFTER_MIDNIGHT, text: "fri", title: "", date: "2026-03-27" },
  { zone: "Pacific/Auckland", now: AUCKLAND_AFTER_MIDNIGHT, text: "thu", title: "", date: "2026-04-02" },
  {
    zone: "Pacific/Auckland",
    now: AUCKLAND_AFTER_MIDNIGHT,
    text: "every thu",
    title: "",
    date: "2026-04-02",
    rule: "FREQ=WEEKLY;BYDAY=TH",
  },
  {
    zone: "Pacific/Auckland",
    now: AUCKLAND_AFTER_MIDNIGHT,
    text: "next week",
    title: "",
    date: "2026-03-30",
  },
  // Summer time ends on 2026-04-05 at 03:00 (+13 → +12).
  {
    zone: "Pacific/Auckland",
    now: AUCKLAND_AFTER_MIDNIGHT,
    text: "apr 4 at 9am",
    title: "",
    date: "2026-04-04",
    at: "2026-04-03T20:00:00.000Z",
  },
  {
    zone: "Pacific/Auckland",
    now: AUCKLAND_AFTER_MIDNIGHT,
    text: "apr 5 at 9am",
    title: "",
    date: "2026-04-05",
    at: "2026-04-04T21:00:00.000Z",
  },
  {
    zone: "Pacific/Auckland",
    now: AUCKLAND_AFTER_MIDNIGHT,
    text: "every sun at 9am #Home",
    title: "",
    date: "2026-03-29",
    at: "2026-03-28T20:00:00.000Z",
    rule: "FREQ=WEEKLY;BYDAY=SU",
    list: HOME,
  },
];

function parse(text: string, zone = "UTC", now = NOW) {
  return parseQuickAdd(text, { timeZone: zone, now: new Date(now), lists });
}

/** The fields a row states, with the unstated ones at their empty values. */
function expected(row: Row) {
  return {
    title: row.title,
    dueDate: row.date ?? null,
    dueAt: row.at ?? null,
    rule: row.rule ?? null,
    from: row.rule === undefined ? null : (row.from ?? "due"),
    priority: row.priority ?? "none",
    tags: row.tags ?? [],
    listId: row.list ?? null,
  };
}

function actual(result: QuickAddResult) {
  return {
    title: result.title,
    dueDate: result.dueDate,
    dueAt: result.dueAt,
    rule: result.recurrence?.rule ?? null,
    from: result.recurrence?.from ?? null,
    priority: result.priority,
    tags: result.tags,
    listId: result.listId,
  };
}

describe("parseQuickAdd", () => {
  it("has a table of at least 100 phrases", () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
    expect(new Set(rows.map((r) => `${r.zone}|${r.now}|${r.text}`)).size).toBe(rows.length);
  });

  it.each(
    rows.map((row) => [
      `${row.zone ?? "UTC"}${row.now ? ` at ${row.now}` : ""}: ${JSON.stringify(row.text)}`,
      row,
    ]),
  )("%s", (_name, row) => {
    const result = parse(row.text, row.zone, row.now);
    expect(actual(result)).toEqual(expected(row));
    // Tokens are in order, inside the text, and never overlap.
    let last = 0;
    for (const token of result.tokens) {
      expect(token.start).toBeGreaterThanOrEqual(last);
      expect(token.end).toBeGreaterThan(token.start);
      last = token.end;
    }
    expect(last).toBeLessThanOrEqual(row.text.length);
  });

  it("marks each phrase with its exact offsets", () => {
    const cases: Array<[string, Array<[string, string]>]> = [
      [
        "Pay rent every month on the 1st p1 #Home @bills",
        [
          ["recurrence", "every month on the 1st"],
          ["priority", "p1"],
          ["list", "#Home"],
          ["tag", "@bills"],
        ],
      ],
      [
        "every weekday at 9:30 p1 #Work",
        [
          ["recurrence", "every weekday at 9:30"],
          ["priority", "p1"],
          ["list", "#Work"],
        ],
      ],
      ["Call mom tomorrow at 5pm", [["date", "tomorrow at 5pm"]]],
      [
        "Tomorrow call mom at 5pm",
        [
          ["date", "Tomorrow"],
          ["date", "at 5pm"],
        ],
      ],
      [
        "Plan trip #Home Office @travel p3",
        [
          ["list", "#Home Office"],
          ["tag", "@travel"],
          ["priority", "p3"],
        ],
      ],
      ["Ship by friday.", [["date", "by friday"]]],
      // Astral characters count as two UTF-16 units, as in the browser.
      [
        "🎂 Cake tomorrow @party",
        [
          ["date", "tomorrow"],
          ["tag", "@party"],
        ],
      ],
      ["mail bob@example.com #Garden", []],
    ];
    for (const [text, tokens] of cases) {
      const result = parse(text);
      expect(result.tokens.map((t) => [t.kind, text.slice(t.start, t.end)])).toEqual(tokens);
    }
    expect(parse("🎂 Cake tomorrow").tokens).toEqual([{ start: 8, end: 16, kind: "date" }]);
  });

  it("describes the recurrence in words it reads back as the same rule", () => {
    for (const row of rows.filter((r) => r.rule !== undefined)) {
      const first = parse(row.text, row.zone, row.now).recurrence;
      if (first === null) throw new Error(`no recurrence for ${row.text}`);
      const again = parse(first.text, row.zone, row.now).recurrence;
      expect({ text: first.text, rule: again?.rule, from: again?.from }).toEqual({
        text: first.text,
        rule: first.rule,
        from: first.from,
      });
    }
    expect(parse("Pay rent every month on the 1st").recurrence?.text).toBe("every month on the 1st");
    expect(parse("every! 3 days").recurrence?.text).toBe("every! 3 days");
    expect(parse("every mon, fri").recurrence?.text).toBe("every Mon, Fri");
  });

  it("gives the same answer whatever the list order or the process's zone", () => {
    const reversed = [...lists].reverse();
    const text = "Plan trip #home office tomorrow 9am";
    const a = parseQuickAdd(text, { timeZone: "Europe/Berlin", now: new Date(NOW), lists });
    const b = parseQuickAdd(text, { timeZone: "Europe/Berlin", now: new Date(NOW), lists: reversed });
    expect(b).toEqual(a);
    expect(a.listId).toBe(HOME_OFFICE);
    expect(a.dueAt).toBe("2026-03-27T08:00:00.000Z");
    // Every expectation above is in explicit zones; the suite is also run
    // with TZ=America/Los_Angeles to show the process's zone plays no part.
    expect(typeof Intl.DateTimeFormat().resolvedOptions().timeZone).toBe("string");
  });

  it("never throws, and keeps its tokens in order inside the text", () => {
    const words = [
      "every",
      "every!",
      "ev",
      "day",
      "2",
      "other",
      "mon",
      ",",
      "and",
      "at",
      "9am",
      "17:30",
      "on",
      "the",
      "1st",
      "last",
      "friday",
      "until",
      "for",
      "times",
      "dec",
      "24",
      "tomorrow",
      "in",
      "weeks",
      "p1",
      "#Home",
      "#",
      "@tag",
      "@",
      "starting",
      "next",
      "sat",
      "month",
      "year",
      "jan",
      "27",
      "Call",
      "mom",
      "x",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...words), { maxLength: 12 }),
        fc.constantFrom(" ", "  ", ", "),
        (parts, sep) => {
          const text = parts.join(sep);
          const result = parse(text, "Europe/Berlin");
          let last = 0;
          for (const token of result.tokens) {
            expect(token.start).toBeGreaterThanOrEqual(last);
            expect(token.end).toBeLessThanOrEqual(text.length);
            last = token.end;
          }
          if (result.recurrence !== null) expect(result.dueDate).not.toBeNull();
          if (result.dueAt !== null) expect(result.dueDate).not.toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });
});
