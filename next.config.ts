import type { NextConfig } from "next";
import { PHOTO_BYTES_CSP, securityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Native and wasm packages load from node_modules at run time instead of being bundled.
  // OpenTelemetry too: one copy of its API for Next.js, the Inngest SDK and the app's spans.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "sharp",
    "pino",
    "postgres",
    "heic-decode",
    "libheif-js",
    "@opentelemetry/api",
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/sdk-trace-base",
    "@opentelemetry/resources",
    "@opentelemetry/exporter-trace-otlp-proto",
    "@opentelemetry/exporter-trace-otlp-http",
  ],
  poweredByHeader: false,
  // A separate build folder lets a benchmark or a second build run beside the usual `.next`. Use a
  // `.next-<name>` already listed in tsconfig.json (bench, e2e, ui, screens, ci, load, break), or
  // Next.js adds it there.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
  // forbidden() answers a real 403 to signed-in non-admins on admin pages.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders(process.env.NODE_ENV !== "production") },
      { source: "/api/photos/:id", headers: [{ key: "Content-Security-Policy", value: PHOTO_BYTES_CSP }] },
    ];
  },
};

export default nextConfig;
