// Where the API finds the issuer's public keys. It never holds a signing
// secret: a leak of this service cannot mint tokens.
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from "jose";

/** The key set could not be obtained; the token itself may be fine, so this is a 503, not a 401. */
export class KeySourceUnavailable extends Error {}

export interface KeySourceOptions {
  /** A fixed key set (JWT_JWKS): nothing is fetched. */
  jwks?: JSONWebKeySet | undefined;
  /** The issuer's JWKS endpoint, fetched on demand and cached. */
  jwksUrl: URL;
  /** Minimum time between two fetches triggered by unknown `kid`s (jose's default is 30 s). */
  cooldownMs?: number;
  /** How long fetched keys are used before they are fetched again (10 min). */
  cacheMaxAgeMs?: number;
}

export function createKeySource(options: KeySourceOptions): JWTVerifyGetKey {
  const remote = options.jwks
    ? undefined
    : createRemoteJWKSet(options.jwksUrl, {
        cooldownDuration: options.cooldownMs ?? 30_000,
        cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
        timeoutDuration: 5_000,
      });
  const lookup = remote ?? createLocalJWKSet(options.jwks ?? { keys: [] });
  return async (header, token) => {
    // Without a kid, jose would try the only key of a one-key set: require it, as SPEC says.
    if (typeof header.kid !== "string" || header.kid === "") throw new errors.JWKSNoMatchingKey();
    try {
      return await lookup(header, token);
    } catch (error) {
      // An unknown kid or an unusable key is the token's fault; anything
      // else (timeout, connection refused, non-200, bad JSON) is ours.
      if (
        error instanceof errors.JWKSNoMatchingKey ||
        error instanceof errors.JWKSMultipleMatchingKeys ||
        error instanceof errors.JOSENotSupported
      )
        throw error;
      const unavailable = new KeySourceUnavailable("The token issuer's keys cannot be fetched right now.", {
        cause: error,
      });
      // A refresh failed: the keys the issuer last published still verify
      // what they signed. Only a key we never saw has to wait for the issuer.
      const lastKnown = remote?.jwks();
      if (!lastKnown) throw unavailable;
      try {
        return await createLocalJWKSet(lastKnown)(header, token);
      } catch (fallbackError) {
        throw fallbackError instanceof errors.JWKSNoMatchingKey ? unavailable : fallbackError;
      }
    }
  };
}
