import type { Task } from "../src/lib/task-types";

/** A task as the API returns it: `id`, also its title unless given, and defaults for the rest. */
export function aTask(overrides: Partial<Task> & { id: string }): Task {
  return {
    title: overrides.id,
    description: null,
    completed: false,
    priority: "none",
    dueAt: null,
    tags: [],
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
    completedAt: null,
    version: 1,
    ...overrides,
  };
}
