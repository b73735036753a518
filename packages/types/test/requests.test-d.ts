import { assertType, describe, expectTypeOf, it } from "vitest";
import type {
  AccountsUpdateRequest,
  AccountsUpdateResponse,
  CustomFields,
  RevOrg,
  RevOrgsCreateRequest,
  RevOrgsCreateResponse,
  RevOrgsListQuery,
  RevOrgsListRequest,
  RevOrgsListResponse,
  RevOrgsUpdateRequest,
  RevUser,
  RevUsersAssociationsAddRequest,
  RevUsersAssociationsAddResponse,
  RevUsersLinkRequest,
  RevUsersUpdateRequest,
  SetTagWithValue,
  TagWithValue,
} from "../src/index.ts";

declare const maybeTier: string | undefined;

describe("request bodies", () => {
  it("require what the API requires", () => {
    assertType<RevOrgsCreateRequest>({ account: "ACC-12345", display_name: "Acme" });
    // @ts-expect-error account is required to create a Rev org
    assertType<RevOrgsCreateRequest>({ display_name: "Acme" });
    // @ts-expect-error display_name is required to create a Rev org
    assertType<RevOrgsCreateRequest>({ account: "ACC-12345" });
    // @ts-expect-error id is required to update a Rev org
    assertType<RevOrgsUpdateRequest>({ display_name: "Acme" });
    // @ts-expect-error rev_user_id is required
    assertType<RevUsersAssociationsAddRequest>({ associations: [] });
    assertType<RevUsersAssociationsAddRequest>({
      rev_user_id: "REVU-1",
      associations: [{ associated_to: "ACC-1" }],
    });
    assertType<RevUsersLinkRequest>({});
  });

  it("accept arbitrary keys in custom_fields", () => {
    const custom_fields = { tnt__region: "emea", tnt__seats: 40, tnt__flags: { beta: true } };
    assertType<RevOrgsCreateRequest>({ account: "ACC-12345", display_name: "Acme", custom_fields });
    assertType<RevUsersUpdateRequest>({ id: "REVU-1", custom_fields });
    assertType<AccountsUpdateRequest>({ id: "ACC-1", custom_fields });
    expectTypeOf<CustomFields>().toEqualTypeOf<{ [key: string]: unknown }>();
    expectTypeOf<RevOrg["custom_fields"]>().toEqualTypeOf<CustomFields | undefined>();
  });

  it("accept null where the API does", () => {
    assertType<AccountsUpdateRequest>({ id: "ACC-12345", tier: null });
    assertType<RevUsersUpdateRequest>({ id: "REVU-1", display_picture: null });
    expectTypeOf<AccountsUpdateRequest["tier"]>().toEqualTypeOf<string | null | undefined>();
  });

  it("accept undefined for optional fields, for exactOptionalPropertyTypes callers", () => {
    assertType<RevOrgsUpdateRequest>({ id: "REV-1", tier: maybeTier });
    assertType<RevOrgsListQuery>({ cursor: maybeTier });
  });

  it("check enums and nested set objects", () => {
    assertType<RevOrgsCreateRequest>({ account: "ACC-1", display_name: "Acme", environment: "staging" });
    // @ts-expect-error "prod" is not an org environment
    assertType<RevOrgsCreateRequest>({ account: "ACC-1", display_name: "Acme", environment: "prod" });
    assertType<AccountsUpdateRequest>({ id: "ACC-1", websites: { set: ["www.acme.example"] } });
    assertType<RevOrgsUpdateRequest>({ id: "REV-1", artifacts: { set: ["ARTIFACT-1"] } });
    assertType<RevUsersUpdateRequest>({
      id: "REVU-1",
      custom_schema_spec: { tenant_fragment: true, drop: { apps: [] } },
    });
    expectTypeOf<RevOrgsCreateRequest["tags"]>().toEqualTypeOf<SetTagWithValue[] | undefined>();
    // @ts-expect-error websites takes { set }, not a plain list
    assertType<AccountsUpdateRequest>({ id: "ACC-1", websites: ["www.acme.example"] });
  });

  it("name list filters the way the wire does", () => {
    assertType<RevOrgsListQuery>({
      account: ["ACC-1", "ACC-2"],
      "created_date.after": "2024-01-01T00:00:00Z",
      "modified_date.before": "2024-12-31T00:00:00Z",
      limit: 50,
      mode: "after",
      sort_by: ["created_date:desc"],
    });
    // @ts-expect-error the query uses dotted names: created_date.after
    assertType<RevOrgsListQuery>({ created_date: { after: "2024-01-01T00:00:00Z" } });
    assertType<RevOrgsListRequest>({ created_date: { after: "2024-01-01T00:00:00Z" }, limit: 50 });
  });
});

describe("response bodies", () => {
  it("wrap the object they return", () => {
    expectTypeOf<RevOrgsCreateResponse["rev_org"]>().toEqualTypeOf<RevOrg>();
    expectTypeOf<RevOrgsListResponse["rev_orgs"]>().toEqualTypeOf<RevOrg[]>();
    expectTypeOf<RevOrgsListResponse["next_cursor"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AccountsUpdateResponse["account"]["owned_by"]>().not.toBeAny();
    expectTypeOf<RevUser["tags"]>().toEqualTypeOf<TagWithValue[] | undefined>();
    expectTypeOf<RevOrg["id"]>().toEqualTypeOf<string>();
  });

  it("type the associations response as an empty object", () => {
    expectTypeOf<RevUsersAssociationsAddResponse>().toEqualTypeOf<Record<string, never>>();
  });
});
