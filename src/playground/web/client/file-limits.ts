/**
 * What the chat page lets a person attach to one message: checked by the page before sending and
 * by the server on receipt (../post.ts), so the two never disagree.
 */

/** The most one attached file may hold, decoded: Discord's upload limit for a member without Nitro. */
export const MAX_PAGE_FILE_BYTES = 10 * 1024 * 1024;
/** Files per message: Discord's own limit. */
export const MAX_PAGE_FILES = 10;
/** All of a message's files together, decoded: keeps a page's request well under the server's body limit. */
export const MAX_PAGE_FILES_BYTES = 25 * 1024 * 1024;
