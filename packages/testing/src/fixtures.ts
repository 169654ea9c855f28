// Values the data suites build over and over: an owner nobody else uses, and
// a task's writable fields with every default filled in.
import { randomUUID } from "node:crypto";
import type { TaskCreateInput } from "@todo/db";

export const newOwnerId = () => `user_${randomUUID()}`;

export function taskInput(overrides: Partial<TaskCreateInput> = {}): TaskCreateInput {
  return {
    title: "a task",
    description: null,
    completed: false,
    priority: "none",
    dueAt: null,
    tags: [],
    ...overrides,
  };
}
