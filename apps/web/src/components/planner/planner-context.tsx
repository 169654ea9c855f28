"use client";

// What every planner page shares, loaded once per visit by the planner
// layout: the user's time zone (GET /api/me; "today" means today there) and
// their lists with open counts (GET /api/lists), which the sidebar shows and
// quick add reads for `#List`. The counts are read again after each task
// write (`refreshLists`), a few writes at a time. It also holds the tab's
// live side (use-live-sync.ts): the event stream, the offline outbox, the
// offline banner, reminders as they fire, and conflicts to settle.
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { ApiError } from "@/lib/api-client";
import { goToSignIn } from "@/lib/drafts";
import * as plannerApi from "@/lib/planner-api";
import type { List, ListChanges, ListInput } from "@/lib/task-types";
import { browserTimeZone, todayIn } from "@/lib/zoned-dates";
import { ConflictDialog } from "../live/conflict-dialog";
import { OfflineBanner } from "../live/offline-banner";
import { ReminderNotices } from "../live/reminder-notices";
import { type LiveSync, useLiveSync } from "./use-live-sync";

export interface Planner {
  /** The user's zone: the browser's until /api/me has answered. */
  timeZone: string;
  /** Today in the user's zone; follows midnight. */
  today: string;
  /** Every list, archived ones too, Inbox first then by position; null until loaded. */
  lists: List[] | null;
  listsError: unknown;
  inbox: List | null;
  /** Reads the lists (and their counts) again, soon: writes in a burst share one read. */
  refreshLists: () => void;
  createList: (input: ListInput) => Promise<List>;
  updateList: (list: List, changes: ListChanges) => Promise<List>;
  deleteList: (list: List) => Promise<void>;
  /** Swaps the list with its neighbour among the lists the sidebar shows. */
  moveList: (list: List, direction: -1 | 1) => Promise<void>;
  setTimeZone: (zone: string) => Promise<void>;
  /** The event stream, the outbox and the conflicts of this tab. */
  live: LiveSync;
}

const PlannerContext = createContext<Planner | null>(null);

/** Set once the browser's zone has been offered to the API, so a later choice of UTC is kept. */
const ZONE_OFFERED_KEY = "todo:zone-offered";
const REFRESH_DELAY_MS = 300;

export function usePlanner(): Planner {
  const planner = useContext(PlannerContext);
  if (!planner) throw new Error("usePlanner: outside <PlannerProvider>");
  return planner;
}

/** The planner when there is one (the add box and task rows work outside it too, with the browser's zone). */
export function useOptionalPlanner(): Planner | null {
  return useContext(PlannerContext);
}

function byPosition(lists: List[]): List[] {
  return [...lists].sort((a, b) => Number(b.isInbox) - Number(a.isInbox) || a.position - b.position);
}

function sessionEnded(error: unknown): boolean {
  if (error instanceof ApiError && error.sessionExpired) {
    goToSignIn("session-ended");
    return true;
  }
  return false;
}

export function PlannerProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [timeZone, setZone] = useState(browserTimeZone);
  const [today, setToday] = useState(() => todayIn(browserTimeZone()));
  const [lists, setLists] = useState<List[] | null>(null);
  const [listsError, setListsError] = useState<unknown>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const loadLists = useCallback(() => {
    plannerApi.listLists().then(
      ({ items }) => {
        setLists(byPosition(items));
        setListsError(null);
      },
      (error: unknown) => {
        if (!sessionEnded(error)) setListsError(error);
      },
    );
  }, []);

  const refreshLists = useCallback(() => {
    if (refreshTimer.current) clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(loadLists, REFRESH_DELAY_MS);
  }, [loadLists]);

  useEffect(() => {
    loadLists();
    plannerApi.getMe().then(
      (me) => {
        setZone(me.timeZone);
        // First use (SPEC §7): the account still has the default zone, the
        // browser knows better. Offered once per user on this browser.
        const browser = browserTimeZone();
        const key = `${ZONE_OFFERED_KEY}:${userId}`;
        if (me.timeZone !== "UTC" || browser === "UTC" || localStorage.getItem(key)) return;
        localStorage.setItem(key, "1");
        plannerApi.updateMe({ timeZone: browser }).then(
          (updated) => setZone(updated.timeZone),
          () => {},
        );
      },
      (error: unknown) => {
        sessionEnded(error);
      },
    );
    return () => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
    };
  }, [loadLists, userId]);

  // "Today" changes at midnight in the user's zone, without a reload.
  useEffect(() => {
    setToday(todayIn(timeZone));
    const timer = setInterval(() => setToday(todayIn(timeZone)), 60_000);
    return () => clearInterval(timer);
  }, [timeZone]);

  const createList = useCallback(async (input: ListInput) => {
    const created = await plannerApi.createList(input);
    setLists((current) => byPosition([...(current ?? []), created]));
    return created;
  }, []);

  const updateList = useCallback(async (list: List, changes: ListChanges) => {
    const saved = await plannerApi.updateList(list.id, changes, list.version);
    setLists((current) => byPosition((current ?? []).map((item) => (item.id === saved.id ? saved : item))));
    return saved;
  }, []);

  const deleteList = useCallback(async (list: List) => {
    await plannerApi.deleteList(list.id);
    setLists((current) => (current ?? []).filter((item) => item.id !== list.id));
  }, []);

  const moveList = useCallback(
    async (list: List, direction: -1 | 1) => {
      const shown = (lists ?? []).filter((item) => !item.isInbox && !item.archived);
      const index = shown.findIndex((item) => item.id === list.id);
      const other = shown[index + direction];
      if (index < 0 || !other) return;
      // Two lists with distinct positions swap them; equal positions (which
      // the API allows) are renumbered in the new order. Archived lists keep theirs.
      let changed = [
        { item: list, position: other.position },
        { item: other, position: list.position },
      ];
      if (list.position === other.position) {
        const order = [...shown];
        order[index] = other;
        order[index + direction] = list;
        changed = order
          .map((item, i) => ({ item, position: i + 1 }))
          .filter(({ item, position }) => item.position !== position);
      }
      try {
        for (const { item, position } of changed)
          await plannerApi.updateList(item.id, { position }, item.version);
      } finally {
        loadLists();
      }
    },
    [lists, loadLists],
  );

  const live = useLiveSync(userId, {
    onListChange: (change) =>
      setLists((current) => {
        if (!current) return current;
        if (change.op === "delete") return current.filter((item) => item.id !== change.id);
        const held = current.find((item) => item.id === change.list.id);
        // Newer version wins: an answer or event that arrives late never goes back in time.
        if (held && held.version >= change.list.version) return current;
        return byPosition([...current.filter((item) => item.id !== change.list.id), change.list]);
      }),
    onTaskChange: refreshLists,
    onReset: loadLists,
  });

  const setTimeZone = useCallback(async (zone: string) => {
    const me = await plannerApi.updateMe({ timeZone: zone });
    setZone(me.timeZone);
  }, []);

  const value = useMemo<Planner>(
    () => ({
      timeZone,
      today,
      lists,
      listsError,
      inbox: lists?.find((list) => list.isInbox) ?? null,
      refreshLists,
      createList,
      updateList,
      deleteList,
      moveList,
      setTimeZone,
      live,
    }),
    [
      timeZone,
      today,
      lists,
      listsError,
      refreshLists,
      createList,
      updateList,
      deleteList,
      moveList,
      setTimeZone,
      live,
    ],
  );
  const conflict = live.conflicts[0];
  return (
    <PlannerContext.Provider value={value}>
      <OfflineBanner offline={live.isOffline} waiting={live.waiting} sessionEnded={live.sessionEnded} />
      {children}
      <ReminderNotices
        reminders={live.reminders}
        notice={live.notice}
        timeZone={timeZone}
        onDismiss={live.dismissReminder}
        onDismissNotice={live.dismissNotice}
      />
      {conflict && (
        <ConflictDialog
          key={`${conflict.theirs.id}-${conflict.theirs.version}`}
          conflict={conflict}
          timeZone={timeZone}
          onResolve={live.resolveConflict}
        />
      )}
    </PlannerContext.Provider>
  );
}
