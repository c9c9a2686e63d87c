// The error every model-config reader throws (config.json, generation_config.json, rope_scaling), in its own module
// so the readers can share it without importing one another.
export class ConfigError extends Error {}
