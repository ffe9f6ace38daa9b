/// `docs/configuration.md`, written from the key registry (`ConfigurationKeys.all`) so the reference cannot drift
/// from the code: `discordination config docs > docs/configuration.md` (`make docs`) writes it, and a test fails when
/// the file in the repository differs.
public enum ConfigurationReference {
    static let preamble = """
        # Configuration

        <!-- Written by `discordination config docs` (make docs) from the key registry: ConfigurationKeys.swift and
        each role's section in Sources/App/Roles/. Edit those, not this file; a test fails when the two differ. -->

        One tree of keys, read in this order (first found wins):

        1. flags: `--set http.port=9000` (repeatable);
        2. environment: the key upper-cased with dots as underscores, prefixed `DISCORDINATION_`
           (`http.port` ↔ `DISCORDINATION_HTTP_PORT`); lists are comma-separated;
        3. a TOML file: `--config FILE`, or `./discordination.toml` when it exists;
        4. the defaults below.

        A bad value stops start-up with one line naming the key and the expected form, and a non-zero exit:

        ```
        $ DISCORDINATION_HTTP_PORT=abc discordination serve
        discordination: configuration key http.port: 'abc' is not valid; expected an integer from 0 to 65535
        ```

        Unknown keys in the file or in `--set` are refused too (they are usually typos). `discordination config check`
        validates a configuration and prints every effective value, secrets masked. Every key also stands, with its
        default and a comment, in [`Samples/discordination.toml`](../Samples/discordination.toml). Durations are
        written `250ms`, `5s`, `2m`, `1h`, `1d`. Secret keys are masked wherever values are printed or logged.

        """

    public static func markdown() -> String {
        var text = preamble
        for section in ConfigurationKeys.sections {
            text += "\n## \(section.title)\n\n| key | default | form | meaning |\n|---|---|---|---|\n"
            for key in section.keys {
                let value = key.defaultValue.isEmpty ? "empty" : "`\(key.defaultValue)`"
                let meaning = key.summary + (key.isSecret ? " (secret)" : "")
                text += "| `\(key.name)` | \(value) | \(key.expectedForm) | \(escaped(meaning)) |\n"
            }
        }
        return text
    }

    private static func escaped(_ cell: String) -> String {
        cell.replacingOccurrences(of: "|", with: "\\|")
    }
}
