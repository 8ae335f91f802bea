//! Environment variable text (`KEY=value` lines) as editable rows, and which names look secret.
//!
//! Parsing keeps every line as it was (comments, blank lines, spacing around `=`), so a text
//! that is parsed and written back without edits is byte-for-byte the same.

/// One line of an env text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvLine {
    /// `KEY=value`; `key` and `value` are exactly the text on either side of the first `=`.
    Var { key: String, value: String },
    /// A comment, a blank line, or anything without `=`, kept verbatim.
    Other(String),
}

impl EnvLine {
    /// The variable name without surrounding spaces or a leading `export `.
    pub fn name(&self) -> Option<&str> {
        match self {
            EnvLine::Var { key, .. } => {
                let k = key.trim();
                Some(k.strip_prefix("export ").map(str::trim).unwrap_or(k))
            }
            EnvLine::Other(_) => None,
        }
    }
}

/// Splits an env text into lines (`\r\n` or `\n`).
pub fn parse(text: &str) -> Vec<EnvLine> {
    if text.is_empty() {
        return Vec::new();
    }
    text.split('\n')
        .map(|raw| {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let trimmed = line.trim_start();
            if trimmed.starts_with('#') || trimmed.is_empty() {
                return EnvLine::Other(line.to_string());
            }
            match line.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => EnvLine::Var {
                    key: k.to_string(),
                    value: v.to_string(),
                },
                _ => EnvLine::Other(line.to_string()),
            }
        })
        .collect()
}

/// Writes lines back as text, one per line (`\n`).
pub fn serialize(lines: &[EnvLine]) -> String {
    lines
        .iter()
        .map(|l| match l {
            EnvLine::Var { key, value } => format!("{key}={value}"),
            EnvLine::Other(s) => s.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parts of a name that always mean a secret wherever they appear (`STRIPE_SECRET_KEY`,
/// `databasePassword`, `GITHUB_TOKEN`).
const SECRET_PARTS: [&str; 10] = [
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "TOKEN",
    "CREDENTIAL",
    "PRIVATE",
    "APIKEY",
    "ACCESSKEY",
    "SIGNINGKEY",
];

/// Words that mean a secret when they are a whole word of the name (`N8N_ENCRYPTION_KEY`,
/// `DB_PASS`, `SENTRY_DSN`), but not inside another word (`MONKEY`, `BYPASS`, `AUTHOR`).
const SECRET_WORDS: [&str; 7] = ["KEY", "PASS", "PWD", "AUTH", "DSN", "SALT", "PAT"];

/// True when a variable's name (or its value, for URLs carrying a password) suggests a secret.
pub fn looks_secret(name: &str, value: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if SECRET_PARTS.iter().any(|p| upper.contains(p)) {
        return true;
    }
    let words = split_words(name);
    if words.iter().any(|w| SECRET_WORDS.contains(&w.as_str())) {
        return true;
    }
    url_has_password(value)
}

/// Words of a name split on `_ - .` and camelCase, upper-cased.
fn split_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_uppercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// `scheme://user:password@host...` (or `scheme://:password@host`).
pub fn url_has_password(value: &str) -> bool {
    let Some((_, rest)) = value.trim().split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    match authority.rsplit_once('@') {
        Some((userinfo, _)) => userinfo.split_once(':').is_some_and(|(_, p)| !p.is_empty()),
        None => false,
    }
}

/// How many variables a text defines.
pub fn count_vars(text: &str) -> usize {
    parse(text)
        .iter()
        .filter(|l| matches!(l, EnvLine::Var { .. }))
        .count()
}

/// Names defined more than once, in order of their first repeat.
pub fn duplicates(lines: &[EnvLine]) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut dups = Vec::new();
    for name in lines.iter().filter_map(EnvLine::name) {
        if !seen.insert(name.to_string()) && !dups.iter().any(|d| d == name) {
            dups.push(name.to_string());
        }
    }
    dups
}

/// A value shown masked: bullets, as many as characters up to a cap, never zero.
pub fn mask(value: &str) -> String {
    "•".repeat(value.chars().count().clamp(6, 16))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_exactly() {
        for text in [
            "",
            "A=1",
            "A=1\nB=2\n",
            "# comment\n\nexport X = y z\nURL=postgres://u:p@h:5432/d?x=1\nweird line\n=novalue",
            "WIN=1\r\nNEXT=2",
        ] {
            let lines = parse(text);
            let back = serialize(&lines);
            assert_eq!(back, text.replace("\r\n", "\n"), "{text:?}");
        }
    }

    #[test]
    fn parses_vars_comments_and_odd_lines() {
        let lines = parse("# db\nA=1=2\n  B = x\nnoequals\n=x");
        assert_eq!(lines[0], EnvLine::Other("# db".into()));
        assert_eq!(
            lines[1],
            EnvLine::Var {
                key: "A".into(),
                value: "1=2".into()
            }
        );
        assert_eq!(lines[2].name(), Some("B"));
        assert_eq!(lines[3], EnvLine::Other("noequals".into()));
        assert_eq!(lines[4], EnvLine::Other("=x".into()));
        assert_eq!(parse("export TOKEN=abc")[0].name(), Some("TOKEN"));
    }

    #[test]
    fn secret_names() {
        for name in [
            "STRIPE_SECRET_KEY",
            "API_TOKEN",
            "GRAFANA_PASSWORD",
            "N8N_ENCRYPTION_KEY",
            "database__connection__password",
            "SENTRY_DSN",
            "DB_PASS",
            "MYSQL_PWD",
            "GITHUB_PAT",
            "AWS_SECRET_ACCESS_KEY",
            "aws_access_key_id",
            "PRIVATE_KEY",
            "GOOGLE_APPLICATION_CREDENTIALS",
            "BASIC_AUTH",
            "databasePassword",
            "apiKey",
            "OPENAI_APIKEY",
        ] {
            assert!(looks_secret(name, ""), "{name}");
        }
        for name in [
            "NODE_ENV",
            "NEXT_PUBLIC_API_URL",
            "PORT",
            "WORKER_CONCURRENCY",
            "AUTHOR",
            "MONKEY_MODE",
            "BYPASS_CACHE",
            "KEYBOARD",
            "RETENTION",
            "url",
            "PASSENGER_COUNT",
        ] {
            assert!(!looks_secret(name, "plain"), "{name}");
        }
    }

    #[test]
    fn urls_with_passwords_are_secret() {
        assert!(looks_secret(
            "DATABASE_URL",
            "postgresql://shop:Pg_s3cr3t@shop-db:5432/shop"
        ));
        assert!(looks_secret("REDIS_URL", "redis://:Rd_pw@cache:6379"));
        assert!(!looks_secret("QUEUE_URL", "redis://cache:6379/2"));
        assert!(!looks_secret("WEBHOOK_URL", "https://n8n.acme.test/a@b"));
        assert!(!looks_secret("USER_URL", "https://user@host/"));
        assert!(!url_has_password("not a url"));
    }

    #[test]
    fn duplicates_and_counts() {
        let lines = parse("A=1\nB=2\nA=3\n# A=4\nA=5\nB=6");
        assert_eq!(duplicates(&lines), vec!["A".to_string(), "B".to_string()]);
        assert_eq!(count_vars("A=1\n\n# x\nB=2"), 2);
        assert_eq!(mask("ab").chars().count(), 6);
        assert_eq!(mask(&"x".repeat(40)).chars().count(), 16);
    }
}
