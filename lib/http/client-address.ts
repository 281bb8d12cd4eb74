import "server-only";
import { BlockList, isIP } from "node:net";
import { config } from "@/lib/config";

let trusted: { entries: string[]; list: BlockList } | undefined;

function trustedProxies(): BlockList {
  const { TRUSTED_PROXIES } = config();
  if (trusted?.entries !== TRUSTED_PROXIES) {
    const list = new BlockList();
    for (const entry of TRUSTED_PROXIES) {
      const [address = "", prefix] = entry.split("/");
      const family = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (prefix === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(prefix), family);
    }
    trusted = { entries: TRUSTED_PROXIES, list };
  }
  return trusted.list;
}

/** `::ffff:203.0.113.7` (an IPv4 peer on a dual-stack socket) is 203.0.113.7. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

function isTrusted(address: string, list: BlockList): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The address of the client that sent a request. The server appends its peer's socket address to
 * `X-Forwarded-For` (patches/next+*.patch), so the last entry is never chosen by the client;
 * reading from the right, entries added by proxies listed in TRUSTED_PROXIES are skipped and the
 * first other one is the client. Everything left of it is the client's own claim and ignored.
 */
export function clientAddress(headers: Headers): string {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => normalise(entry.trim()))
    .filter(Boolean);
  const list = trustedProxies();
  for (let index = chain.length - 1; index >= 0; index--) {
    const address = chain[index] as string;
    if (index === 0 || !isTrusted(address, list)) return address;
  }
  return "unknown";
}
