import type { Context } from "@opentelemetry/api";
import type { Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";

// The Inngest SDK sends events to `<event API>/e/<event key>`, and Next.js names and tags its
// fetch spans with the URL: without this, the key that lets anyone send events would be exported.
const EVENT_KEY_IN_URL = /\/e\/[A-Za-z0-9_-]{16,}/g;
const redact = (text: string) => text.replace(EVENT_KEY_IN_URL, "/e/[redacted]");

/** Runs first on every span: removes Inngest event keys from its name and string attributes. */
export const redactEventKeys: SpanProcessor = {
  onStart(span: Span, _parent: Context) {
    if (redact(span.name) !== span.name) span.updateName(redact(span.name));
    for (const [key, value] of Object.entries(span.attributes)) {
      if (typeof value === "string" && redact(value) !== value) span.setAttribute(key, redact(value));
    }
  },
  onEnd() {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
