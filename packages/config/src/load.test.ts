import { describe, expect, it } from "vitest";
import { z } from "zod";
import { flag, httpUrl, port, postgresUrl, wholeNumber } from "./fields";
import { ConfigError, loadConfig } from "./load";

const schema = z.object({
  API_URL: httpUrl().default("http://localhost:8000"),
  API_PORT: port().default(8000),
  DATABASE_URL: postgresUrl().optional(),
  RATE: wholeNumber().default(300),
  TRUST_PROXY: flag().default(false),
});

function failure(source: Record<string, string | undefined>, service = "api"): ConfigError {
  try {
    loadConfig(schema, source, { service });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected the settings to be refused");
}

describe("loadConfig", () => {
  it("gives every default when nothing is set", () => {
    expect(loadConfig(schema, {}, { service: "api" })).toEqual({
      API_URL: "http://localhost:8000",
      API_PORT: 8000,
      RATE: 300,
      TRUST_PROXY: false,
    });
  });

  it("treats empty and blank values as unset, for every field", () => {
    const env = loadConfig(
      schema,
      { API_URL: "", API_PORT: "", DATABASE_URL: "  ", RATE: "", TRUST_PROXY: "" },
      { service: "api" },
    );
    // API_PORT= once meant port 0 and API_RATE_LIMIT= meant "off".
    expect(env).toEqual({ API_URL: "http://localhost:8000", API_PORT: 8000, RATE: 300, TRUST_PROXY: false });
  });

  it("trims surrounding spaces and reads only the schema's variables", () => {
    const env = loadConfig(schema, { API_PORT: " 9000 ", PATH: "/bin", OTHER: "x" }, { service: "api" });
    expect(env.API_PORT).toBe(9000);
    expect(env).not.toHaveProperty("PATH");
  });

  it("reports every problem at once, in the schema's order, in one line", () => {
    const error = failure({ DATABASE_URL: "mysql://x", API_PORT: "eighty", TRUST_PROXY: "yes" });
    expect(error.message).toBe(
      "api: invalid settings: API_PORT must be a port number (0-65535); " +
        "DATABASE_URL must be a postgres:// or postgresql:// URL; " +
        "TRUST_PROXY must be true or false (or 1 or 0)",
    );
    expect(error.service).toBe("api");
    expect(error.problems).toHaveLength(3);
    expect(error.name).toBe("ConfigError");
  });

  it("names the service it was asked to", () => {
    expect(failure({ API_URL: "nope" }, "web").message).toBe(
      "web: invalid settings: API_URL must be an http:// or https:// URL",
    );
  });

  it("reports one problem per variable", () => {
    const strict = z.object({
      N: wholeNumber({ min: 1, max: 10 }).refine((n) => n % 2 === 0, { error: "must be even" }),
    });
    expect(() => loadConfig(strict, { N: "20" }, { service: "api" })).toThrow(
      /^api: invalid settings: N must be a whole number from 1 to 10$/,
    );
  });

  it("words Zod's own findings after the variable's name too", () => {
    const plain = z.object({ NAME: z.string().min(3) });
    expect(() => loadConfig(plain, { NAME: "ab" }, { service: "api" })).toThrow(
      "api: invalid settings: NAME is invalid",
    );
  });
});

describe("ConfigError", () => {
  it("keeps its message on one line whatever the problems carry", () => {
    const error = new ConfigError("web", ["BETTER_AUTH_SECRET cannot be read:\n  EACCES\tdenied "]);
    expect(error.message).toBe("web: invalid settings: BETTER_AUTH_SECRET cannot be read: EACCES denied");
    expect(error).toBeInstanceOf(Error);
  });
});
