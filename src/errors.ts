/**
 * The few error classes of the helpdesk. Each has a stable `code`; expected outcomes are results,
 * not throws — these are for problems an operator must fix.
 */

export class HelpdeskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An editable content file (catalogue, calendar, FAQ) is malformed; names the file and the entry. */
export class ContentError extends HelpdeskError {
  constructor(
    readonly file: string,
    readonly entry: string,
    problem: string,
  ) {
    super('CONTENT_INVALID', `${file}: ${entry}: ${problem}`);
  }
}

/** Configuration or environment problem found at start-up. */
export class ConfigError extends HelpdeskError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
  }
}
