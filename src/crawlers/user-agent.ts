// Platforms ask crawlers to identify themselves; a contact lets an operator reach a human, not block an IP.
export const DFWATCH_VERSION = '0.1.0';

export function userAgent(contact: string | undefined): string {
  const base = `dfwatch/${DFWATCH_VERSION} (+https://github.com/dfwatch/dfwatch)`;
  return contact ? `${base} contact: ${contact}` : base;
}
