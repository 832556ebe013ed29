import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { PlantedForm } from "./secrets-planted.ts";

/** git's pkt-line framing: four hex digits of length (themselves included), then the data. */
const pktLine = (data: string): string => (Buffer.byteLength(data) + 4).toString(16).padStart(4, "0") + data;

/**
 * A git host that refuses every fetch with an `ERR` packet quoting the credentials it was sent, in the
 * forms `echoed` makes of the token found in them; git prints that message on stderr, as it would a
 * misbehaving proxy's. It keeps every `Authorization` header it saw, so a test can tell which token the
 * worker used.
 */
export class EchoingGitHost {
  readonly authorizations: string[] = [];
  readonly #echoed: (token: string) => PlantedForm[];
  #server: Server | undefined;

  constructor(echoed: (token: string) => PlantedForm[]) {
    this.#echoed = echoed;
  }

  /** Starts listening; returns a clone URL on this host. */
  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      const authorization = req.headers.authorization ?? "";
      this.authorizations.push(authorization);
      const basic = /^Basic (.+)$/.exec(authorization)?.[1] ?? "";
      const token = Buffer.from(basic, "base64")
        .toString("utf8")
        .replace(/^x-access-token:/, "");
      const forms = this.#echoed(token).map((form) => form.text);
      const message = `ERR access denied for ${authorization}: ${forms.join(" ")}`;
      res.writeHead(200, { "content-type": "application/x-git-upload-pack-advertisement" });
      res.end(`${pktLine("# service=git-upload-pack\n")}0000${pktLine(message)}`);
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/acme/shop.git`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
