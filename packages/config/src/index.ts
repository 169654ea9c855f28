// Settings for both services: field parsers, the one loader and its error,
// and where the embedded databases live.
export { resolveDataDir } from "./data-dir";
export {
  base64UrlBytes,
  DEFAULT_DATA_DIR,
  dataDir,
  duration,
  flag,
  httpUrl,
  type JsonWebKeySet,
  jsonWebKeySet,
  mailbox,
  milliseconds,
  port,
  postgresUrl,
  secret,
  urlOf,
  wholeNumber,
} from "./fields";
export { ConfigError, type ConfigSource, loadConfig } from "./load";
