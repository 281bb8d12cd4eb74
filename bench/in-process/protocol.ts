/** What bench/run.ts hands the in-process measurements (JSON in BENCH_IN_PROCESS_INPUT), and gets back. */
export interface InProcessInput {
  cookie: string;
  userId: string;
  dates: string[];
  completedMealId: string;
  inFlightMealId: string;
  iterations: number;
  /** JPEG files: the phone's original and the browser-compressed photo. */
  images: { phone: string; browser: string };
}

export interface TracedCall {
  status: number;
  statements: number;
  sql: string[];
  answer?: string;
}

export interface LatencyComparison {
  concurrency: number;
  ours: { p50: number; p95: number };
  naive: { p50: number; p95: number };
}

export interface ImageCost {
  phone: number;
  browser: number;
  /** The same decode and resize encoded with plain libjpeg instead of mozjpeg (a probe, not app code). */
  phoneLibjpeg: number;
  browserLibjpeg: number;
}

export interface InProcessReport {
  diary: TracedCall;
  diaryWithoutCookie: TracedCall;
  diaryStatementsPerDate: number[];
  cancelCompleted: TracedCall;
  cancelInFlight: TracedCall;
  diaryDomain: { ours: TracedCall; naive: TracedCall; sameTotals: boolean };
  diaryLatency: LatencyComparison[];
  /** Median ms of the app's processImage (sniff, bomb check, decode, resize, mozjpeg re-encode). */
  processImageMs: ImageCost;
}
