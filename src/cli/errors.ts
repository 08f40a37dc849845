/** An error of the user's input or arguments: printed on standard error, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
