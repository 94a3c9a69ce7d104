//! What every page shares: the document head with the inline style sheet
//! (`style.css`), the title block, and the footer; and quoting a path for the shell in
//! a page's "run it again" command.

use super::html_format::escape;

/// The style sheet, inlined into every page.
pub const STYLE: &str = include_str!("style.css");

/// The top of a page, up to its sections.
pub struct Head<'a> {
    /// downline's version, for the `generator` meta tag.
    pub version: &'a str,
    /// The document title (escaped here).
    pub title: &'a str,
    /// The line above the heading (HTML).
    pub kicker: &'a str,
    /// The heading (HTML).
    pub heading: &'a str,
    /// The line under the heading (HTML).
    pub subtitle: &'a str,
    /// The links to the sections (HTML).
    pub nav: &'a str,
}

impl Head<'_> {
    /// The page from its doctype to the opening `<main>`.
    pub fn render(&self) -> String {
        format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"downline {version}\">\n\
             <title>{title}</title>\n\
             <style>\n{STYLE}</style>\n</head>\n<body>\n<header class=\"title\">\n\
             <p class=\"kicker\">{kicker}</p>\n\
             <h1>{heading}</h1>\n\
             <p class=\"subtitle\">{subtitle}</p>\n{nav}</header>\n<main>\n",
            version = escape(self.version),
            title = escape(self.title),
            kicker = self.kicker,
            heading = self.heading,
            subtitle = self.subtitle,
            nav = self.nav,
        )
    }
}

/// The end of every page: the footer and the closing tags.
pub const END: &str = "</main>\n<footer>\n<p>Made by downline, an open-source agent-based \
simulator of multi-level marketing. A simulation shows what a plan does under the assumptions \
of its scenario file, not what any real company pays.</p>\n</footer>\n</body>\n</html>\n";

/// `text` as one word for a POSIX shell.
pub fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./+,:@%".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn paths_are_quoted_only_when_needed() {
        assert_eq!(
            shell_quote("scenarios/default.toml"),
            "scenarios/default.toml"
        );
        assert_eq!(shell_quote("my plans/a.toml"), "'my plans/a.toml'");
        assert_eq!(shell_quote("it's.toml"), r"'it'\''s.toml'");
    }
}
