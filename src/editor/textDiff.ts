/**
 * The smallest single replacement that turns one text into another: common prefix and suffix
 * are kept, the middle is replaced. PURE (no vscode). The editor applies diagram edits this way so
 * that an open text editor on the same file keeps its cursor and folding where nothing changed,
 * and VS Code's undo stack holds small edits.
 */
export interface Replacement {
  /** Offset in the old text where the replaced part starts. */
  start: number;
  /** Offset in the old text where the replaced part ends (exclusive). */
  end: number;
  /** The text that replaces [start, end). */
  text: string;
}

/** Undefined when the texts are equal. Never splits a UTF-16 surrogate pair. */
export function minimalReplacement(oldText: string, newText: string): Replacement | undefined {
  if (oldText === newText) return undefined;
  const max = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  // Do not end the prefix between a high and a low surrogate.
  if (prefix > 0 && isHighSurrogate(oldText.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  const maxSuffix = max - prefix;
  while (suffix < maxSuffix && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  // Do not start the suffix on a low surrogate.
  if (suffix > 0 && isLowSurrogate(oldText.charCodeAt(oldText.length - suffix))) suffix--;
  return { start: prefix, end: oldText.length - suffix, text: newText.slice(prefix, newText.length - suffix) };
}

/** Applies a replacement (for tests and for checking the host's result). */
export function applyReplacement(text: string, r: Replacement | undefined): string {
  return r ? text.slice(0, r.start) + r.text + text.slice(r.end) : text;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
