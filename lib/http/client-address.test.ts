import { afterEach, describe, expect, it } from "vitest";
import { reloadConfig } from "@/lib/config";
import { clientAddress } from "./client-address";

function from(forwardedFor: string | undefined, trustedProxies = ""): string {
  process.env.TRUSTED_PROXIES = trustedProxies;
  reloadConfig();
  return clientAddress(new Headers(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }));
}

afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
  reloadConfig();
});

describe("clientAddress", () => {
  it("is the last hop (the server's peer) when no proxy is trusted, whatever the client wrote", () => {
    expect(from("203.0.113.7")).toBe("203.0.113.7");
    expect(from("1.2.3.4, 203.0.113.7")).toBe("203.0.113.7");
    expect(from("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(from(undefined)).toBe("unknown");
  });

  it("reads through trusted proxies, addresses and ranges, IPv4 and IPv6", () => {
    expect(from("1.2.3.4, 198.51.100.2, 10.0.0.5", "10.0.0.0/8")).toBe("198.51.100.2");
    expect(from("198.51.100.2, 10.0.0.5, ::1", "10.0.0.0/8, ::1")).toBe("198.51.100.2");
    expect(from("2001:db8::1, fd00::9", "fd00::/8")).toBe("2001:db8::1");
    // Only proxies all the way: the first entry is the best there is.
    expect(from("10.0.0.9, 10.0.0.5", "10.0.0.0/8")).toBe("10.0.0.9");
  });

  it("refuses a configuration that is not a list of addresses or ranges", async () => {
    const { parseConfig } = await import("@/lib/config");
    expect(() => parseConfig({ TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseConfig({ TRUSTED_PROXIES: "proxy.internal" })).toThrow(/TRUSTED_PROXIES/);
    expect(parseConfig({ TRUSTED_PROXIES: "10.0.0.1, 2001:db8::/32" }).TRUSTED_PROXIES).toEqual([
      "10.0.0.1",
      "2001:db8::/32",
    ]);
  });
});
