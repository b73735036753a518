import type { JsonObject } from "../drift/json.ts";

/** Everything an output is generated from: the linted, bundled spec and where it came from. */
export interface CodegenInput {
  /** The bundled spec: one document, local refs only, components sorted by name. */
  document: JsonObject;
  /** The bundled spec as written to disk (pretty JSON), whose hash identifies the spec. */
  documentJson: string;
  /** sha256 of `documentJson`, hex. */
  specSha256: string;
  /** The spec's entry point, relative to the repository root. */
  specPath: string;
}

/** One generated artifact: the files it writes and how their contents are made. */
export interface CodegenOutput {
  /** Paths relative to the repository root, in the order `emit` returns their contents. */
  files: readonly string[];
  emit(input: CodegenInput): Promise<readonly string[]> | readonly string[];
}

export interface CodegenConfig {
  /** The spec's entry point, relative to the repository root. */
  spec: string;
  /** Redocly configuration (lint rules) for the spec, relative to the repository root. */
  redoclyConfig: string;
  outputs: readonly CodegenOutput[];
}

/** Identity function that gives a config file its types. */
export function defineCodegen(config: CodegenConfig): CodegenConfig {
  return config;
}
