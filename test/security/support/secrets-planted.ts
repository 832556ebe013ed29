import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One secret as Shipmate knows it: where it is configured and its value, fresh for every run. */
export interface PlantedSecret {
  name: string;
  value: string;
}

/** One way a task (or git) prints a secret: what goes out, and the label a leak report names. */
export interface PlantedForm {
  label: string;
  text: string;
}

const alnum = (length: number): string =>
  randomBytes(length * 2)
    .toString("base64")
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, length);

/**
 * The secrets planted in one run. Those with `/`, `+`, `"`, `\`, `&`, `=` and a non-ASCII letter make
 * every encoding differ from the raw text; the key has lines, like a PEM file.
 */
export function plantSecrets(): {
  installationToken: PlantedSecret;
  deployKey: PlantedSecret;
  tlsKey: PlantedSecret;
  slackBotToken: PlantedSecret;
  webhookSecret: PlantedSecret;
} {
  return {
    installationToken: { name: "installation token", value: `ghs_${alnum(36)}` },
    deployKey: { name: "DEPLOY_KEY (TASK_SECRET_ENV)", value: `dk/${alnum(18)}+"q\\é&=${alnum(18)}` },
    tlsKey: {
      name: "TLS_KEY (TASK_SECRET_ENV, multi-line)",
      value: `-----BEGIN PLANTED KEY-----\n${alnum(48)}\n${alnum(48)}\n${alnum(20)}==\n-----END PLANTED KEY-----`,
    },
    slackBotToken: { name: "SLACK_BOT_TOKEN", value: `xoxb-${alnum(12)}-${alnum(12)}-${alnum(24)}` },
    webhookSecret: { name: "WEBHOOK_SECRET", value: `whsec/${alnum(22)}+${alnum(16)}` },
  };
}

const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");
const b64url = (text: string): string => Buffer.from(text, "utf8").toString("base64url");
const jsonEscaped = (text: string): string => JSON.stringify(text).slice(1, -1);
const halves = (text: string): [string, string] => {
  const middle = Math.floor(text.length / 2);
  return [text.slice(0, middle), text.slice(middle)];
};

/**
 * A one-line secret split across lines is caught when it is cut by one line break and the second half
 * follows within the masker's quiet period (or in the same write); a multi-line secret is caught whole
 * or line by line. These are the forms a task prints in one write.
 */
export function formsOf(secret: PlantedSecret): PlantedForm[] {
  const s = secret.value;
  const form = (how: string, text: string): PlantedForm => ({ label: `${secret.name}, ${how}`, text });
  if (s.includes("\n")) {
    return [
      form("raw, all its lines", s),
      form("base64", b64(s)),
      form("URL-encoded", encodeURIComponent(s)),
      form("JSON-escaped", jsonEscaped(s)),
      form("one of its lines inside a longer line", `key line=${s.split("\n")[1]};`),
    ];
  }
  const [first, second] = halves(s);
  return [
    form("raw", s),
    form("base64", b64(s)),
    form("base64url", b64url(s)),
    form("URL-encoded", encodeURIComponent(s)),
    form("JSON-escaped", jsonEscaped(s)),
    form("split across two lines in one write", `${first}\n${second}`),
    form("inside a longer word", `prefix${s}suffix`),
    form("in a URL", `https://x-access-token:${encodeURIComponent(s)}@github.example/acme/shop.git`),
    form("inside basic credentials", `Basic ${b64(`deployer:${s}`)}`),
  ];
}

/** Forms printed in a way of their own: halves in two writes, and every byte in a write of its own. */
export function streamedFormsOf(secret: PlantedSecret): {
  halves: PlantedForm;
  trickled: PlantedForm[];
} {
  const [first, second] = halves(secret.value);
  return {
    halves: { label: `${secret.name}, split across two lines in two writes`, text: `${first}\n${second}` },
    trickled: [
      { label: `${secret.name}, one byte at a time`, text: secret.value },
      { label: `${secret.name}, split across two lines, one byte at a time`, text: `${first}\n${second}` },
    ],
  };
}

/**
 * `ci/print-secrets.sh`: prints every planted form in one write, then each split secret's halves in two
 * writes a moment apart, then the configured secrets as its environment holds them (and through `base64`).
 */
export const PRINT_SCRIPT = `#!/bin/sh
cat "$PLANT_DIR/together.txt"
while IFS= read -r line; do printf '%s\\n' "$line"; sleep 0.05; done < "$PLANT_DIR/halves.txt"
printf 'from the environment: %s\\n' "$DEPLOY_KEY"
printf '%s\\n' "$TLS_KEY"
printf '%s' "$DEPLOY_KEY" | base64
`;

/** \`ci/trickle-secrets.sh\`: prints each line of \`trickle.txt\` one byte per write, with flushes between. */
export const TRICKLE_SCRIPT = `#!/bin/sh
while IFS= read -r line; do
  rest="$line"
  while [ -n "$rest" ]; do
    tail="\${rest#?}"
    printf '%s' "\${rest%"$tail"}"
    rest="$tail"
    sleep 0.005
  done
  printf '\\n'
done < "$PLANT_DIR/trickle.txt"
`;

/** The folder the tasks read what to print from (`PLANT_DIR`); `remove` deletes it. */
export function writePlantDir(
  together: readonly PlantedForm[],
  twoWrites: readonly PlantedForm[],
  trickled: readonly PlantedForm[],
): {
  dir: string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), "shipmate-plant-"));
  const lines = (forms: readonly PlantedForm[]) => forms.map((form) => `${form.text}\n`).join("");
  writeFileSync(join(dir, "together.txt"), lines(together));
  writeFileSync(join(dir, "halves.txt"), lines(twoWrites));
  writeFileSync(join(dir, "trickle.txt"), lines(trickled));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
