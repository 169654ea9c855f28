import type { Task } from "../src/lib/task-types";

/**
 * A task as the API returns it: `id`, also its title unless given, and
 * defaults for the rest. A `dueAt` without a `dueDate` gets its UTC day, as
 * the API writes for a UTC user.
 */
export function aTask(overrides: Partial<Task> & { id: string }): Task {
  return {
    title: overrides.id,
    listId: "00000000-0000-4000-8000-000000000001",
    description: null,
    completed: false,
    priority: "none",
    dueDate: overrides.dueAt ? overrides.dueAt.slice(0, 10) : null,
    dueAt: null,
    recurrence: null,
    reminders: [],
    tags: [],
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
    completedAt: null,
    version: 1,
    ...overrides,
  };
}
