// Runs work over a list with at most `limit` items in progress, in list order: the loop shared by the
// data-task scheduler and table validation.

/**
 * Calls `work` for each item, `limit` at a time. No new item starts once `stop()` is true or a call
 * has failed; the promise settles after every started call has, rejecting with the first failure.
 */
export async function runLanes<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && !stop() && next < items.length) {
      const index = next++;
      try {
        await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  if (failure) throw failure.error;
}
