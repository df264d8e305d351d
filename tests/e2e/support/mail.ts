// A real mail server for the tests that send email (npm `smtp-server` on loopback):
// every message kept with its recipients, and a message's text decoded.

import { SMTPServer } from "smtp-server";

/** A message as the server received it. */
export type Mail = { to: string[]; raw: string };

/** The mail server on `port`: every message kept in `received` with its recipients. */
export async function mailServer(port: number, received: Mail[]): Promise<SMTPServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream: NodeJS.ReadableStream, session: { envelope: { rcptTo: { address: string }[] } }, done: () => void) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

/** A message's text with its quoted-printable encoding undone. */
export function text(raw: string): string {
  const bytes = raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}
