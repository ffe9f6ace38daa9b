// The server's errors as the client shows them: every front end answers `{type, …}` (Revolt's shape).

const messages = {
  InvalidCredentials: 'Wrong email or password.',
  InvalidSession: 'Your session has ended. Log in again.',
  UsernameTaken: 'That username is taken.',
  EmailInUse: 'An account with that email exists already.',
  FailedValidation: 'Some of what you entered is not valid.',
  MissingPermission: 'You are not allowed to do that here.',
  NotFound: 'It does not exist, or you cannot see it.',
  PayloadTooLarge: 'The file is too large.',
  FileTooLarge: 'The file is too large.',
  FileTypeNotAllowed: 'This kind of file is not allowed here.',
  TooManyRequests: 'Too many requests: wait a moment and try again.',
  RegistrationClosed: 'Sign-up is closed on this server.',
  InviteOnly: 'Sign-up needs an invite on this server.',
  GifsUnavailable: 'GIF search is not set up on this server.',
};

export class ApiError extends Error {
  constructor(status, body) {
    const type = body?.type ?? `HTTP ${status}`;
    super(readableError(type, body));
    this.status = status;
    this.type = type;
    this.body = body;
  }
}

/** A sentence for an error answer: a known type's, the server's own reason when it gives one, else the type. */
export function readableError(type, body) {
  const detail = body?.error ?? body?.reason ?? body?.message ?? body?.details;
  const known = messages[type];
  if (typeof body?.max === 'number') return `${known ?? type} (at most ${formatBytes(body.max)})`;
  if (known && typeof detail === 'string' && detail) return `${known} (${detail})`;
  if (known) return known;
  if (typeof detail === 'string' && detail) return `${type}: ${detail}`;
  if (type === 'MissingPermission' || body?.permission) return `${messages.MissingPermission} (${body.permission})`;
  return type;
}

/** A byte count for people: 1.5 MB, 20 KB, 300 bytes. */
export function formatBytes(bytes) {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(bytes >= 10_000_000 ? 0 : 1)} MB`;
  if (bytes >= 1000) return `${Math.round(bytes / 1000)} KB`;
  return `${bytes} bytes`;
}
