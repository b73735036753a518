// Type instantiations a consumer file adds, counted by the TypeScript compiler API exactly as
// `tsc --extendedDiagnostics` reports them ("Instantiations"), minus a library-free baseline file.
import { fileURLToPath } from "node:url";
import ts from "typescript";

const consumersDirectory = fileURLToPath(new URL("../../consumers/type-cost/", import.meta.url));

export type TypeCostConsumer = "baseline" | "client" | "openapi-fetch";

export interface TypeCost {
  /** The project compiled, relative to bench/. */
  project: string;
  /** Instantiations of the whole program, as `tsc --extendedDiagnostics` prints them. */
  instantiations: number;
  types: number;
}

// Parsed source files are shared between the programs (the DOM library alone takes seconds to parse);
// each program still gets a fresh checker, so the counts are its own.
const sourceFiles = new Map<string, ts.SourceFile>();

function createHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    let file = sourceFiles.get(key);
    if (!file) {
      file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (file) sourceFiles.set(key, file);
    }
    return file;
  };
  return host;
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => consumersDirectory,
  getNewLine: () => "\n",
};

/** Compiles `consumers/type-cost/tsconfig.<name>.json` and counts; throws when it does not compile. */
export function measureTypeCost(name: TypeCostConsumer): TypeCost {
  const project = `consumers/type-cost/tsconfig.${name}.json`;
  const config = ts.getParsedCommandLineOfConfigFile(
    `${consumersDirectory}tsconfig.${name}.json`,
    undefined,
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.formatDiagnostics([diagnostic], formatHost));
      },
    },
  );
  if (!config) throw new Error(`bench: cannot read ${project}`);
  const program = ts.createProgram(config.fileNames, config.options, createHost(config.options));
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
  if (diagnostics.length > 0) {
    throw new Error(`bench: ${project} does not compile:\n${ts.formatDiagnostics(diagnostics, formatHost)}`);
  }
  return { project, instantiations: program.getInstantiationCount(), types: program.getTypeCount() };
}

export interface TypeCostComparison {
  baseline: TypeCost;
  client: TypeCost;
  openapiFetch: TypeCost;
  /** Instantiations each consumer adds over the baseline. */
  clientAdded: number;
  openapiFetchAdded: number;
  /** clientAdded / openapiFetchAdded. */
  ratio: number;
}

export function compareTypeCost(): TypeCostComparison {
  const baseline = measureTypeCost("baseline");
  const client = measureTypeCost("client");
  const openapiFetch = measureTypeCost("openapi-fetch");
  const clientAdded = client.instantiations - baseline.instantiations;
  const openapiFetchAdded = openapiFetch.instantiations - baseline.instantiations;
  return {
    baseline,
    client,
    openapiFetch,
    clientAdded,
    openapiFetchAdded,
    ratio: clientAdded / openapiFetchAdded,
  };
}
