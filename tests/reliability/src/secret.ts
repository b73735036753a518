/**
 * The bearer token every test client and mock server shares. Long and unlike anything else in a response, so
 * finding it in a log line, an error or a dump can only mean it leaked (the errors package only searches
 * text for secrets of 8 characters or more).
 */
export const TOKEN = "drk-reliability-SECRET-7Qx9Zt2LmWv4Np8Ks3Hd";
