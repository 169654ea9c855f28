// The server's copy of the task list, as this page last heard it: the loaded
// tasks, the newest version of every task seen, and the tasks the server has
// deleted. Pages, answers and changes from elsewhere arrive in any order; a
// copy older than the one held, or of a task already deleted, never shows.
import type { Task } from "./task-types";

export class TaskCache {
  /** The loaded tasks, newest additions first, in no particular order otherwise. */
  items: readonly Task[] = [];
  readonly #known = new Map<string, Task>();
  readonly #gone = new Set<string>();

  /** The newest version of `task` the server has reported. */
  versionOf(task: Task): number {
    return this.#known.get(task.id)?.version ?? task.version;
  }

  /** Whether the server's copy of the task has been seen (loaded, saved or sent from elsewhere). */
  has(id: string): boolean {
    return this.#known.has(id) || this.items.some((task) => task.id === id);
  }

  /** The newest copy of `task` held: it, or a newer one. */
  latest(task: Task): Task {
    const held = this.#known.get(task.id);
    return held && held.version > task.version ? held : task;
  }

  /** The newest copy of `task` (it, or the one already held), or null if the task is gone. */
  #accept(task: Task): Task | null {
    if (this.#gone.has(task.id)) return null;
    const held = this.#known.get(task.id);
    if (held && held.version >= task.version) return held;
    this.#known.set(task.id, task);
    return task;
  }

  #fresh(page: readonly Task[], skip: ReadonlySet<string> = new Set()): Task[] {
    const seen = new Set(skip);
    const result: Task[] = [];
    for (const task of page) {
      const newest = this.#accept(task);
      if (newest && !seen.has(newest.id)) {
        seen.add(newest.id);
        result.push(newest);
      }
    }
    return result;
  }

  /** A first page: it becomes the list. */
  replace(page: readonly Task[]): void {
    this.items = this.#fresh(page);
  }

  /** A further page: added after the tasks already loaded, without repeating them. */
  append(page: readonly Task[]): void {
    this.items = [...this.items, ...this.#fresh(page, new Set(this.items.map((task) => task.id)))];
  }

  /**
   * A task as the server reported it. Replaces the loaded copy if newer;
   * added to the list only with `insert`. False when nothing changed.
   */
  upsert(task: Task, insert: boolean): boolean {
    const newest = this.#accept(task);
    if (!newest) return false;
    if (this.items.some((item) => item.id === task.id)) {
      if (newest !== task) return false;
      this.items = this.items.map((item) => (item.id === task.id ? task : item));
    } else if (insert) {
      this.items = [newest, ...this.items];
    } else {
      return false;
    }
    return true;
  }

  /** The server deleted the task: gone for good. */
  remove(id: string): void {
    this.#gone.add(id);
    this.#known.delete(id);
    this.items = this.items.filter((task) => task.id !== id);
  }

  /** The server deleted every completed task. */
  removeCompleted(): void {
    for (const task of this.items) if (task.completed) this.remove(task.id);
  }
}

/** Jobs run one after another per key (a task's id), and alongside those of other keys. */
export class SerialQueues {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `job` after every earlier job for `key` has finished, whether it succeeded or not. */
  run(key: string, job: () => Promise<void>): void {
    const tail = (this.#tails.get(key) ?? Promise.resolve()).then(job).catch(() => {});
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }

  /** Resolves once every job queued so far has finished. */
  idle(): Promise<unknown> {
    return Promise.all(this.#tails.values());
  }
}
