/** Errors a generator met, counted by a short description (status and code, or the exception's message). */
export type ErrorCounts = Record<string, number>;

export function countError(errors: ErrorCounts, key: string): void {
  errors[key] = (errors[key] ?? 0) + 1;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 80) : String(error);
}
