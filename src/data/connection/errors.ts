/**
 * The error thrown when connection settings are invalid (bad syntax, unknown keyword, missing
 * service, unreadable certificate). Its message is shown to the user as is, so it never contains
 * a password: parsers quote keyword names and non-secret values only.
 */
export class ConnectionConfigError extends Error {
  override readonly name = 'ConnectionConfigError';
}

/**
 * Thrown from the driver's password getter when the server asks for a password and none was
 * given or found — libpq's "no password supplied". psql reacts by prompting and reconnecting; the
 * distinct class lets the caller do the same instead of showing a driver-specific message.
 */
export class PasswordRequiredError extends Error {
  override readonly name = 'PasswordRequiredError';
  constructor() {
    super('the server asks for a password, and no password was provided (use -W, PGPASSWORD, or a password file entry)');
  }
}
