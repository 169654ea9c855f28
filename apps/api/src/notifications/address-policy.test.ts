// The address and endpoint rules of push endpoints (SPEC §9, issue 13 item 5):
// every spelling of a loopback, private, link-local or reserved address is
// refused, a public one is allowed, and PUSH_ALLOW_LOOPBACK relaxes loopback
// only.
import { describe, expect, it } from "vitest";
import { type AddressClass, checkEndpoint, classifyAddress, isAllowedAddress } from "./address-policy";

const strict = { allowLoopback: false };
const loopbackAllowed = { allowLoopback: true };

describe("classifyAddress", () => {
  it.each<[string, AddressClass]>([
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["2606:4700:4700::1111", "public"],
    ["2a00:1450:4001:830::200e", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::7f00:1", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.5.4", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["::ffff:10.1.2.3", "private"],
    ["64:ff9b::a00:1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "link-local"],
    ["::ffff:169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["240.0.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    // IPv4-compatible (deprecated), Teredo, 6to4, NAT64 local-use, ORCHID, unassigned: never a push service.
    ["::7f00:1", "reserved"],
    ["::8.8.8.8", "reserved"],
    ["::ffff:8.8.8.8", "public"],
    ["2001::1", "reserved"],
    ["2002:7f00:1::1", "reserved"],
    ["64:ff9b:1::1", "reserved"],
    ["4000::1", "reserved"],
    ["100::1", "reserved"],
    // Only canonical text: odd spellings are the URL parser's job, never guessed at here.
    ["2130706433", "invalid"],
    ["0177.0.0.1", "invalid"],
    ["0x7f.1", "invalid"],
    ["127.1", "invalid"],
    ["localhost", "invalid"],
    ["", "invalid"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it("allows public addresses, and loopback only when told", () => {
    expect(isAllowedAddress("8.8.8.8", strict)).toBe(true);
    expect(isAllowedAddress("127.0.0.1", strict)).toBe(false);
    expect(isAllowedAddress("127.0.0.1", loopbackAllowed)).toBe(true);
    expect(isAllowedAddress("::ffff:127.0.0.1", loopbackAllowed)).toBe(true);
    for (const other of ["10.0.0.1", "169.254.169.254", "fc00::1", "0.0.0.0", "::", "224.0.0.1"])
      expect(isAllowedAddress(other, loopbackAllowed), other).toBe(false);
  });
});

describe("checkEndpoint", () => {
  const loopbackSpellings = [
    "https://127.0.0.1/push",
    "https://2130706433/push",
    "https://0177.0.0.1/push",
    "https://0x7f.1/push",
    "https://0x7f000001/push",
    "https://017700000001/push",
    "https://127.1/push",
    "https://127.0.0.1./push",
    "https://%31%32%37.0.0.1/push",
    "https://[::1]/push",
    "https://[0:0:0:0:0:0:0:1]/push",
    "https://[::ffff:127.0.0.1]/push",
    "https://[::ffff:7f00:1]/push",
    "https://[64:ff9b::127.0.0.1]/push",
    "https://localhost/push",
    "https://LOCALHOST./push",
    "https://push.localhost/push",
  ];

  it.each(loopbackSpellings)("refuses %s", (endpoint) => {
    const check = checkEndpoint(endpoint, strict);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/loopback/);
  });

  it.each([
    ["https://10.0.0.1/p", /private/],
    ["https://192.168.0.10:8443/p", /private/],
    ["https://[fc00::1]/p", /private/],
    ["https://[::ffff:10.0.0.1]/p", /private/],
    ["https://169.254.169.254/latest/meta-data", /link-local/],
    ["https://[fe80::1]/p", /link-local/],
    ["https://0.0.0.0/p", /unspecified/],
    ["https://0/p", /unspecified/],
    ["https://[::]/p", /unspecified/],
    ["https://224.0.0.1/p", /multicast/],
    ["https://255.255.255.255/p", /reserved/],
    ["https://[2001:db8::1]/p", /reserved/],
    ["http://push.example.com/p", /https/],
    ["ftp://push.example.com/p", /https/],
    ["javascript:alert(1)", /https/],
    ["push.example.com/p", /URL/],
    ["https://user:secret@push.example.com/p", /user name or password/],
    ["https://intranet/p", /fully qualified/],
  ])("refuses %s", (endpoint, reason) => {
    const check = checkEndpoint(endpoint, strict);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });

  it("accepts https to a public address or a host name, normalised and without a fragment", () => {
    const named = checkEndpoint("https://FCM.googleapis.com/fcm/send/abc#x", strict);
    expect(named).toMatchObject({ ok: true, hostName: "fcm.googleapis.com", address: undefined });
    if (named.ok) expect(named.url.href).toBe("https://fcm.googleapis.com/fcm/send/abc");
    expect(checkEndpoint("https://8.8.8.8/p", strict)).toMatchObject({ ok: true, address: "8.8.8.8" });
    expect(checkEndpoint("https://[2606:4700::1]/p", strict)).toMatchObject({
      ok: true,
      address: "2606:4700::1",
    });
  });

  it("with PUSH_ALLOW_LOOPBACK allows loopback, over http too, and nothing else", () => {
    for (const endpoint of loopbackSpellings)
      expect(checkEndpoint(endpoint, loopbackAllowed).ok, endpoint).toBe(true);
    expect(checkEndpoint("http://127.0.0.1:9000/p", loopbackAllowed).ok).toBe(true);
    expect(checkEndpoint("http://[::1]:9000/p", loopbackAllowed).ok).toBe(true);
    // A name over http is judged by what it resolves to, when a push is sent.
    expect(checkEndpoint("http://push.invalid:9000/p", loopbackAllowed).ok).toBe(true);
    for (const endpoint of [
      "http://8.8.8.8/p",
      "https://10.0.0.1/p",
      "https://169.254.169.254/p",
      "https://[fe80::1]/p",
      "http://[fc00::1]/p",
      "https://0.0.0.0/p",
    ])
      expect(checkEndpoint(endpoint, loopbackAllowed).ok, endpoint).toBe(false);
  });
});
