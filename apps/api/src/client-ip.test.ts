import { describe, expect, it } from "vitest";
import { addressBucket } from "./client-ip";

describe("addressBucket", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:DB8:0001:0002:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["2001:db8:1:2::", "2001:db8:1:2::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["2001:db8:1:2:3:4:1.2.3.4", "2001:db8:1:2::/64"],
    ["unknown", "unknown"],
  ])("%s counts as %s", (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });

  it("puts every address of one /64 in one bucket and the next /64 in another", () => {
    const buckets = new Set(
      Array.from({ length: 50 }, (_, i) => addressBucket(`2001:db8:aa:bb:${i.toString(16)}::${i + 1}`)),
    );
    expect([...buckets]).toEqual(["2001:db8:aa:bb::/64"]);
    expect(addressBucket("2001:db8:aa:bc::1")).not.toBe("2001:db8:aa:bb::/64");
  });
});
