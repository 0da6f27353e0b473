// Crawled text is untrusted, and some of it is built to deceive whoever reads it: ANSI escape
// sequences that rewrite a terminal, BEL, and bidi overrides that make "gpj.exe" read as "exe.jpg".
// Every output that shows or exports crawled text (terminal, CSV, Markdown, HTML, JSON lines) passes
// it through stripControls(); the store keeps the text as crawled, as evidence.

/** C0 controls but tab, newline and carriage return; DEL; C1 controls; bidi embeddings, overrides and isolates. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function stripControls(text: string): string {
  return text.replace(CONTROL, '');
}

/** JSON.stringify replacer: every string value and key without control or bidi characters. */
export function jsonWithoutControls(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? stripControls(value) : value;
}
