// Tokens come from the environment and must never reach a log line, an error message, the database
// or an export. Every string leaving the process for one of those goes through redact().

const secrets = new Set<string>();

/** Registers a secret (an API token) to be masked everywhere from now on. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) secrets.add(secret);
}

const TOKEN_PARAM = /([?&](?:token|api_key|apikey|access_token)=)[^&#\s]+/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;

export function redact(text: string): string {
  let out = text.replace(TOKEN_PARAM, '$1[REDACTED]').replace(BEARER, '$1[REDACTED]');
  for (const secret of secrets) out = out.split(secret).join('[REDACTED]');
  return out;
}

/** Deep-redacts every string inside a JSON-like value. */
export function redactValue<T>(value: T): T {
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
