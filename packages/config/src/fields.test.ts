import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  base64UrlBytes,
  DEFAULT_DATA_DIR,
  dataDir,
  duration,
  flag,
  httpUrl,
  jsonWebKeySet,
  mailbox,
  milliseconds,
  port,
  postgresUrl,
  secret,
  urlOf,
  wholeNumber,
} from "./fields";
import { ConfigError, loadConfig } from "./load";

/** Each parser as a service uses it: one variable, through the loader. */
function read(parser: z.ZodType, text: string | undefined): unknown {
  return loadConfig(z.object({ X: parser }), { X: text }, { service: "test" }).X;
}

function refusal(parser: z.ZodType, text: string): string {
  try {
    read(parser, text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

type Case = {
  name: string;
  parser: () => z.ZodType;
  accepts: [string, unknown][];
  refuses: string[];
  message: string;
};

const jwks = { keys: [{ kty: "OKP", crv: "Ed25519", x: "abc" }] };

const cases: Case[] = [
  {
    name: "httpUrl",
    parser: httpUrl,
    accepts: [
      ["http://localhost:3000", "http://localhost:3000"],
      ["https://example.com/", "https://example.com"],
      ["https://example.com/base//", "https://example.com/base"],
    ],
    refuses: ["not-a-url", "ftp://example.com", "http:example.com", "http://", "localhost:3000"],
    message: "X must be an http:// or https:// URL",
  },
  {
    name: "httpUrl keeping the trailing slash",
    parser: () => httpUrl({ keepTrailingSlash: true }),
    accepts: [["https://example.com/jwks/", "https://example.com/jwks/"]],
    refuses: ["mailto:a@example.com"],
    message: "X must be an http:// or https:// URL",
  },
  {
    name: "port",
    parser: port,
    accepts: [
      ["0", 0],
      ["8000", 8000],
      ["65535", 65_535],
    ],
    refuses: ["65536", "-1", "eighty", "80.5", "1e3", "0x50"],
    message: "X must be a port number (0-65535)",
  },
  {
    name: "port from 1",
    parser: () => port({ min: 1 }),
    accepts: [["1", 1]],
    refuses: ["0", "70000"],
    message: "X must be a port number (1-65535)",
  },
  {
    name: "flag",
    parser: flag,
    accepts: [
      ["true", true],
      ["1", true],
      ["false", false],
      ["0", false],
    ],
    refuses: ["yes", "TRUE", "2"],
    message: "X must be true or false (or 1 or 0)",
  },
  {
    name: "wholeNumber",
    parser: () => wholeNumber({ note: "0 turns it off" }),
    accepts: [
      ["0", 0],
      ["300", 300],
    ],
    refuses: ["-1", "2.5", "many", "1e3", String(2 ** 60)],
    message: "X must be a whole number of 0 or more (0 turns it off)",
  },
  {
    name: "wholeNumber with a range",
    parser: () => wholeNumber({ min: 1, max: 1000 }),
    accepts: [
      ["1", 1],
      ["1000", 1000],
    ],
    refuses: ["0", "1001"],
    message: "X must be a whole number from 1 to 1000",
  },
  {
    name: "milliseconds",
    parser: () => milliseconds({ min: 1 }),
    accepts: [
      ["1", 1],
      ["3600000", 3_600_000],
    ],
    refuses: ["0", "3600001", "5s", "-5"],
    message: "X must be a whole number of milliseconds from 1 to 3600000",
  },
  {
    name: "duration",
    parser: duration,
    accepts: [
      ["90s", "90s"],
      ["15m", "15m"],
      ["7d", "7d"],
    ],
    refuses: ["0m", "15", "15 minutes", "m", "1y"],
    message: "X must be a positive duration such as 90s, 15m, 1h or 7d",
  },
  {
    name: "postgresUrl",
    parser: postgresUrl,
    accepts: [
      ["postgres://u:p@host/db", "postgres://u:p@host/db"],
      ["postgresql://host/db?sslmode=require", "postgresql://host/db?sslmode=require"],
    ],
    refuses: ["mysql://localhost/db", "host=localhost dbname=todo"],
    message: "X must be a postgres:// or postgresql:// URL",
  },
  {
    name: "secret",
    parser: secret,
    accepts: [["s".repeat(32), "s".repeat(32)]],
    refuses: ["s".repeat(31), "too-short"],
    message: "X must be at least 32 characters",
  },
  {
    name: "jsonWebKeySet",
    parser: jsonWebKeySet,
    accepts: [[JSON.stringify(jwks), jwks]],
    refuses: ["{not json", "[]", '{"keys": []}', '{"keys": [1]}', '{"keys": {}}', "null"],
    message: 'X must be a JSON Web Key Set: {"keys": [...]}',
  },
  {
    name: "urlOf",
    parser: () => urlOf(["smtp", "smtps"]),
    accepts: [
      ["smtp://127.0.0.1:2525", "smtp://127.0.0.1:2525"],
      ["smtps://user:pa%40ss@mail.example.com", "smtps://user:pa%40ss@mail.example.com"],
    ],
    refuses: ["http://mail.example.com", "smtp:", "mail.example.com:25"],
    message: "X must be a smtp:// or smtps:// URL",
  },
  {
    name: "urlOf with mailto",
    parser: () => urlOf(["mailto", "https"]),
    accepts: [
      ["mailto:ops@example.com", "mailto:ops@example.com"],
      ["https://todo.example.com", "https://todo.example.com"],
    ],
    refuses: ["mailto:nobody", "http://todo.example.com"],
    message: "X must be a mailto: or https:// URL",
  },
  {
    name: "base64UrlBytes",
    parser: () => base64UrlBytes({ bytes: 4 }),
    accepts: [
      ["AQIDBA", "AQIDBA"],
      ["AQIDBA==", "AQIDBA=="],
    ],
    refuses: ["AQID", "AQIDBAU", "AQ+DBA", "not base64!"],
    message: "X must be 4 bytes as base64url",
  },
  {
    name: "mailbox",
    parser: mailbox,
    accepts: [
      ["todo@example.com", "todo@example.com"],
      ["Todo <todo@example.com>", "Todo <todo@example.com>"],
    ],
    refuses: ["todo", "Todo <todo>", "a@b\r\nBcc: x@y", "a b@example.com"],
    message: "X must be an email address such as todo@example.com or Todo <todo@example.com>",
  },
];

describe.each(cases)("$name", ({ parser, accepts, refuses, message }) => {
  it.each(accepts)("accepts %j", (text, value) => {
    expect(read(parser(), text)).toEqual(value);
  });

  it.each(refuses)("refuses %j with its message", (text) => {
    expect(refusal(parser(), text)).toBe(`test: invalid settings: ${message}`);
  });

  it.each([[""], ["   "], [undefined]])("takes %j as unset", (text) => {
    expect(read(parser().optional(), text)).toBeUndefined();
    expect(read(parser().default("fallback" as never), text)).toBe("fallback");
  });
});

it("never echoes a refused value: some are secrets", () => {
  const schema = z.object({ S: secret(), D: postgresUrl(), J: jsonWebKeySet() });
  const source = { S: "hunter2-hunter2", D: "mysql://root:hunter2@db", J: '{"d": "hunter2"' };
  expect(() => loadConfig(schema, source, { service: "test" })).toThrow(ConfigError);
  try {
    loadConfig(schema, source, { service: "test" });
  } catch (error) {
    expect((error as Error).message).not.toContain("hunter2");
  }
});

describe("dataDir", () => {
  const root = path.resolve("/tmp/not-a-workspace-anywhere");

  it("uses ./.data when unset or empty", () => {
    expect(DEFAULT_DATA_DIR).toBe("./.data");
    for (const text of [undefined, "", "  "]) {
      expect(read(dataDir(root), text)).toBe(path.join(root, ".data"));
    }
  });

  it("resolves a relative folder and keeps an absolute one", () => {
    expect(read(dataDir(root), "./x")).toBe(path.join(root, "x"));
    expect(read(dataDir(root), "/srv/todo/")).toBe("/srv/todo/");
  });
});
