const MAX_REF_LENGTH = 255;
const FORBIDDEN = ["~", "^", ":", "?", "*", "[", "\\"];

// A 7–40 digit hex SHA is always a valid ref name, so it needs no rule of its own.

/** Why `ref` is not a SHA, branch or tag name git accepts (`git check-ref-format --branch`); undefined when it is fine. */
export function refProblem(ref: string): string | undefined {
  if (ref.length === 0) return "it is empty";
  if (ref.length > MAX_REF_LENGTH) return `it is longer than ${MAX_REF_LENGTH} characters`;
  if (ref === "@") return "`@` alone is not a ref";
  if (ref.startsWith("-")) return "it starts with `-`";
  if (ref.startsWith("/") || ref.endsWith("/")) return "it starts or ends with `/`";
  if (ref.endsWith(".")) return "it ends with `.`";
  if (ref.includes("..")) return "it contains `..`";
  if (ref.includes("@{")) return "it contains `@{`";
  for (const character of ref) {
    const point = character.codePointAt(0) ?? 0;
    if (point < 0x20 || point === 0x7f) return "it contains a control character";
    if (character === " ") return "it contains a space";
    if (FORBIDDEN.includes(character)) return `it contains \`${character}\``;
  }
  for (const part of ref.split("/")) {
    if (part === "") return "it contains `//`";
    if (part.startsWith(".")) return "a part of it starts with `.`";
    if (part.endsWith(".lock")) return "a part of it ends with `.lock`";
  }
  return undefined;
}
