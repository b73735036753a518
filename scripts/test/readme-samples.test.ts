import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractSamples, readSamples, typecheckSamples } from "../src/readme-samples.ts";
import { repoRoot } from "../src/workspace.ts";

function markdownFiles(): string[] {
  const files = ["README.md", "CONTRIBUTING.md"];
  for (const pkg of readdirSync(join(repoRoot, "packages"))) files.push(`packages/${pkg}/README.md`);
  if (existsSync(join(repoRoot, "docs"))) {
    for (const doc of readdirSync(join(repoRoot, "docs"))) if (doc.endsWith(".md")) files.push(`docs/${doc}`);
  }
  return files.filter((file) => existsSync(join(repoRoot, file)));
}

describe("extractSamples", () => {
  it("finds ts and typescript fences with their line numbers, and ignores other languages", () => {
    const markdown = [
      "# t",
      "```ts",
      "const a = 1;",
      "```",
      "```sh",
      "ls",
      "```",
      "```typescript",
      "let b;",
      "```",
    ].join("\n");
    expect(extractSamples(markdown, "x.md")).toEqual([
      { file: "x.md", line: 3, code: "const a = 1;" },
      { file: "x.md", line: 9, code: "let b;" },
    ]);
  });
});

describe("typecheckSamples", () => {
  it("reports a sample that uses an API that does not exist, with its file and line", () => {
    const diagnostics = typecheckSamples([
      { file: "bad.md", line: 10, code: 'import { notAnExport } from "@devrev-kit/errors";\nnotAnExport();' },
    ]);
    expect(diagnostics.map((d) => d.message).join("\n")).toMatch(
      /bad\.md:10: .*has no exported member .*notAnExport/,
    );
  });

  it("type-checks every TypeScript sample in the READMEs and docs", () => {
    const samples = readSamples(markdownFiles());
    const diagnostics = typecheckSamples(samples);
    expect(diagnostics.map((d) => d.message)).toEqual([]);
  });
});
