// Signing summaries the way the widget does, with an independent JOSE implementation
// (npm jose): RFC 8785 bytes, ES256, `typ` intake-summary+jws, the public key as
// `jwk` and `kid` its RFC 7638 thumbprint. Shared by the interop and end-to-end tests.
import * as jose from "jose";

export const TYP = "intake-summary+jws";

/** RFC 8785 for the summary's data (integers only): sorted members, JSON.stringify strings. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** `summary` signed by a fresh jose key: the compact JWS and the key's thumbprint. */
export async function signedByJose(summary) {
  const { publicKey, privateKey } = await jose.generateKeyPair("ES256");
  const { kty, crv, x, y } = await jose.exportJWK(publicKey);
  const jwk = { kty, crv, x, y };
  const kid = await jose.calculateJwkThumbprint(jwk, "sha256");
  const jws = await new jose.CompactSign(new TextEncoder().encode(canonical(summary)))
    .setProtectedHeader({ alg: "ES256", typ: TYP, kid, jwk })
    .sign(privateKey);
  return { jws, kid };
}
