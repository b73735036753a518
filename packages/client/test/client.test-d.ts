import type {
  AccountsUpdateRequest,
  AccountsUpdateResponse,
  paths,
  RevOrg,
  RevOrgsCreateRequest,
  RevOrgsCreateResponse,
  RevOrgsListQuery,
  RevOrgsListRequest,
  RevOrgsListResponse,
  RevOrgsUpdateRequest,
  RevOrgsUpdateResponse,
  RevUsersAssociationsAddRequest,
  RevUsersAssociationsAddResponse,
  RevUsersLinkRequest,
  RevUsersLinkResponse,
  RevUsersUpdateRequest,
  RevUsersUpdateResponse,
} from "@devrev-kit/types";
import type { OperationKey } from "@devrev-kit/types/validators";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import { createDevRevClient, type DevRevClient, type RequestOptions } from "../src/index.ts";
import type { operations } from "../src/internal/operations.ts";

type Method = (...args: never[]) => unknown;
type Arg<F extends Method> = Parameters<F>[0];
type Result<F extends Method> = ReturnType<F>;

describe("each method takes and returns exactly the spec's aliases", () => {
  type R = DevRevClient["revOrgs"];
  type U = DevRevClient["revUsers"];

  test("rev orgs", () => {
    expectTypeOf<Arg<R["create"]>>().toEqualTypeOf<RevOrgsCreateRequest>();
    expectTypeOf<Result<R["create"]>>().toEqualTypeOf<Promise<RevOrgsCreateResponse>>();
    expectTypeOf<Arg<R["update"]>>().toEqualTypeOf<RevOrgsUpdateRequest>();
    expectTypeOf<Result<R["update"]>>().toEqualTypeOf<Promise<RevOrgsUpdateResponse>>();
    expectTypeOf<Arg<R["list"]>>().toEqualTypeOf<RevOrgsListQuery | undefined>();
    expectTypeOf<Result<R["list"]>>().toEqualTypeOf<Promise<RevOrgsListResponse>>();
    expectTypeOf<Arg<R["listPost"]>>().toEqualTypeOf<RevOrgsListRequest | undefined>();
    expectTypeOf<Result<R["listPost"]>>().toEqualTypeOf<Promise<RevOrgsListResponse>>();
  });

  test("rev users and accounts", () => {
    expectTypeOf<Arg<U["update"]>>().toEqualTypeOf<RevUsersUpdateRequest>();
    expectTypeOf<Result<U["update"]>>().toEqualTypeOf<Promise<RevUsersUpdateResponse>>();
    expectTypeOf<Arg<U["link"]>>().toEqualTypeOf<RevUsersLinkRequest>();
    expectTypeOf<Result<U["link"]>>().toEqualTypeOf<Promise<RevUsersLinkResponse>>();
    expectTypeOf<Arg<U["associations"]["add"]>>().toEqualTypeOf<RevUsersAssociationsAddRequest>();
    expectTypeOf<Result<U["associations"]["add"]>>().toEqualTypeOf<
      Promise<RevUsersAssociationsAddResponse>
    >();
    type A = DevRevClient["accounts"];
    expectTypeOf<Arg<A["update"]>>().toEqualTypeOf<AccountsUpdateRequest>();
    expectTypeOf<Result<A["update"]>>().toEqualTypeOf<Promise<AccountsUpdateResponse>>();
  });

  test("the request aliases are the spec's own shapes", () => {
    expectTypeOf<RevOrgsCreateRequest>().toEqualTypeOf<
      paths["/rev-orgs.create"]["post"]["requestBody"]["content"]["application/json"]
    >();
    expectTypeOf<RevOrgsListQuery>().toEqualTypeOf<
      NonNullable<paths["/rev-orgs.list"]["get"]["parameters"]["query"]>
    >();
    expectTypeOf<RevOrgsListResponse>().toEqualTypeOf<
      paths["/rev-orgs.list"]["get"]["responses"][200]["content"]["application/json"]
    >();
  });

  test("pagination yields RevOrg items and RevOrgsListResponse pages", () => {
    expectTypeOf<Arg<R["listAll"]>>().toEqualTypeOf<RevOrgsListQuery | undefined>();
    expectTypeOf<Arg<R["listAllPost"]>>().toEqualTypeOf<RevOrgsListRequest | undefined>();
    expectTypeOf<Result<R["listAll"]>>().toEqualTypeOf<AsyncGenerator<RevOrg, void, undefined>>();
    expectTypeOf<Result<R["listAllPost"]>>().toEqualTypeOf<AsyncGenerator<RevOrg, void, undefined>>();
    expectTypeOf<Result<R["pages"]>>().toEqualTypeOf<AsyncGenerator<RevOrgsListResponse, void, undefined>>();
    expectTypeOf<Result<R["pagesPost"]>>().toEqualTypeOf<
      AsyncGenerator<RevOrgsListResponse, void, undefined>
    >();
  });

  test("every method takes the same per-call options", () => {
    expectTypeOf<Parameters<R["create"]>[1]>().toEqualTypeOf<RequestOptions | undefined>();
    expectTypeOf<Parameters<R["listAll"]>[1]>().toEqualTypeOf<RequestOptions | undefined>();
    expectTypeOf<Parameters<U["associations"]["add"]>[1]>().toEqualTypeOf<RequestOptions | undefined>();
  });

  test("raw is openapi-fetch's client over the spec's paths", () => {
    expectTypeOf<DevRevClient["raw"]>().toEqualTypeOf<Client<paths>>();
  });
});

describe("bad input does not compile", () => {
  const devrev = createDevRevClient({ token: "t" });

  test("request bodies", () => {
    // @ts-expect-error display_name is required
    void devrev.revOrgs.create({ account: "ACC-1" });
    // @ts-expect-error id is required
    void devrev.revOrgs.update({ display_name: "x" });
    // @ts-expect-error a body is required
    void devrev.accounts.update();
    // @ts-expect-error ids are strings
    void devrev.revUsers.update({ id: 42 });
  });

  test("the GET query uses the spec's dotted names and arrays", () => {
    void devrev.revOrgs.list({ account: ["ACC-1"], "created_date.after": "2024-01-01T00:00:00Z", limit: 10 });
    // @ts-expect-error account is an array
    void devrev.revOrgs.list({ account: "ACC-1" });
    // @ts-expect-error limit is a number
    void devrev.revOrgs.list({ limit: "10" });
  });

  test("per-call options", () => {
    // @ts-expect-error timeoutMs is a number
    void devrev.revOrgs.update({ id: "REV-1" }, { timeoutMs: "5s" });
    // @ts-expect-error unknown option
    void devrev.revOrgs.update({ id: "REV-1" }, { retries: 3 });
  });

  test("client options", () => {
    // @ts-expect-error validateResponses takes the validator from @devrev-kit/client/validation
    createDevRevClient({ validateResponses: true });
    // @ts-expect-error an unknown log level
    createDevRevClient({ logLevel: "verbose" });
  });

  test("results are typed", async () => {
    const { rev_org } = await devrev.revOrgs.create({ account: "ACC-1", display_name: "Acme" });
    expectTypeOf(rev_org).toEqualTypeOf<RevOrg>();
    for await (const org of devrev.revOrgs.listAll()) expectTypeOf(org).toEqualTypeOf<RevOrg>();
  });
});

describe("loggers", () => {
  test("console, a logger with only some methods, and undefined methods (exactOptionalPropertyTypes) fit", () => {
    const verbose = false as boolean;
    const sink: Console = globalThis.console;
    createDevRevClient({ logger: sink });
    createDevRevClient({ logger: { warn: sink.warn } });
    createDevRevClient({ logger: { debug: verbose ? sink.debug : undefined, info: undefined } });
  });

  test("a logger with overloaded or wider methods (pino's shape) fits, and the record is typed", () => {
    interface LogFn {
      (message: string, ...args: unknown[]): void;
      (object: object, message?: string): void;
    }
    const pinoLike: { info: LogFn; warn: LogFn; error: LogFn; debug: LogFn } = {
      info: () => {},
      warn: () => {},
      error: () => {},
      debug: () => {},
    };
    createDevRevClient({ logger: pinoLike });
    createDevRevClient({
      logger: {
        info(_message, record) {
          expectTypeOf(record.operation).toEqualTypeOf<string>();
          expectTypeOf(record.status).toEqualTypeOf<number | undefined>();
        },
      },
    });
  });
});

test("every operation of the spec has an entry in the operations table, so a new one fails here", () => {
  // A new operation needs its entry in src/internal/operations.ts and its method in src/client.ts.
  type Covered = (typeof operations)[keyof typeof operations]["key"];
  expectTypeOf<Exclude<OperationKey, Covered>>().toEqualTypeOf<never>();
  expectTypeOf<Exclude<Covered, OperationKey>>().toEqualTypeOf<never>();
});
