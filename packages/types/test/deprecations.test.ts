// Deprecation lives in JSDoc (`@deprecated`), which the type system cannot see, so
// this test asks the TypeScript checker which members an editor would strike through.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const probeFile = fileURLToPath(new URL("./deprecation-probe.ts", import.meta.url));

// Each line reads one member; the checker tells whether its declaration is @deprecated.
const probeSource = `
import type {
  AccountsUpdateRequest, paths, RevOrg, RevOrgsCreateRequest, RevOrgsUpdateRequest, RevUsersLinkRequest,
} from "../src/index.ts";
declare const create: RevOrgsCreateRequest;
declare const update: RevOrgsUpdateRequest;
declare const revOrg: RevOrg;
declare const link: RevUsersLinkRequest;
declare const account: AccountsUpdateRequest;
declare const linkPath: paths["/rev-users.link"];
declare const createPath: paths["/rev-orgs.create"];
create.domain;
create.display_name;
update.account;
update.domain;
update.tier;
revOrg.domain;
revOrg.display_name;
link.rev_org_don;
link.user_don;
link.rev_org;
account.schema_fragment_ids;
account.tier;
linkPath.post;
createPath.post;
`;

let deprecated: Map<string, boolean>;

beforeAll(() => {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => (fileName === probeFile ? probeSource : readFile(fileName));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === probeFile || fileExists(fileName);
  const program = ts.createProgram([probeFile], options, host);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probeFile);
  if (source === undefined) throw new Error("probe file was not compiled");
  const problems = ts.getPreEmitDiagnostics(program, source);
  if (problems.length > 0) {
    throw new Error(ts.formatDiagnostics(problems, host));
  }

  deprecated = new Map();
  source.forEachChild((statement) => {
    if (!ts.isExpressionStatement(statement) || !ts.isPropertyAccessExpression(statement.expression)) return;
    const access = statement.expression;
    const symbol = checker.getSymbolAtLocation(access.name);
    const tags = symbol?.getJsDocTags(checker) ?? [];
    deprecated.set(
      access.getText(source),
      tags.some((tag) => tag.name === "deprecated"),
    );
  });
});

describe("deprecated fields and operations", () => {
  it.each([
    "create.domain",
    "update.account",
    "update.domain",
    "revOrg.domain",
    "link.rev_org_don",
    "link.user_don",
    "account.schema_fragment_ids",
    "linkPath.post",
  ])("%s carries @deprecated", (member) => {
    expect(deprecated.get(member)).toBe(true);
  });

  it.each([
    "create.display_name",
    "update.tier",
    "revOrg.display_name",
    "link.rev_org",
    "account.tier",
    "createPath.post",
  ])("%s does not", (member) => {
    expect(deprecated.get(member)).toBe(false);
  });
});
