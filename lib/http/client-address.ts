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

/** The first four groups of an IPv6 address, `::` and an embedded IPv4 tail expanded. */
function slash64(address: string): string {
  const groupsOf = (part: string | undefined) =>
    (part ? part.split(":") : []).flatMap((group) => {
      if (!group.includes(".")) return [group];
      const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  const [head, tail] = address.replace(/%.*$/, "").split("::");
  const left = groupsOf(head);
  const right = groupsOf(tail);
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

/**
 * The client as the per-address rate limits count it: its IPv4 address, or the /64 of its IPv6
 * address — one subscriber is handed a whole /64 and can pick any address in it for each request.
 */
export function clientNetwork(headers: Headers): string {
  const address = clientAddress(headers);
  return isIP(address) === 6 ? slash64(address) : address;
}
