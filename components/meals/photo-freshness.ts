interface PhotoState {
  id: string;
  status: string;
  attempt: number;
}

const TERMINAL = new Set(["SUCCESS", "FAILED", "CANCELLED"]);

/** Photo states only move forward: attempt by attempt, and PENDING → PROCESSING → a terminal state. */
function rank(photo: PhotoState): number {
  const step = TERMINAL.has(photo.status) ? 2 : photo.status === "PROCESSING" ? 1 : 0;
  return photo.attempt * 3 + step;
}

/**
 * Whether `next` is at least as new as `previous` for every photo. A poll that left before a
 * cancel can arrive after the cancel's refetch; its PROCESSING must not flip a confirmed
 * CANCELLED back (a terminal state is final for its attempt, and only a retry, a higher attempt,
 * moves the photo on). Photos are never removed from a meal, so a missing one is also stale.
 */
export function isNoOlderThan(previous: readonly PhotoState[], next: readonly PhotoState[]): boolean {
  const byId = new Map(next.map((photo) => [photo.id, photo]));
  return previous.every((old) => {
    const fresh = byId.get(old.id);
    if (!fresh) return false;
    const [a, b] = [rank(old), rank(fresh)];
    return b > a || (b === a && (fresh.status === old.status || !TERMINAL.has(old.status)));
  });
}

/** Keeps the cached meal when a late response would move any photo backwards. */
export function freshestMeal<T extends { photos: readonly PhotoState[] }>(
  previous: T | undefined,
  next: T,
): T {
  return previous && !isNoOlderThan(previous.photos, next.photos) ? previous : next;
}
