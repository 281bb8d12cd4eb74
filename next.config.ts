import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and wasm packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["@electric-sql/pglite", "sharp", "pino", "postgres", "heic-decode", "libheif-js"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
