//! The sections clap does not generate for the man pages: EXAMPLES (per command), EXIT STATUS
//! and ENVIRONMENT (on every page), as roff text.

use ksm_client::error::ErrorKind;

/// Examples, by the command's full name.
const EXAMPLES: &[(&str, &[&str])] = &[
    (
        "ksm",
        &[
            "ksm profile init --token US:ONE_TIME_TOKEN",
            "ksm secret list",
            "ksm secret get -u RECORD_UID --field password",
            "DB_PASSWORD=keeper://RECORD_UID/field/password ksm exec -- ./deploy.sh",
        ],
    ),
    (
        "ksm-profile-init",
        &["ksm profile init --token US:ONE_TIME_TOKEN", "ksm -p ci profile init --token US:TOKEN --key-file ci.key"],
    ),
    (
        "ksm-profile-import",
        &["ksm profile import --file keeper.ini", "ksm profile export | ssh host ksm profile import -"],
    ),
    ("ksm-secret-list", &["ksm secret list", "ksm secret list -f FOLDER_UID -r --json", "ksm secret list -t '^prod'"]),
    (
        "ksm-secret-get",
        &[
            "ksm secret get -u RECORD_UID",
            "ksm secret get -u RECORD_UID --field password",
            "ksm secret get -t 'Prod DB' --json",
            "ksm secret get -u RECORD_UID -q '$.fields[?(@.type==\"password\")].value[0]' --raw",
        ],
    ),
    (
        "ksm-secret-notation",
        &[
            "ksm secret notation keeper://RECORD_UID/field/password",
            "ksm secret notation 'keeper://Prod DB/field/host[hostName]'",
            "ksm secret notation keeper://RECORD_UID/file/cert.pem > cert.pem",
        ],
    ),
    ("ksm-secret-totp", &["ksm secret totp RECORD_UID", "ksm secret totp RECORD_UID --json"]),
    ("ksm-secret-password", &["ksm secret password", "ksm secret password -lc 8 -uc 8 -d 4 -sc 4"]),
    (
        "ksm-secret-add-field",
        &["ksm secret add field --sf FOLDER_UID --rt login -t 'Web' login=me password=s3cret url=https://example.com"],
    ),
    (
        "ksm-secret-add-file",
        &["ksm secret template record login -f rec.json", "ksm secret add file --sf FOLDER_UID -f rec.json"],
    ),
    (
        "ksm-secret-update",
        &[
            "ksm secret update -u RECORD_UID --field password=n3w",
            "ksm secret update -u RECORD_UID --field password=n3w --transaction rotation",
            "ksm secret finalize -u RECORD_UID",
        ],
    ),
    ("ksm-secret-upload", &["ksm secret upload -u RECORD_UID -f ./cert.pem"]),
    ("ksm-secret-download", &["ksm secret download -u RECORD_UID --name cert.pem --file-output ./cert.pem"]),
    (
        "ksm-exec",
        &[
            "DB_PASSWORD=keeper://RECORD_UID/field/password ksm exec -- ./deploy.sh",
            "ksm exec --env-file app.env -- node server.js",
            "ksm exec --inline -- psql 'postgres://app:${keeper://Prod DB/field/password}@db/app'",
            "KSM_EXEC_MASK=secrets ksm exec -- ./ci-step.sh",
        ],
    ),
    (
        "ksm-interpolate",
        &[
            "ksm interpolate app.env.tpl -o app.env",
            "ksm interpolate -w config/*.yaml",
            "ksm interpolate --validate app.env.tpl",
        ],
    ),
    (
        "ksm-export",
        &[
            "ksm export --map DB_PASSWORD=keeper://RECORD_UID/field/password",
            "eval \"$(ksm export --format sh --env-file app.env.tpl)\"",
            "ksm export --format json -u RECORD_UID",
        ],
    ),
    ("ksm-folder-list", &["ksm folder list", "ksm folder list -f FOLDER_UID -r -l --json"]),
    (
        "ksm-completion",
        &["ksm completion bash > /etc/bash_completion.d/ksm", "ksm completion zsh > \"${fpath[1]}/_ksm\""],
    ),
    ("ksm-man", &["ksm man --output-dir /usr/local/share/man/man1"]),
];

/// Variables ksm reads, and what for.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("KSM_CONFIG", "a configuration to use instead of any profile (base64 or JSON); nothing is written"),
    ("KSM_CLI_PROFILE", "the profile to use, like --profile-name"),
    ("KSM_CLI_TOKEN", "the one-time token of profile init, like --token"),
    ("KSM_CONFIG_DIR", "where profiles are kept"),
    ("KSM_PROFILE_KEY", "the key of profiles created with --env-key"),
    ("KSM_CACHE", "1 uses the offline cache (like --cache); 0 turns a profile's cache off"),
    ("KSM_EXEC_MASK", "secrets, all or off: masking of ksm exec's output (like --mask, --mask-all)"),
    ("KSM_SERVER_CERT_SHA256, KSM_CA_CERT", "TLS trust when using KSM_CONFIG"),
    ("KSM_HOSTNAME", "overrides the server host of the configuration"),
    ("KSM_HTTP_TIMEOUT", "request timeout in seconds (default 30)"),
    ("KSM_CLIENT_VERSION", "the clientVersion sent to the server"),
    ("HTTPS_PROXY, HTTP_PROXY, NO_PROXY", "proxies, as usual"),
    ("NO_COLOR", "no colour in tables"),
];

/// The roff text of the sections for the page named `page` (`ksm-secret-get`).
pub fn extra_sections(page: &str) -> String {
    let mut roff = String::new();
    if let Some((_, examples)) = EXAMPLES.iter().find(|(name, _)| *name == page) {
        roff.push_str(".SH EXAMPLES\n");
        for example in *examples {
            roff.push_str(&format!(".PP\n.nf\n{}\n.fi\n", escape(example)));
        }
    }
    roff.push_str(".SH \"EXIT STATUS\"\n.TP\n0\nsuccess\n.TP\n1\nan unexpected failure (please report it)\n");
    for kind in ErrorKind::ALL {
        roff.push_str(&format!(".TP\n{}\n{}\n", kind.exit_code(), escape(kind.summary())));
    }
    roff.push_str(
        ".PP\nEvery failure prints one line on stderr: what went wrong and what to do, never a secret value.\n",
    );
    roff.push_str(".SH ENVIRONMENT\n");
    for (name, meaning) in ENVIRONMENT {
        roff.push_str(&format!(".TP\n.B {}\n{}\n", escape(name), escape(meaning)));
    }
    roff
}

/// Text as roff reads it literally: backslashes and dashes escaped, no control line.
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_exit_status_and_environment() {
        for page in ["ksm", "ksm-secret-get", "ksm-folder-add"] {
            let roff = extra_sections(page);
            assert!(roff.contains(".SH \"EXIT STATUS\"") && roff.contains(".SH ENVIRONMENT"), "{page}");
            assert!(roff.contains(".TP\n127\n") && roff.contains("KSM_EXEC_MASK"), "{page}");
        }
        assert!(extra_sections("ksm-secret-get").contains(".SH EXAMPLES\n"));
        assert!(!extra_sections("ksm-folder-add").contains("EXAMPLES"));
    }

    #[test]
    fn examples_name_real_pages_and_are_escaped() {
        assert_eq!(escape(".x -y \\z"), "\\&.x \\-y \\ez");
        let mut command = <crate::cli::Cli as clap::CommandFactory>::command().bin_name("ksm");
        command.build();
        let mut pages = Vec::new();
        fn collect(command: &clap::Command, name: String, pages: &mut Vec<String>) {
            for sub in command.get_subcommands() {
                collect(sub, format!("{name}-{}", sub.get_name()), pages);
            }
            pages.push(name);
        }
        collect(&command, "ksm".into(), &mut pages);
        for (page, _) in EXAMPLES {
            assert!(pages.iter().any(|p| p == page), "no page {page}");
        }
    }
}
