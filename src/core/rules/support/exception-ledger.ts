import { EMPTY_PORTS, intersectPorts, isEmptyPorts, portSetOf, subtractPorts, unionPorts } from "../../algebra/port-set.js";
import { isExpired } from "../../config/config-values.js";
import type { ConfigException, SharedFlow, TenantConfig } from "../../config/types.js";
import type { Peer } from "../../model/peer.js";
import type { PortSet } from "../../model/ports.js";
import type { Tenancy } from "../../tenancy/tenancy.js";
import { MemoTable, type RuleMemo } from "./rule-memo.js";

export interface Coverage {
  /** Ports no exception covers. */
  remaining: PortSet;
  /** Ports each exception covers (an exception only covers what no earlier one did). */
  covered: Array<{ exception: ConfigException; ports: PortSet }>;
}

const NO_SHARED: readonly SharedFlow[] = [];

/** The `shared` entries naming a destination: a function of the peer and the config. Usually none. */
const SHARED_FOR = new MemoTable<Peer, readonly SharedFlow[]>("shared flows to a destination");

/** Shared ports per destination and port set, for the destinations some `shared` entry names (a few platform services). */
const SHARED_PORTS = new MemoTable<Peer, Map<PortSet, PortSet>>("shared ports of a destination");

/**
 * Applies `exceptions` (unexpired only) and `shared` flows to flows between peers, exactly on ports,
 * and records which exceptions were used so that `exception-unused` can report the others.
 */
export class ExceptionLedger {
  readonly active: readonly ConfigException[];
  private readonly used = new Set<number>();
  private readonly shared: readonly SharedFlow[];

  constructor(
    config: TenantConfig | undefined,
    private readonly tenancy: Tenancy,
    now: Date,
    private readonly memo: RuleMemo,
  ) {
    this.active = (config?.exceptions ?? []).filter((e) => !isExpired(e.expires, now));
    this.shared = config ? config.shared : OBSERVE_SHARED;
  }

  /** Ports of `to` every tenant may use (`shared`). */
  sharedPorts(to: Peer, ports: PortSet): PortSet {
    const sharedFor = this.memo.of(SHARED_FOR);
    let flows = sharedFor.get(to);
    if (!flows) {
      const found = this.shared.filter((s) => this.tenancy.matches(s.to, to));
      sharedFor.set(to, (flows = found.length ? found : NO_SHARED));
    }
    if (flows.length === 0) return EMPTY_PORTS; // what the union of no sets is
    // Many connections reach the same shared service (every pod's DNS) with the same (shared) port set.
    const table = this.memo.of(SHARED_PORTS);
    let byPorts = table.get(to);
    if (!byPorts) table.set(to, (byPorts = new Map()));
    let hit = byPorts.get(ports);
    if (!hit) byPorts.set(ports, (hit = unionPorts(...flows.map((s) => (s.ports === null ? ports : intersectPorts(ports, s.ports))))));
    return hit;
  }

  cover(from: Peer, to: Peer, ports: PortSet): Coverage {
    let remaining = ports;
    const covered: Coverage["covered"] = [];
    for (const e of this.active) {
      if (isEmptyPorts(remaining)) break;
      if (!this.tenancy.matches(e.from, from) || !this.tenancy.matches(e.to, to)) continue;
      const hit = e.ports === null ? remaining : intersectPorts(remaining, e.ports);
      if (isEmptyPorts(hit)) continue;
      covered.push({ exception: e, ports: hit });
      remaining = subtractPorts(remaining, hit);
      this.used.add(e.index);
    }
    return { remaining, covered };
  }

  /** Record the use of an exception whose coverage was computed before (see `addWithExceptions`). */
  markUsed(exception: ConfigException): void {
    this.used.add(exception.index);
  }

  wasUsed(index: number): boolean {
    return this.used.has(index);
  }
}

/**
 * Observe mode has no config, but DNS to kube-dns is what every namespace needs; treating it as
 * shared keeps the observe report about isolation rather than about DNS.
 */
const OBSERVE_SHARED: readonly SharedFlow[] = [
  {
    to: { kind: "pods", text: "kube-system/k8s-app=kube-dns", scope: "kube-system", labels: { "k8s-app": "kube-dns" } },
    ports: unionPorts(portSetOf("UDP", 53), portSetOf("TCP", 53)),
    description: "DNS (observe mode default)",
    at: { file: "", line: 0, col: 0 },
  },
];
