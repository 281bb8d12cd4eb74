import { afterEach, describe, expect, it } from "vitest";
import { reloadConfig } from "@/lib/config";
import { clientAddress, clientNetwork } from "./client-address";

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

describe("clientNetwork", () => {
  const of = (forwardedFor: string) => clientNetwork(new Headers({ "x-forwarded-for": forwardedFor }));

  it("is an IPv6 client's /64, however the address is written", () => {
    expect(of("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(of("2001:0db8:0001:0002:ffff:eeee:dddd:cccc")).toBe("2001:db8:1:2::/64");
    expect(of("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(of("::1")).toBe("0:0:0:0::/64");
    expect(of("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(of("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
    expect(of("2001:db8:1:3::1")).not.toBe(of("2001:db8:1:2::1"));
  });

  it("is an IPv4 client's address, also on a dual-stack socket", () => {
    expect(of("203.0.113.7")).toBe("203.0.113.7");
    expect(of("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(of("")).toBe("unknown");
  });
});
