import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and wasm packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["@electric-sql/pglite", "sharp", "pino", "postgres", "heic-decode", "libheif-js"],
  poweredByHeader: false,
  // A separate build folder lets a benchmark or a second build run beside the usual `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
};

export default nextConfig;
