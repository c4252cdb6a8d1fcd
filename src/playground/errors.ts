import { EryError } from '../domain/errors.ts';

/** Discord's JSON error codes the playground answers with. */
export const ApiErrorCode = {
  General: 0,
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMember: 10007,
  UnknownMessage: 10008,
  UnknownRole: 10011,
  UnknownUser: 10013,
  UnknownEmoji: 10014,
  UnknownBan: 10026,
  Unauthorized: 40001,
  MissingAccess: 50001,
  CannotEditOthersMessage: 50005,
  CannotSendEmptyMessage: 50006,
  MissingPermissions: 50013,
  CannotActOnSystemMessage: 50021,
  MessageTooOldToBulkDelete: 50034,
  InvalidFormBody: 50035,
  CannotSendInNonText: 50008,
  ThreadArchived: 50083,
  ThreadAlreadyCreated: 160004,
  ThreadLocked: 160005,
} as const;

/** Field errors in Discord's nested `errors` shape: `{ field: { _errors: [{ code, message }] } }`. */
export type FormErrors = Record<string, unknown>;

/**
 * A request the playground refuses the way Discord would: an HTTP status and the JSON body
 * `{ code, message, errors? }` that @discordjs/rest turns into a `DiscordAPIError`.
 */
export class ApiError extends EryError {
  constructor(
    readonly status: number,
    readonly discordCode: number,
    message: string,
    readonly errors?: FormErrors,
  ) {
    super('PLAYGROUND_API_ERROR', message);
  }

  /** The JSON body Discord sends. */
  body(): { code: number; message: string; errors?: FormErrors } {
    return this.errors
      ? { code: this.discordCode, message: this.message, errors: this.errors }
      : { code: this.discordCode, message: this.message };
  }
}

/** Constructors for the errors Discord gives, with Discord's own messages. */
export const Errors = {
  unknownChannel: () => new ApiError(404, ApiErrorCode.UnknownChannel, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, ApiErrorCode.UnknownGuild, 'Unknown Guild'),
  unknownMember: () => new ApiError(404, ApiErrorCode.UnknownMember, 'Unknown Member'),
  unknownMessage: () => new ApiError(404, ApiErrorCode.UnknownMessage, 'Unknown Message'),
  unknownRole: () => new ApiError(404, ApiErrorCode.UnknownRole, 'Unknown Role'),
  unknownUser: () => new ApiError(404, ApiErrorCode.UnknownUser, 'Unknown User'),
  unknownEmoji: () => new ApiError(400, ApiErrorCode.UnknownEmoji, 'Unknown Emoji'),
  unknownBan: () => new ApiError(404, ApiErrorCode.UnknownBan, 'Unknown Ban'),
  unauthorized: () => new ApiError(401, ApiErrorCode.General, '401: Unauthorized'),
  missingAccess: () => new ApiError(403, ApiErrorCode.MissingAccess, 'Missing Access'),
  missingPermissions: () => new ApiError(403, ApiErrorCode.MissingPermissions, 'Missing Permissions'),
  cannotEditOthersMessage: () =>
    new ApiError(403, ApiErrorCode.CannotEditOthersMessage, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new ApiError(400, ApiErrorCode.CannotSendEmptyMessage, 'Cannot send an empty message'),
  systemMessage: () =>
    new ApiError(400, ApiErrorCode.CannotActOnSystemMessage, 'Cannot execute action on a system message'),
  tooOldToBulkDelete: () =>
    new ApiError(
      400,
      ApiErrorCode.MessageTooOldToBulkDelete,
      'You can only bulk delete messages that are under 14 days old.',
    ),
  /** Posting straight into a forum (only its posts take messages), or a thread from a thread. */
  notTextChannel: () =>
    new ApiError(400, ApiErrorCode.CannotSendInNonText, 'Cannot send messages in a non-text channel'),
  threadArchived: () => new ApiError(400, ApiErrorCode.ThreadArchived, 'Thread is archived'),
  threadLocked: () => new ApiError(403, ApiErrorCode.ThreadLocked, 'Thread is locked'),
  threadAlreadyCreated: () =>
    new ApiError(
      400,
      ApiErrorCode.ThreadAlreadyCreated,
      'A thread has already been created for this message',
    ),
  notFound: () => new ApiError(404, ApiErrorCode.General, '404: Not Found'),
  methodNotAllowed: () => new ApiError(405, ApiErrorCode.General, '405: Method Not Allowed'),
  /** 50035 with one field error, e.g. `invalidForm('content', 'BASE_TYPE_REQUIRED', 'This field is required')`. */
  invalidForm: (field: string, code: string, message: string) =>
    new ApiError(
      400,
      ApiErrorCode.InvalidFormBody,
      'Invalid Form Body',
      // Dotted paths nest like Discord's: `a.b` -> { a: { b: { _errors } } }.
      field
        .split('.')
        .reduceRight<FormErrors>((inner, key) => ({ [key]: inner }), { _errors: [{ code, message }] }),
    ),
};
