/** What stands for a value taken out of a URL. */
export const REDACTED = '[redacted]';

/** A URL's scheme and `//`, then everything up to a blank, a quote or a closing bracket. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`)\]]+/gi;

/**
 * A URL fit for a log line or an error message: the password of its userinfo and the value of
 * every query (and fragment) parameter replaced by `[redacted]` (`ws://user:pass@host/x?token=abc` →
 * `ws://user:[redacted]@host/x?token=[redacted]`); the scheme, user name, host, port, path and
 * parameter names stay, so a person can still tell which address it was. Text that does not parse
 * as a URL is redacted the same way, by pattern. Never throws.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('://');
  if (at < 0) return url;
  const rest = url.slice(at + 3);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  // The last `@` ends the userinfo: a password may itself hold an `@`.
  const userEnd = authority.lastIndexOf('@');
  const user = userEnd < 0 ? '' : authority.slice(0, userEnd);
  const host = userEnd < 0 ? authority : authority.slice(userEnd + 1);
  const colon = user.indexOf(':');
  const userinfo = userEnd < 0 ? '' : `${colon < 0 ? user : `${user.slice(0, colon)}:${REDACTED}`}@`;
  return `${url.slice(0, at + 3)}${userinfo}${host}${redactQuery(tail)}`;
}

/**
 * `text` with every URL in it redacted as {@link redactUrl} does, and what looks like the same
 * secrets without a scheme too (`user:pass@host`, `?token=abc`): for echoing a value someone
 * mistyped, which may not parse as a URL at all.
 */
export function redactUrlsIn(text: string): string {
  return text
    .replace(URL_IN_TEXT, (url) => redactUrl(url))
    .replace(/([^\s/:@]+):[^\s/@]+@/g, `$1:${REDACTED}@`)
    .replace(/([?&][^=&\s#]+)=[^&\s#"']*/g, `$1=${REDACTED}`);
}

/** `/path?a=1&b#c=2` → `/path?a=[redacted]&b#c=[redacted]`: names kept, values gone. */
function redactQuery(tail: string): string {
  const hash = tail.indexOf('#');
  const beforeHash = hash < 0 ? tail : tail.slice(0, hash);
  const fragment = hash < 0 ? '' : `#${redactPairs(tail.slice(hash + 1))}`;
  const start = beforeHash.indexOf('?');
  if (start < 0) return `${beforeHash}${fragment}`;
  return `${beforeHash.slice(0, start)}?${redactPairs(beforeHash.slice(start + 1))}${fragment}`;
}

function redactPairs(pairs: string): string {
  return pairs
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals < 0 ? pair : `${pair.slice(0, equals)}=${REDACTED}`;
    })
    .join('&');
}
