/**
 * Response headers for every page and route (next.config.ts). The CSP allows inline scripts and
 * styles because Next.js inlines its bootstrap; nothing else may load from another origin, and
 * no other site may frame the app.
 */
export function securityHeaders(isDev: boolean): { key: string; value: string }[] {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${isDev ? " ws:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), payment=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
}

/**
 * Stored photo bytes are user content: opened directly they run nothing and load nothing, and no
 * page can frame them. This rule comes after the app-wide one in next.config.ts and replaces its
 * CSP, since the last matching rule wins.
 */
export const PHOTO_BYTES_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";

/** Two years, subdomains included: sent only when the public URL (BETTER_AUTH_URL) is https. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";
