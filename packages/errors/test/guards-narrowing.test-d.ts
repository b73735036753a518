// Guards that narrow to the false branch (run by vitest's typecheck and by tsc): an adversarial review found
// isAbortError's false branch left `never`, since DevRevAbortError had nothing of its own (2026-12-06).
import { describe, expectTypeOf, it } from "vitest";
import { type DevRevKitError, isAbortError, isDevRevKitError } from "../src/index.ts";

declare const caught: unknown;
declare const kitError: DevRevKitError;

describe("isAbortError's false branch (README: every guard narrows unknown)", () => {
  it("leaves a DevRevKitError that is not an abort a DevRevKitError, not never", () => {
    if (isDevRevKitError(caught) && !isAbortError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<DevRevKitError>();
      expectTypeOf(caught.message).toEqualTypeOf<string>();
    }
    if (!isAbortError(kitError)) expectTypeOf(kitError).toEqualTypeOf<DevRevKitError>();
  });
});
