export { parseConfig, type ParsedConfig } from "./parse-config.js";
export { CONFIG_CODES } from "./config-codes.js";
export { configSchema, RULE_IDS } from "./schema.js";
export { parseConfigPeer, parsePortList, portListOf, isExpired, CONFIG_ENTITIES } from "./config-values.js";
export type * from "./types.js";
