// UsageError: the command line itself is wrong (unknown operation or flag, a missing value).
//
// Kept apart from BerthError on purpose: a BerthError is about the problem's content and exits 2
// with JSON on stderr; a usage error is about how berth was called and exits 64 (EX_USAGE in
// sysexits.h) with a one-line hint, the way command-line tools conventionally do.

export const EXIT_OK = 0;
/** `validate` only: the result is illegal for the problem. */
export const EXIT_INVALID = 1;
/** A BerthError (bad input, unsupported feature, engine failure). */
export const EXIT_BERTH_ERROR = 2;
/** `plan --detailed-exitcode` only: the plan changes something (terraform plan's 2, moved past our 2). */
export const EXIT_CHANGES = 3;
/** EX_USAGE from sysexits.h. */
export const EXIT_USAGE = 64;

export class UsageError extends Error {
  /** The command whose help the hint points to, or "" for the overall help. */
  readonly command: string;

  /** Print the whole help after the message (plain `berth`, which says nothing else). */
  readonly showHelp: boolean;

  constructor(message: string, command = "", showHelp = false) {
    super(message);
    this.name = "UsageError";
    this.command = command;
    this.showHelp = showHelp;
  }
}
