import { assertType, describe, expectTypeOf, it } from "vitest";
import type { Account, AccountSummary, OrgSummary, RevOrg, RevUser, UserSummary } from "../src/index.ts";

declare const revOrg: RevOrg;
declare const revUser: RevUser;
declare const account: Account;
declare const user: UserSummary;
declare const org: OrgSummary;

describe("user and org summaries", () => {
  it("narrow created_by on type", () => {
    const creator = revOrg.created_by;
    if (creator?.type === "rev_user") {
      expectTypeOf(creator.rev_org).toEqualTypeOf<OrgSummary | undefined>();
      expectTypeOf(creator.external_ref).toEqualTypeOf<string | undefined>();
    }
    if (creator?.type === "dev_user") {
      expectTypeOf(creator.display_name).toEqualTypeOf<string | undefined>();
      // @ts-expect-error only Rev users carry rev_org
      assertType<unknown>(creator.rev_org);
    }
  });

  it("cover the four kinds of user", () => {
    expectTypeOf(user.type).toEqualTypeOf<"dev_user" | "rev_user" | "service_account" | "sys_user">();
    expectTypeOf(user.id).toEqualTypeOf<string>();
    expectTypeOf(user.state).toEqualTypeOf<
      "active" | "deactivated" | "deleted" | "locked" | "shadow" | "unassigned" | undefined
    >();
  });

  it("narrow org summaries on type", () => {
    expectTypeOf(org.type).toEqualTypeOf<"account" | "dev_org" | "rev_org">();
    if (org.type === "dev_org") expectTypeOf(org.dev_slug).toEqualTypeOf<string>();
    // @ts-expect-error dev_slug exists only on dev_org summaries
    assertType<string>(org.dev_slug);
  });

  it("leave type off a standalone account summary, as on the wire", () => {
    expectTypeOf(revOrg.account).toEqualTypeOf<AccountSummary | undefined>();
    // @ts-expect-error an account summary outside an org-summary has no type
    assertType<unknown>(revOrg.account?.type);
    assertType<AccountSummary>({ id: "don:identity:dvrv-us-1:devo/0:account/1", display_name: "Acme" });
  });

  it("type the summaries nested in full objects", () => {
    expectTypeOf(revUser.rev_org).toEqualTypeOf<OrgSummary | undefined>();
    expectTypeOf(revUser.primary_identity).toEqualTypeOf<UserSummary | undefined>();
    expectTypeOf(account.owned_by).toEqualTypeOf<UserSummary[]>();
    expectTypeOf(revOrg.primary_rev_org).toEqualTypeOf<OrgSummary | undefined>();
  });
});
