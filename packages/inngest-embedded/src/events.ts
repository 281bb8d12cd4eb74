import { ulid } from "ulid";
import { ExpiringMap } from "./expiring-map";
import type { EventPayload, ReceivedEvent } from "./types";
import { incomingEventSchema } from "./types";

const DAY_MS = 86_400_000;
const MAX_REMEMBERED_EVENT_IDS = 200_000;
/** Events listed by `GET /v1/events`, newest kept. */
const MAX_LISTED_EVENTS = 10_000;
/** Inngest's default event size limit (`consts.DefaultMaxEventSize`). */
export const MAX_EVENT_BYTES = 512 * 1024;
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Encodes a 48-bit ms timestamp and 80 bits of entropy as a ULID. */
function encodeUlid(timeMs: number, entropy: bigint): string {
  let value = (BigInt(timeMs) << 80n) | (entropy & ((1n << 80n) - 1n));
  let out = "";
  for (let i = 0; i < 26; i++) {
    out = CROCKFORD[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/**
 * The SDK sends `x-inngest-event-id-seed: <ms>,<base64 of 10 random bytes>` and reuses it when it
 * retries a send, so ids derived from seed + index are identical across retries.
 */
export function idsFromSeed(seed: string | undefined, count: number): string[] | undefined {
  const match = seed?.match(/^(\d+),([A-Za-z0-9+/=]+)$/);
  if (!match?.[1] || !match[2]) return undefined;
  const bytes = Buffer.from(match[2], "base64");
  if (bytes.length !== 10) return undefined;
  const entropy = BigInt(`0x${bytes.toString("hex")}`);
  return Array.from({ length: count }, (_, index) => encodeUlid(Number(match[1]), entropy + BigInt(index)));
}

export class InvalidEventError extends Error {}

/** Inngest's `eventstream.ErrEventTooLarge` text. */
function assertEventSize(raw: unknown): void {
  const size = Buffer.byteLength(JSON.stringify(raw) ?? "");
  if (size > MAX_EVENT_BYTES) {
    throw new InvalidEventError(
      `Event is over the max size: Max ${MAX_EVENT_BYTES} bytes / Size ${size} bytes`,
    );
  }
}

/** An event as `GET /v1/events` lists it (Inngest's `cqrs.Event`). */
export interface ListedEvent {
  internal_id: string;
  received_at: string;
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
}

export interface AcceptedBatch {
  /** Internal ids in request order (a duplicate answers the id it was first given). */
  ids: string[];
  /** Events seen for the first time; only these are routed. */
  fresh: ReceivedEvent[];
}

/** Normalizes incoming events, assigns ids and drops duplicates for 24 h. */
export class EventIntake {
  private seq = 0;
  private readonly seen = new ExpiringMap<string>(DAY_MS, MAX_REMEMBERED_EVENT_IDS);
  private readonly log: ReceivedEvent[] = [];

  /** Arrival number of the newest event; later events compare greater. */
  get lastSeq(): number {
    return this.seq;
  }

  accept(body: unknown, seed: string | undefined): AcceptedBatch {
    const rawEvents = Array.isArray(body) ? body : [body];
    const parsed = rawEvents.map((raw, index) => {
      assertEventSize(raw);
      const result = incomingEventSchema.safeParse(raw);
      if (!result.success) throw new InvalidEventError(`event ${index}: ${result.error.issues[0]?.message}`);
      return result.data;
    });
    const seededIds = idsFromSeed(seed, parsed.length);
    const batch: AcceptedBatch = { ids: [], fresh: [] };
    parsed.forEach((event, index) => {
      const internalId = seededIds?.[index] ?? ulid();
      const dedupeKeys = [
        seededIds ? `seed:${internalId}` : undefined,
        event.id ? `id:${event.id}` : undefined,
      ];
      const knownId = dedupeKeys.map((key) => key && this.seen.get(key)).find(Boolean);
      if (knownId) {
        batch.ids.push(knownId);
        return;
      }
      for (const key of dedupeKeys) if (key) this.seen.set(key, internalId);
      batch.ids.push(internalId);
      const payload = {
        ...event,
        data: event.data ?? {},
        id: event.id ?? internalId,
        ts: event.ts ?? Date.now(),
      };
      batch.fresh.push(this.receive(internalId, payload));
    });
    return batch;
  }

  /** Creates an executor-originated event (internal `inngest/*` events, cron ticks, invocations). */
  internal(name: string, data: Record<string, unknown>): ReceivedEvent {
    const internalId = ulid();
    return this.receive(internalId, { name, data, id: internalId, ts: Date.now() });
  }

  /** Newest first; `before` (an internal id) pages on, as Inngest's cursor does. */
  list({
    name,
    where,
    limit,
    before,
  }: {
    name?: string;
    /** Keeps only events whose name it accepts. */
    where?: (name: string) => boolean;
    limit: number;
    before?: string;
  }): ListedEvent[] {
    const out: ListedEvent[] = [];
    const from = before === undefined ? this.log.length : this.log.findIndex((e) => e.internalId === before);
    for (let index = from - 1; index >= 0 && out.length < limit; index--) {
      const event = this.log[index] as ReceivedEvent;
      if (name !== undefined && event.payload.name !== name) continue;
      if (where && !where(event.payload.name)) continue;
      const { id, name: eventName, data, ts } = event.payload;
      out.push({
        internal_id: event.internalId,
        received_at: new Date(event.receivedAt).toISOString(),
        id,
        name: eventName,
        data,
        ts,
      });
    }
    return out;
  }

  private receive(internalId: string, payload: EventPayload): ReceivedEvent {
    this.seq += 1;
    const event = { internalId, seq: this.seq, receivedAt: Date.now(), payload };
    this.log.push(event);
    if (this.log.length > MAX_LISTED_EVENTS) this.log.shift();
    return event;
  }
}
