import { MAX_MESSAGE_LENGTH } from './discord-limits.ts';

/** A fenced code block open at a cut: its marker (```` ``` ````, `~~~`…) and its whole opening line. */
interface OpenFence {
  marker: string;
  opener: string;
}

/** A fence line: up to 3 spaces, then 3 or more backticks or tildes, then the info string (CommonMark). */
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** Most of a fence's opening line repeated at the top of a part (a language name, rarely more). */
const MAX_OPENER = 64;

/**
 * Splits a message's text into parts Discord accepts (each at most `limit` characters, 2000 by
 * default: Discord's limit on a message's content). Issue 12: cut at natural boundaries, a blank line
 * first, then a line break, then a space, and only where none is near at any character (never
 * inside a surrogate pair). A cut inside a fenced code block closes the fence at the end of the part
 * and opens it again, with the same info string, at the start of the next, so each part renders on
 * its own. The separator a cut is made at is dropped; nothing else is added or lost.
 *
 * @param text the whole text (any length; a text within the limit comes back as the only part)
 * @param limit the most characters (UTF-16 code units, as Discord counts) a part may have; at least 100
 * @returns the parts in order, none empty or blank
 */
export function splitMessage(text: string, limit = MAX_MESSAGE_LENGTH): string[] {
  if (limit < 100) throw new RangeError(`a part limit of ${limit} characters is too small to split at`);
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let rest = text;
  let fence: OpenFence | null = null;
  while (rest.length > 0) {
    const prefix = fence ? `${fence.opener}\n` : '';
    if (prefix.length + rest.length <= limit) {
      parts.push(prefix + rest);
      break;
    }
    // Room is kept for a closing fence, should the part end inside a code block (at most a newline,
    // the opener's marker and nothing else).
    const room = limit - prefix.length - 1 - maxMarkerLength(rest, fence);
    const { end, next } = cutAt(rest, Math.max(1, room));
    const chunk = rest.slice(0, end);
    fence = fenceAfter(chunk, fence);
    parts.push(prefix + chunk + (fence ? `\n${fence.marker}` : ''));
    rest = rest.slice(next);
  }
  return parts.filter((part) => part.trim().length > 0);
}

/** Where to end a part within `room` characters of `text`, and where the next one starts. */
function cutAt(text: string, room: number): { end: number; next: number } {
  // A boundary in the first half would leave a part too short to be worth it; look further.
  const floor = Math.floor(room / 2);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = text.lastIndexOf(separator, room - separator.length);
    if (at >= floor) return { end: at, next: at + separator.length };
  }
  // No boundary: cut anywhere, but not between the halves of a surrogate pair.
  const code = text.charCodeAt(room - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? room - 1 : room;
  return { end, next: end };
}

/** Whether `chunk` ends inside a fenced code block, given the block open at its start. */
function fenceAfter(chunk: string, open: OpenFence | null): OpenFence | null {
  let fence = open;
  for (const line of chunk.split('\n')) {
    const match = FENCE.exec(line);
    if (!match) continue;
    const marker = match[1] as string;
    const info = (match[2] as string).trim();
    if (fence === null) {
      // A backtick fence's info string may not hold a backtick (CommonMark); then it is not a fence.
      if (!(marker[0] === '`' && info.includes('`')))
        fence = { marker, opener: line.trimStart().slice(0, MAX_OPENER) };
    } else if (marker[0] === fence.marker[0] && marker.length >= fence.marker.length && info === '') {
      fence = null;
    }
  }
  return fence;
}

/** The longest fence marker that could be open at the end of a part of `text` (for its closing line). */
function maxMarkerLength(text: string, open: OpenFence | null): number {
  let longest = open?.marker.length ?? 3;
  for (const match of text.slice(0, MAX_MESSAGE_LENGTH).matchAll(/^ {0,3}(`{3,}|~{3,})/gm)) {
    longest = Math.max(longest, (match[1] as string).length);
  }
  return Math.min(longest, MAX_OPENER);
}
