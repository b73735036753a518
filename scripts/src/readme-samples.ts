// Extracts the TypeScript samples from Markdown and type-checks them against the built packages,
// so a README cannot show an API that does not exist.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { repoRoot } from "./workspace.ts";

export interface CodeSample {
  /** The Markdown file, relative to the repository root. */
  file: string;
  /** 1-based line of the sample's first code line in that file. */
  line: number;
  code: string;
}

const fence = /^```(ts|typescript)\s*$/;

/** TypeScript fenced blocks (```ts or ```typescript) of one Markdown text. */
export function extractSamples(markdown: string, file: string): CodeSample[] {
  const samples: CodeSample[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!fence.test(lines[i] ?? "")) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !(lines[end] ?? "").startsWith("```")) end++;
    samples.push({ file, line: start + 1, code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return samples;
}

export interface SampleDiagnostic {
  sample: CodeSample;
  message: string;
}

/**
 * Compiles every sample as its own ES module, as a consumer with strict settings would.
 * The samples live in memory at paths inside `scripts/`, so `@devrev-kit/*` resolves to the
 * workspace packages' published entry points (their built `dist`).
 */
export function typecheckSamples(samples: readonly CodeSample[]): SampleDiagnostic[] {
  const virtualDir = join(repoRoot, "scripts", "__readme_samples__");
  const byPath = new Map<string, CodeSample>();
  samples.forEach((sample, index) => {
    byPath.set(join(virtualDir, `sample-${index}.ts`), sample);
  });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    moduleDetection: ts.ModuleDetectionKind.Force,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    types: ["node"],
    typeRoots: [join(repoRoot, "scripts", "node_modules", "@types")],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (path) => byPath.get(path)?.code ?? readFile(path);
  host.fileExists = (path) => byPath.has(path) || fileExists(path);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (path, languageVersion, onError) => {
    const sample = byPath.get(path);
    return sample
      ? ts.createSourceFile(path, sample.code, languageVersion, true)
      : getSourceFile(path, languageVersion, onError);
  };
  const program = ts.createProgram([...byPath.keys()], options, host);
  const diagnostics: SampleDiagnostic[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const sample = diagnostic.file ? byPath.get(diagnostic.file.fileName) : undefined;
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (!sample || !diagnostic.file || diagnostic.start === undefined) {
      diagnostics.push({ sample: samples[0] ?? { file: "?", line: 0, code: "" }, message: text });
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    diagnostics.push({ sample, message: `${sample.file}:${sample.line + line}: ${text}` });
  }
  return diagnostics;
}

/** Reads the samples of the given Markdown files (paths relative to the repository root). */
export function readSamples(files: readonly string[]): CodeSample[] {
  return files.flatMap((file) =>
    extractSamples(readFileSync(join(repoRoot, file), "utf8"), relative(repoRoot, join(repoRoot, file))),
  );
}
