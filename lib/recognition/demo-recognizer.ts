import "server-only";
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { config } from "@/lib/config";
import { COMMON_FOODS, type CommonFood } from "@/lib/foods/common-foods";
import {
  RecognitionError,
  type RecognitionInput,
  type RecognitionOptions,
  type RecognizedItem,
  type Recognizer,
} from "./types";

export interface DemoRecognizerOptions {
  /** Simulated provider latency; defaults to DEMO_RECOGNITION_LATENCY_MS. */
  latencyMs?: number;
  /** Share of photos (0..1) that fail with a retriable `demo_failure`; defaults to DEMO_RECOGNITION_FAILURE_RATE. */
  failureRate?: number;
}

const MAX_ITEMS = 4;

/**
 * DEMO recognizer: it does not look at the picture. It runs offline and derives 1–4 common foods
 * with realistic portions from a sha256 of the photo bytes, so the same photo always gives the
 * same answer and the same photo always fails (or not) at a given failure rate; that is what lets
 * tests and the end-to-end scenarios drive every outcome deterministically. Its items are marked
 * as examples, so the screens never present them as what the user ate.
 */
export class DemoRecognizer implements Recognizer {
  readonly name = "demo";
  readonly #latencyMs: number;
  readonly #failureRate: number;

  constructor({
    latencyMs = config().DEMO_RECOGNITION_LATENCY_MS,
    failureRate = config().DEMO_RECOGNITION_FAILURE_RATE,
  }: DemoRecognizerOptions = {}) {
    if (!(latencyMs >= 0)) throw new RangeError(`latencyMs must be >= 0, got ${latencyMs}`);
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new RangeError(`failureRate must be within 0..1, got ${failureRate}`);
    }
    this.#latencyMs = latencyMs;
    this.#failureRate = failureRate;
  }

  async recognize(input: RecognitionInput, { signal }: RecognitionOptions = {}): Promise<RecognizedItem[]> {
    signal?.throwIfAborted();
    if (this.#latencyMs > 0) {
      // timers/promises rejects with its own AbortError; rethrow the caller's reason instead.
      await sleep(this.#latencyMs, undefined, { signal }).catch((error: unknown) => {
        signal?.throwIfAborted();
        throw error;
      });
    }
    const random = seededRandom(input.bytes);
    // `random() < rate` never holds at rate 0 and always holds at rate 1 (random() is in [0, 1)).
    if (random() < this.#failureRate) {
      throw new RecognitionError("demo_failure", "Simulated recognition failure (demo recognizer)", true);
    }
    return pickFoods(random).map((food) => portionOf(food, random));
  }
}

/** Uniform numbers in [0, 1) seeded from the bytes' sha256 (mulberry32: tiny and good enough here). */
function seededRandom(bytes: Uint8Array): () => number {
  let state = createHash("sha256").update(bytes).digest().readUInt32BE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** 1–4 distinct foods (a partial Fisher–Yates shuffle of the table). */
function pickFoods(random: () => number): CommonFood[] {
  const count = 1 + Math.floor(random() * MAX_ITEMS);
  const pool = [...COMMON_FOODS];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as CommonFood, pool[i] as CommonFood];
  }
  return pool.slice(0, count);
}

function portionOf(food: CommonFood, random: () => number): RecognizedItem {
  const [min, max] = food.portion;
  const grams = Math.round(min + random() * (max - min));
  const scale = grams / 100;
  return {
    name: food.name,
    state: food.state,
    grams,
    kcal: Math.round(food.per100g.kcal * scale),
    protein: roundTo1(food.per100g.protein * scale),
    fat: roundTo1(food.per100g.fat * scale),
    carbs: roundTo1(food.per100g.carbs * scale),
    confidence: Math.round((0.55 + random() * 0.4) * 100) / 100,
    example: true,
  };
}

function roundTo1(value: number): number {
  return Math.round(value * 10) / 10;
}
