// A legacy TypeScript project ("moduleResolution": "node10") importing only the packages' main entry points,
// which check:packages reports as resolving under node10.
import { createDevRevClient } from "@devrev-kit/client";
import { isNotFoundError } from "@devrev-kit/errors";
import { createMockState } from "@devrev-kit/fixtures";
import type { RevOrg } from "@devrev-kit/types";

const state = createMockState({ seed: 1, token: "test" });
export const count: number = state.requestCountFor("rev-orgs.list");
export const client = createDevRevClient({ token: "test" });
export const guard: (value: unknown) => boolean = isNotFoundError;
export type Org = RevOrg;
