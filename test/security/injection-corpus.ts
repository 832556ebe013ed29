/**
 * Hostile strings for the injection suite. Every string that would run a command creates the file
 * `<canary>/<id>` if it is ever spliced into a shell (bare, inside '…' or inside "…") or into git's argv,
 * so a test proves that nothing ran by finding the canary directory empty. None of them does harm
 * anywhere else: they only ever touch files in the canary directory.
 */
export interface HostileString {
  /** Names the string in failures; also the canary file it creates. */
  id: string;
  text: string;
  /** True when spliced into `sh -c` or into `git ls-remote`'s argv it creates `<canary>/<id>`. */
  armed: boolean;
}

/** The longest param value Shipmate takes (src/commands/limits.ts); the corpus holds one at exactly that size. */
const MAX_VALUE = 500;

const C0_CONTROLS = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code))
  .filter((character) => !"\u0000\t\n\r".includes(character))
  .join("");

/** The corpus, each armed string pointed at a file in `canary`. */
export function injectionCorpus(canary: string): HostileString[] {
  const file = (id: string) => `${canary}/${id}`;
  const armed = (id: string, text: (file: string) => string): HostileString => ({
    id,
    text: text(file(id)),
    armed: true,
  });
  const inert = (id: string, text: string): HostileString => ({ id, text, armed: false });
  const padded = (text: string, length: number) => text + "A".repeat(length - text.length);

  return [
    // Shell metacharacters, each a way of starting a command of one's own.
    armed("subst", (f) => `$(touch ${f})`),
    armed("backticks", (f) => `\`touch ${f}\``),
    armed("backticks-in-word", (f) => `x\`touch ${f}\`y`),
    armed("nested-subst", (f) => `$(echo $(touch ${f}))`),
    armed("arith-subst", (f) => `$((0))$(touch ${f})`),
    armed("default-subst", (f) => `\${x:=$(touch ${f})}`),
    armed("semicolon", (f) => `;touch ${f}`),
    armed("semicolon-comment", (f) => `x; touch ${f} #`),
    armed("pipe", (f) => `|touch ${f}`),
    armed("and", (f) => `&&touch ${f}`),
    armed("or", (f) => `;false||touch ${f}`),
    armed("background", (f) => `&touch ${f}&`),
    armed("subshell", (f) => `;(touch ${f})`),
    armed("group", (f) => `;{ touch ${f}; }`),
    armed("assignment-prefix", (f) => `;X=1 touch ${f}`),
    armed("eval", (f) => `;eval 'touch ${f}'`),
    armed("redirect", (f) => `>${f}`),
    armed("append-redirect", (f) => `x>>${f}`),
    armed("newline", (f) => `\ntouch ${f}`),
    armed("crlf", (f) => `\r\ntouch ${f}`),
    armed("ifs-subst", (f) => `$(touch\${IFS}${f})`),
    armed("ifs-semicolon", (f) => `;touch\${IFS}${f}`),
    armed("tab-subst", (f) => `$(touch\t${f})`),
    // Quotes: breaking out of whichever quotes a careless script put around the value.
    armed("single-quoted-subst", (f) => `'$(touch ${f})'`),
    armed("double-quoted-subst", (f) => `"$(touch ${f})"`),
    armed("single-breakout", (f) => `';touch ${f};'`),
    armed("double-breakout", (f) => `";touch ${f};"`),
    armed("mixed-quotes", (f) => `'"$(touch ${f})"'`),
    armed("escaped-quote", (f) => `\\';touch ${f};#`),
    // git options where a ref or a URL is expected.
    armed("upload-pack", (f) => `--upload-pack=touch ${f} #`),
    armed("upload-pack-ifs", (f) => `--upload-pack=touch\${IFS}${f}`),
    armed("exec", (f) => `--exec=touch ${f} #`),
    inert("receive-pack", `--receive-pack=touch ${file("receive-pack")} #`),
    inert("config-option", `-c core.sshCommand=touch ${file("config-option")}`),
    inert("output-option", `--output=${file("output-option")}`),
    inert("ssh-option", `-oProxyCommand=touch ${file("ssh-option")}`),
    inert("dash-dash", "--dry-run"),
    inert("echo-options", "-e \\x41\\c"),
    // Paths and expansions.
    inert("dotdot", "../../../../etc/passwd"),
    inert("dotdot-backslash", "..\\..\\..\\windows\\win.ini"),
    inert("dotdot-encoded", "..%2f..%2fetc%2fpasswd"),
    inert("glob", "*"),
    inert("glob-root", "/*"),
    inert("glob-class", "[a-z]*?"),
    inert("tilde", "~"),
    inert("tilde-user", "~root/.ssh/id_rsa"),
    inert("home", "$HOME"),
    inert("braced-home", "${HOME}/.netrc"),
    inert("shipmate-variables", "$SHIPMATE_PARAMS ${SHIPMATE_REF}"),
    inert("ifs", "${IFS}"),
    inert("special-parameters", "$0 $1 $@ $$ $? $!"),
    inert("brace-expansion", "{a,b}{c,d}"),
    inert("ansi-c-quote", "$'\\x41'"),
    inert("history", "!!:p !-1"),
    inert("printf-format", "%s%n%x%%"),
    // URL encodings a decoder might turn into line breaks or NUL.
    inert("percent-newline", `%0atouch ${file("percent-newline")}`),
    inert("percent-crlf-nul", "%0d%0a%00"),
    // Unicode look-alikes and invisible characters.
    inert("fullwidth-dollar", `＄(touch ${file("fullwidth-dollar")})`),
    inert("fullwidth-semicolon", `；touch ${file("fullwidth-semicolon")}`),
    inert("division-slash", "staging∕..∕production"),
    inert("rtl-override", "safe\u202E)hcuot($"),
    inert("zero-width-joiner", "stag\u200Ding"),
    inert("zero-width-space-bom", "\u200Bstaging\uFEFF"),
    inert("homoglyph", "ѕtaging"),
    inert("homoglyph-command", "/dеploy production"),
    inert("astral", "🚀 ship it 💥"),
    inert("unicode-spaces", "a\u00A0b\u2028c\u2029d\u0085e"),
    // Control characters (no NUL: an environment variable cannot hold one, see the refusals).
    inert("c0-controls", `${C0_CONTROLS}\u007F`),
    inert("ansi-escapes", "\u001B[31mred\u001B[0m\u001B]0;title\u0007"),
    inert("tab", "a\tb"),
    inert("lone-cr", `x\rtouch ${file("lone-cr")}`),
    // Text that means something to whoever renders or parses it next.
    inert("padded", "  padded  "),
    inert("empty", ""),
    inert("single-quote", "'"),
    inert("double-quote", '"'),
    inert("backslashes", "\\\\server\\share\\"),
    inert("json-breakout", '"},"admin":true,"x":{"'),
    inert("key-value", "a=b=c"),
    inert("command", "/deploy production --dry-run"),
    inert("mentions", "@acme/release @alice"),
    inert("markdown-link", "[click](https://evil.example/x)"),
    inert("html", "<img src=x onerror=alert(1)>"),
    inert("html-comment", "<!-- /deploy production -->"),
    inert("fences", "```~~~"),
    inert("slack-markup", "<!channel> <@U0ALICE01> <https://evil.example|ok>"),
    inert("slack-entities", "&lt;!here&gt; &amp;amp;"),
    // Length: the longest value taken, one past it, and far past every limit.
    armed("max-length", (f) => padded(`$(touch ${f})`, MAX_VALUE)),
    armed("over-max-length", (f) => padded(`$(touch ${f})`, MAX_VALUE + 1)),
    armed("very-long", (f) => padded(`$(touch ${f})`, 10_000)),
  ];
}
