import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveDataDir } from "./data-dir";

describe("resolveDataDir", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "todo-config-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  // scratch/repo is a workspace root with apps/web inside; scratch/loose is not in one.
  const repo = path.join(scratch, "repo");
  const web = path.join(repo, "apps", "web");
  const loose = path.join(scratch, "loose");
  mkdirSync(path.join(web, "src"), { recursive: true });
  mkdirSync(loose);
  writeFileSync(path.join(repo, "package.json"), JSON.stringify({ workspaces: ["apps/*"] }));
  writeFileSync(path.join(web, "package.json"), JSON.stringify({ name: "@todo/web" }));
  writeFileSync(path.join(loose, "package.json"), "{ not json");

  it("resolves a relative folder against the workspace root from any folder inside it", () => {
    for (const cwd of [repo, web, path.join(web, "src")]) {
      expect(resolveDataDir("./.data", cwd)).toBe(path.join(repo, ".data"));
    }
  });

  it("falls back to the working directory outside a workspace", () => {
    expect(resolveDataDir("data", loose)).toBe(path.join(loose, "data"));
  });

  it("keeps an absolute folder, normalised", () => {
    expect(resolveDataDir("/srv/todo/../todo", web)).toBe("/srv/todo");
  });
});
