// Verifying a Candor summary in Node.js with npm `jose`: the example the README gives
// to integrators, tested by tests/interop/ (a valid summary passes; a wrong `typ`, a
// wrong algorithm, a `kid` that is not the key's thumbprint, or a changed payload are
// refused).
//
//   import { verifySummary } from "./verify-summary.mjs";
//   const { summary, thumbprint } = await verifySummary(jws);
//
// jose's compactVerify checks the signature and pins the algorithm, but has no `typ`
// option (only its JWT functions do), so the type is checked here, explicitly.
// Whether to trust the key (a registered kiosk, or the key first used with an
// invite) is the receiver's decision; `thumbprint` is what to compare.
import * as jose from "jose";

export const SUMMARY_TYP = "intake-summary+jws";

/** The verified summary (parsed) and its key's RFC 7638 thumbprint; throws if refused. */
export async function verifySummary(jws) {
  const { payload, protectedHeader } = await jose.compactVerify(jws, jose.EmbeddedJWK, {
    algorithms: ["ES256"],
  });
  if (protectedHeader.typ !== SUMMARY_TYP) {
    throw new Error(`not a Candor summary: typ is ${JSON.stringify(protectedHeader.typ)}`);
  }
  const thumbprint = await jose.calculateJwkThumbprint(protectedHeader.jwk, "sha256");
  if (protectedHeader.kid !== thumbprint) {
    throw new Error("the kid is not the thumbprint of the signing key");
  }
  return { summary: JSON.parse(new TextDecoder().decode(payload)), thumbprint };
}
