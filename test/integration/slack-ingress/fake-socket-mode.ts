import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What Shipmate sent back for one envelope: `{ envelope_id, payload }`. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface FakeSocketMode {
  /** The Web API base to give as SLACK_API_URL. */
  apiUrl: string;
  /** The Authorization headers apps.connections.open was called with. */
  openCalls: string[];
  /** Resolves once a client has connected and been sent `hello`. */
  connected: Promise<void>;
  /** Sends one envelope as Slack would; resolves with its ack, or undefined after `waitMs` without one. */
  deliver(
    type: "slash_commands" | "events_api" | "interactive",
    payload: unknown,
    options?: { envelopeId?: string; retryAttempt?: number; waitMs?: number },
  ): Promise<SocketAck | undefined>;
  close(): Promise<void>;
}

const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/**
 * Slack's side of Socket Mode, small enough to read: `apps.connections.open` over HTTP, then one
 * WebSocket (RFC 6455 text, ping and close frames) that sends envelopes and collects their acks.
 */
export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const openCalls: string[] = [];
  const acks = new Map<string, (ack: SocketAck) => void>();
  let socket: Socket | undefined;
  let onConnected: () => void = () => {};
  const connected = new Promise<void>((resolve) => {
    onConnected = resolve;
  });
  const server = createServer((req, res) => {
    if (req.url === "/api/apps.connections.open") {
      openCalls.push(String(req.headers.authorization));
      const { port } = server.address() as AddressInfo;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}` }));
      return;
    }
    res.writeHead(404).end();
  });
  server.on("upgrade", (req: IncomingMessage, raw: Socket) => {
    const accept = createHash("sha1")
      .update(`${req.headers["sec-websocket-key"]}${WEBSOCKET_GUID}`)
      .digest("base64");
    raw.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket = raw;
    readFrames(raw, (opcode, data) => {
      if (opcode === 0x1) {
        const ack = JSON.parse(data.toString("utf8")) as SocketAck;
        acks.get(ack.envelope_id)?.(ack);
      } else if (opcode === 0x9) {
        raw.write(frame(0xa, data));
      } else if (opcode === 0x8) {
        raw.end(frame(0x8, data));
      }
    });
    raw.on("error", () => {});
    raw.write(frame(0x1, Buffer.from(JSON.stringify({ type: "hello", num_connections: 1 }))));
    onConnected();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    openCalls,
    connected,
    deliver(type, payload, options = {}) {
      const envelopeId = options.envelopeId ?? randomUUID();
      const envelope = {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== "events_api",
        ...(type === "events_api" ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: "" } : {}),
      };
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          acks.delete(envelopeId);
          resolve(undefined);
        }, options.waitMs ?? 2_000);
        acks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          acks.delete(envelopeId);
          resolve(ack);
        });
        socket?.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
      });
    },
    async close() {
      socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A final, unmasked server frame. */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, length]);
  } else if (length < 65_536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Client frames are masked; Shipmate's acks are small and never fragmented. */
function readFrames(socket: Socket, onFrame: (opcode: number, data: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (buffered.length < 2) return;
      const opcode = (buffered[0] ?? 0) & 0x0f;
      const masked = ((buffered[1] ?? 0) & 0x80) !== 0;
      let length = (buffered[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const maskAt = offset;
      if (masked) offset += 4;
      if (buffered.length < offset + length) return;
      const data = Buffer.from(buffered.subarray(offset, offset + length));
      if (masked)
        for (let i = 0; i < data.length; i++) data[i] = (data[i] ?? 0) ^ (buffered[maskAt + (i % 4)] ?? 0);
      buffered = buffered.subarray(offset + length);
      onFrame(opcode, data);
    }
  });
}
