// The unsent task kept across a trip to sign-in lives in the tab's
// sessionStorage, which outlives the session: whoever signs in next in that
// tab must not be handed the previous person's text.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { saveDraft, takeDraft } from "@/lib/drafts";

/** sessionStorage as the browser has it: strings only, one map per tab. */
class FakeStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

let storage: FakeStorage;
beforeEach(() => {
  storage = new FakeStorage();
  vi.stubGlobal("sessionStorage", storage);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("drafts", () => {
  it("gives the draft back once, to the user who wrote it", () => {
    saveDraft("user-a", "  Call the bank  ");
    expect(takeDraft("user-a")).toBe("Call the bank");
    expect(takeDraft("user-a")).toBeNull();
  });

  it("never gives one user's draft to another who signs in in the same tab, and drops it", () => {
    saveDraft("user-a", "Private note");
    expect(takeDraft("user-b")).toBeNull();
    expect(storage.items.size).toBe(0);
    expect(takeDraft("user-a")).toBeNull();
  });

  it("drops what it cannot read as a draft of this user (an older format, tampering)", () => {
    for (const stored of ["Private note", "{}", '{"userId":"user-a"}', '{"text":"x"}', "null", "{"]) {
      storage.items.set("todo:unsent-task", stored);
      expect(takeDraft("user-a"), stored).toBeNull();
      expect(storage.items.size).toBe(0);
    }
  });

  it("keeps nothing for an empty draft", () => {
    saveDraft("user-a", "   ");
    expect(storage.items.size).toBe(0);
  });

  it("carries on when storage is unavailable", () => {
    vi.stubGlobal("sessionStorage", {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
      removeItem: () => {
        throw new Error("denied");
      },
    });
    expect(() => saveDraft("user-a", "x")).not.toThrow();
    expect(takeDraft("user-a")).toBeNull();
  });
});
