/** Repository names: what the import takes and every request naming a repository is checked against. */
export const MAX_NAME_LENGTH = 1000;

/** Whether a value from a request can be a repository name (a non-empty string of at most 1000 characters, no NUL). */
export function isRepositoryName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH && !value.includes('\0');
}
