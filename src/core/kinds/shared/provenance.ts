import type { FieldPath, ManifestObject } from "../../model/manifest.js";
import type { Position } from "../../model/position.js";
import type { Provenance } from "../../model/rule.js";

/**
 * Where a compiled rule comes from. Its position (file, line, col) is looked up in the manifest when
 * it is first read, not when the rule is compiled: a repository's policies have thousands of rules,
 * and only the few that a finding, a changed connection or an explanation cites are ever located.
 *
 * The position properties are own, enumerable accessors, so spreading, comparing or serialising a
 * provenance reads them like data, in the same order as the plain objects this replaces. They are
 * defined from one shared descriptor (objects keep one hidden class, no closures per object), and
 * what they need is kept aside, so a provenance has no other properties.
 */
export function ruleProvenance(object: ManifestObject, path: FieldPath, kind: string, policy: string, rulePath: string): Provenance {
  const provenance = Object.defineProperties({ kind, policy, rulePath }, POSITION) as Provenance;
  sources.set(provenance, { object, path, position: undefined });
  return provenance;
}

/** The same, with the position first (the Cilium kinds' order). */
export function positionFirstProvenance(object: ManifestObject, path: FieldPath, kind: string, policy: string, rulePath: string): Provenance {
  const provenance = Object.defineProperties({}, POSITION) as Provenance;
  provenance.kind = kind;
  provenance.policy = policy;
  provenance.rulePath = rulePath;
  sources.set(provenance, { object, path, position: undefined });
  return provenance;
}

interface Source {
  object: ManifestObject;
  path: FieldPath;
  position: Position | undefined;
}

const sources = new WeakMap<object, Source>();

const position = (provenance: object): Position => {
  const source = sources.get(provenance)!;
  return (source.position ??= source.object.at(source.path));
};

const POSITION: PropertyDescriptorMap = {
  file: {
    get(this: object) {
      return position(this).file;
    },
    enumerable: true,
    configurable: true,
  },
  line: {
    get(this: object) {
      return position(this).line;
    },
    enumerable: true,
    configurable: true,
  },
  col: {
    get(this: object) {
      return position(this).col;
    },
    enumerable: true,
    configurable: true,
  },
};
