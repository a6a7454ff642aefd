// DESIGN §7's outbound rule, as a table: which addresses and URLs a connector or webhook may
// point at when private targets are not allowed.
import { afterEach, describe, expect, it } from "vitest";
import { hostProblem, isPrivateAddress, urlProblem } from "./outbound-target";

afterEach(() => {
  delete process.env.LAPSE_ALLOW_PRIVATE_TARGETS;
});

describe("outbound targets", () => {
  const table: [string, boolean][] = [
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true], // cloud metadata
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true], // the same, in hex
    ["::ffff:93.184.216.34", false], // a mapped public address stays public
    ["fd00::1", true],
    ["fe80::1", true],
    ["64:ff9b::a9fe:a9fe", true], // NAT64 of 169.254.169.254
    ["2002:c0a8:0101::1", true], // 6to4 of 192.168.1.1
    ["93.184.216.34", false], // a public IPv4 address (once refused: Node matched every IPv4 against ::ffff:0:0/96)
    ["8.8.8.8", false],
    ["2606:4700::1111", false],
    ["db.example.com", false], // a name: judged after DNS, right before connecting
  ];
  for (const [address, blocked] of table) {
    it(`${address} is ${blocked ? "refused" : "allowed"}`, () => {
      expect(isPrivateAddress(address)).toBe(blocked);
      expect(hostProblem(address) !== null).toBe(blocked);
    });
  }

  it("refuses local names, plain http and URLs carrying credentials; allows them all only when private targets are allowed", () => {
    expect(hostProblem("localhost")).toMatch(/local or internal/);
    expect(hostProblem("vault.internal")).toMatch(/local or internal/);
    expect(urlProblem("http://hooks.example.com/x")).toBe("must use https");
    expect(urlProblem("https://user:pw@hooks.example.com/x")).toBe("must not carry credentials");
    expect(urlProblem("https://[::1]/x")).toMatch(/private, loopback/);
    expect(urlProblem("https://hooks.example.com/x")).toBeNull();
    process.env.LAPSE_ALLOW_PRIVATE_TARGETS = "1";
    expect(urlProblem("http://127.0.0.1:8080/x")).toBeNull();
    expect(hostProblem("localhost")).toBeNull();
  });
});
