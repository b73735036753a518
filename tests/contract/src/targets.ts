// The three servers the contract suite runs against, and how each one is started.

import { startMockServer } from "@devrev-kit/fixtures";
import { startPrism } from "./prism.ts";
import { specEntryPath } from "./spec.ts";
import type { TargetName } from "./target-names.ts";

export { requestedTargets, type TargetName } from "./target-names.ts";

/** A started target: where to send requests, and the existing objects the suite may use. */
export interface TargetSession {
  baseUrl: string;
  token: string;
  /** An existing account to create Rev organizations under (and to update). */
  accountId: string;
  /** An existing Rev user for the rev-users operations. */
  revUserId: string;
  /** Extra text for failure messages (Prism's output). */
  diagnostics(): string;
  close(): Promise<void>;
}

export interface ContractTarget {
  name: TargetName;
  /**
   * Keeps what it is sent: a created Rev organization can be updated and listed, an unknown ID is a real
   * 404, and pages follow real cursors. Prism answers from the spec's examples instead.
   */
  stateful: boolean;
  /** Answers with any status the operation declares when asked with `Prefer: code=<status>` (Prism). */
  answersPreferCode: boolean;
  /** Changes to objects the suite did not create are avoided: updates send only the ID (live). */
  leaveExistingObjectsAlone: boolean;
  /** The client's retries: none where every response should come back as sent, the default on live. */
  maxRetries: number;
  start(): Promise<TargetSession>;
}

/** The token the mock server is started with. */
const MOCK_TOKEN = "devrev-kit-contract-token";

export const mockTarget: ContractTarget = {
  name: "mock",
  stateful: true,
  answersPreferCode: false,
  leaveExistingObjectsAlone: false,
  maxRetries: 0,
  async start() {
    const mock = await startMockServer({ token: MOCK_TOKEN, seed: 7 });
    const account = mock.state.accounts()[0];
    const revUser = mock.state.revUsers()[0];
    if (!account || !revUser) throw new Error("the mock server seeded no account or Rev user");
    return {
      baseUrl: mock.url,
      token: MOCK_TOKEN,
      accountId: account.id,
      revUserId: revUser.id,
      diagnostics: () => "",
      close: () => mock.close(),
    };
  },
};

export const prismTarget: ContractTarget = {
  name: "prism",
  stateful: false,
  answersPreferCode: true,
  leaveExistingObjectsAlone: false,
  maxRetries: 0,
  async start() {
    const prism = await startPrism({ spec: specEntryPath, seed: "devrev-kit-contract" });
    return {
      baseUrl: prism.url,
      // Prism checks that a bearer token is present, not which one.
      token: "devrev-kit-contract-token",
      // IDs from the spec's examples; Prism only checks their shape.
      accountId: "ACC-12345",
      revUserId: "don:identity:dvrv-us-1:devo/0:revu/42",
      diagnostics: () =>
        `Prism's output (last lines):\n${prism.output().trim().split("\n").slice(-40).join("\n")}`,
      close: () => prism.stop(),
    };
  },
};

/** Environment variables the live target reads. */
export const LIVE_ENV = {
  token: "DEVREV_TOKEN",
  account: "DEVREV_CONTRACT_ACCOUNT",
  revUser: "DEVREV_CONTRACT_REV_USER",
  baseUrl: "DEVREV_BASE_URL",
} as const;

export const liveTarget: ContractTarget = {
  name: "live",
  stateful: true,
  answersPreferCode: false,
  leaveExistingObjectsAlone: true,
  maxRetries: 2,
  async start() {
    const env = process.env;
    const token = env[LIVE_ENV.token];
    const accountId = env[LIVE_ENV.account];
    const revUserId = env[LIVE_ENV.revUser];
    const missing = [
      token ? undefined : `${LIVE_ENV.token} (a DevRev token)`,
      accountId
        ? undefined
        : `${LIVE_ENV.account} (an existing account ID, e.g. ACC-12345, to create Rev organizations under)`,
      revUserId ? undefined : `${LIVE_ENV.revUser} (an existing Rev user ID for the rev-users operations)`,
    ].filter(Boolean);
    if (!token || !accountId || !revUserId) {
      throw new Error(`The live contract run needs ${missing.join(", ")}. See tests/contract/README.md.`);
    }
    return {
      baseUrl: env[LIVE_ENV.baseUrl] || "https://api.devrev.ai",
      token,
      accountId,
      revUserId,
      diagnostics: () => "",
      close: async () => {},
    };
  },
};
