/** What the benchmark server counted since the last time it was asked. */
export interface ServerCounts {
  /** `POST /rev-orgs.create` requests by the `display_name` they carried (one name per client). */
  create: Record<string, number>;
  /** `GET /rev-orgs.list` pages served. */
  list: number;
  /** Requests answered with an error: a wrong token, a bad body or an unknown route. */
  rejected: number;
}

export interface WorkerData {
  /** How many orgs the paged list holds. */
  listTotal: number;
}

export type ToServer = { kind: "counts" } | { kind: "close" };
export type FromServer = { kind: "listening"; url: string } | { kind: "counts"; counts: ServerCounts };
