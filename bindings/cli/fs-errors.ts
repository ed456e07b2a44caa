// File-system error codes (ENOENT, EACCES …) in words, for the E_NOT_FOUND messages the CLI gives
// when it cannot read an input or write --out.

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a parent is not a directory";
    default:
      return code ?? String((error as Error)?.message ?? error);
  }
}
