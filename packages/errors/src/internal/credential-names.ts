// Which header and URL parameter names carry a credential. Names are compared by their segments (split on
// `-`, `_`, `.` and camelCase), never by a bare suffix: `bypass` does not end in the segment `pass`, and
// `valid_token` does not end in `id_token`. One exception: a last segment that ends in `secret`, `password` or
// `passwd` is a credential even when glued to another word (`clientsecret`, `newpassword`), as such names
// are common and no ordinary word ends that way.

// Credentials only as the whole name: `?token=`, `?key=`, `?code=` (an OAuth code); `sort_key` or
// `error_code` are not.
const WHOLE_NAMES = new Set(["token", "key", "code", "jwt", "sig"]);
// Credentials as the name's last segments: `app_secret`, `oauth_token_secret`, `x-goog-api-key`. A `token`
// counts only after a word naming a credential, so pagination cursors (`page_token`, `nextPageToken`) and
// flags (`valid_token`) stay readable; `key` likewise (`idempotency_key`, `sort_key` are not secrets).
const ENDINGS = new Set(
  [
    "pwd pass signature credential credentials auth authorization cookie session",
    "sessionid apikey accesskey privatekey secretkey accesstoken refreshtoken idtoken authtoken sessiontoken",
    "securitytoken bearertoken apitoken privatetoken oauthtoken csrftoken xsrftoken devrevtoken",
  ]
    .join(" ")
    .split(" "),
);

const GLUED_ENDING = /(?:secret|passw(?:or)?d)$/;
// A CORS flag (`true`), not a credential, though its last segment is `credentials`.
const NOT_CREDENTIAL_HEADERS = new Set(["access-control-allow-credentials"]);

function segmentsOf(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])|([A-Z])([A-Z][a-z])/g, "$1$3 $2$4")
    .toLowerCase()
    .split(/[-_.\s]+/);
}

/** Whether a URL parameter (or header) of this name holds a credential. */
export function isCredentialName(name: string): boolean {
  const segments = segmentsOf(name);
  if (WHOLE_NAMES.has(segments.join("")) || GLUED_ENDING.test(segments.at(-1) as string)) return true;
  return segments.some((_, start) => ENDINGS.has(segments.slice(start).join("")));
}

/**
 * Whether a header of this name holds a credential: a credential parameter name, or any name ending in
 * the segment `token` (`x-vault-token`), since headers carry no pagination cursors.
 */
export function isCredentialHeader(name: string): boolean {
  if (NOT_CREDENTIAL_HEADERS.has(name.toLowerCase())) return false;
  return isCredentialName(name) || segmentsOf(name).at(-1) === "token";
}
