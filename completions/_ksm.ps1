
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ksm' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ksm'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ksm' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where command output goes: stdout, stderr, or a file (0600, in place only once the command succeeded). Before the command, as in the official CLI')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where command output goes: stdout, stderr, or a file (0600, in place only once the command succeeded). Before the command, as in the official CLI')
            [CompletionResult]::new('--log-level', '--log-level', [CompletionResultType]::ParameterName, 'Accepted for the official CLI''s scripts; ksm writes no log (errors go to stderr)')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Create and manage profiles (device credentials)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Redeem a token into a configuration for an integration, printed (no profile is written)')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Read and change records, their files and fields; passwords, codes and templates')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with keeper:// notations in its environment (and arguments) replaced')
            [CompletionResult]::new('interpolate', 'interpolate', [CompletionResultType]::ParameterValue, 'Replace keeper:// notations in template files (or stdin)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print secrets as dotenv, JSON, YAML or shell assignments')
            [CompletionResult]::new('folder', 'folder', [CompletionResultType]::ParameterValue, 'List, create, rename and delete folders')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'One-time share: ask someone for a secret straight into the vault, or send a record as an expiring, device-locked link (needs a ksm-server)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Settings of the current profile')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Show the client version, where profiles are kept and how they are protected')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write a man page for every command and subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;profile' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Redeem a one-time access token into a new profile (named by --profile-name, else _default)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles and how each is protected')
            [CompletionResult]::new('active', 'active', [CompletionResultType]::ParameterValue, 'Make a profile the active one')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a profile''s configuration, with its server key and TLS trust, as base64 (for KSM_CONFIG) or plain')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a configuration: our or the official CLI''s export (base64 or JSON), or a keeper.ini (named by --profile-name, else the name in the file, else _default)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a profile (and its key in the keyring)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;profile;init' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'One-time access token, e.g. US:xxxx (also positional, or KSM_CLI_TOKEN or KSM_TOKEN); `-` reads it from stdin, so that it never shows in `ps`')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'One-time access token, e.g. US:xxxx (also positional, or KSM_CLI_TOKEN or KSM_TOKEN); `-` reads it from stdin, so that it never shows in `ps`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Server host[:port]; overrides the token''s region or host prefix')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'Server host[:port]; overrides the token''s region or host prefix')
            [CompletionResult]::new('--server-public-key', '--server-public-key', [CompletionResultType]::ParameterName, 'Server public key (URL-safe base64 P-256 point) for self-hosted servers')
            [CompletionResult]::new('--server-public-key-id', '--server-public-key-id', [CompletionResultType]::ParameterName, 'Key id to send with a custom server public key')
            [CompletionResult]::new('--server-cert-sha256', '--server-cert-sha256', [CompletionResultType]::ParameterName, 'Trust only the server certificate with this SHA-256 fingerprint (hex)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust servers whose certificate chains to this CA (PEM file)')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Key in this file (created 0600 if missing) instead of the OS keyring')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--env-key', '--env-key', [CompletionResultType]::ParameterName, 'Key from the KSM_PROFILE_KEY environment variable (long and random)')
            [CompletionResult]::new('--kernel-keyring', '--kernel-keyring', [CompletionResultType]::ParameterName, 'Key in the Linux kernel keyring: works headless, but is lost at reboot')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Store the profile unencrypted (0600 file). Not recommended')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;profile;list' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the profiles as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;profile;active' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;profile;export' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('--file-format', '--file-format', [CompletionResultType]::ParameterName, 'JSON (what KSM_CONFIG takes) or a keeper.ini')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--plain', '--plain', [CompletionResultType]::ParameterName, 'Print the JSON (or INI) instead of base64')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ksm;profile;import' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('--input-file', '--input-file', [CompletionResultType]::ParameterName, 'Read the configuration from a file (e.g. keeper.ini)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write the profiles to this new keeper.ini (0600) instead of the profile store, as the official CLI does [default: --ini-file, if given]')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write the profiles to this new keeper.ini (0600) instead of the profile store, as the official CLI does [default: --ini-file, if given]')
            [CompletionResult]::new('--server-public-key', '--server-public-key', [CompletionResultType]::ParameterName, 'Server public key (URL-safe base64 P-256 point) for self-hosted servers')
            [CompletionResult]::new('--server-public-key-id', '--server-public-key-id', [CompletionResultType]::ParameterName, 'Key id to send with a custom server public key')
            [CompletionResult]::new('--server-cert-sha256', '--server-cert-sha256', [CompletionResultType]::ParameterName, 'Trust only the server certificate with this SHA-256 fingerprint (hex)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust servers whose certificate chains to this CA (PEM file)')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Key in this file (created 0600 if missing) instead of the OS keyring')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--env-key', '--env-key', [CompletionResultType]::ParameterName, 'Key from the KSM_PROFILE_KEY environment variable (long and random)')
            [CompletionResult]::new('--kernel-keyring', '--kernel-keyring', [CompletionResultType]::ParameterName, 'Key in the Linux kernel keyring: works headless, but is lost at reboot')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Store the profile unencrypted (0600 file). Not recommended')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;profile;delete' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;profile;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Redeem a one-time access token into a new profile (named by --profile-name, else _default)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles and how each is protected')
            [CompletionResult]::new('active', 'active', [CompletionResultType]::ParameterValue, 'Make a profile the active one')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a profile''s configuration, with its server key and TLS trust, as base64 (for KSM_CONFIG) or plain')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a configuration: our or the official CLI''s export (base64 or JSON), or a keeper.ini (named by --profile-name, else the name in the file, else _default)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a profile (and its key in the keyring)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;profile;help;init' {
            break
        }
        'ksm;profile;help;list' {
            break
        }
        'ksm;profile;help;active' {
            break
        }
        'ksm;profile;help;export' {
            break
        }
        'ksm;profile;help;import' {
            break
        }
        'ksm;profile;help;delete' {
            break
        }
        'ksm;profile;help;help' {
            break
        }
        'ksm;init' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Print the configuration as base64 JSON (for KSM_CONFIG)')
            [CompletionResult]::new('k8s', 'k8s', [CompletionResultType]::ParameterValue, 'Print a Kubernetes Secret manifest holding the configuration (key `config`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;init;default' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Server host[:port]; overrides the token''s region or host prefix')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'Server host[:port]; overrides the token''s region or host prefix')
            [CompletionResult]::new('--server-public-key', '--server-public-key', [CompletionResultType]::ParameterName, 'Server public key (URL-safe base64 P-256 point) for self-hosted servers')
            [CompletionResult]::new('--server-public-key-id', '--server-public-key-id', [CompletionResultType]::ParameterName, 'Key id to send with a custom server public key')
            [CompletionResult]::new('--server-cert-sha256', '--server-cert-sha256', [CompletionResultType]::ParameterName, 'Trust only the server certificate with this SHA-256 fingerprint (hex)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust servers whose certificate chains to this CA (PEM file)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--plain', '--plain', [CompletionResultType]::ParameterName, 'Print the JSON instead of base64')
            break
        }
        'ksm;init;k8s' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Server host[:port]; overrides the token''s region or host prefix')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'Server host[:port]; overrides the token''s region or host prefix')
            [CompletionResult]::new('--server-public-key', '--server-public-key', [CompletionResultType]::ParameterName, 'Server public key (URL-safe base64 P-256 point) for self-hosted servers')
            [CompletionResult]::new('--server-public-key-id', '--server-public-key-id', [CompletionResultType]::ParameterName, 'Key id to send with a custom server public key')
            [CompletionResult]::new('--server-cert-sha256', '--server-cert-sha256', [CompletionResultType]::ParameterName, 'Trust only the server certificate with this SHA-256 fingerprint (hex)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust servers whose certificate chains to this CA (PEM file)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The Secret''s name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The Secret''s name')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s namespace')
            [CompletionResult]::new('--ns', '--ns', [CompletionResultType]::ParameterName, 'The Secret''s namespace')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Mark the Secret immutable (Kubernetes 1.21 and later)')
            [CompletionResult]::new('--immutable', '--immutable', [CompletionResultType]::ParameterName, 'Mark the Secret immutable (Kubernetes 1.21 and later)')
            break
        }
        'ksm;init;help' {
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Print the configuration as base64 JSON (for KSM_CONFIG)')
            [CompletionResult]::new('k8s', 'k8s', [CompletionResultType]::ParameterValue, 'Print a Kubernetes Secret manifest holding the configuration (key `config`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;init;help;default' {
            break
        }
        'ksm;init;help;k8s' {
            break
        }
        'ksm;init;help;help' {
            break
        }
        'ksm;secret' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List records')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show records, one field, or a JSONPath query over them')
            [CompletionResult]::new('notation', 'notation', [CompletionResultType]::ParameterValue, 'Print the value a keeper:// notation points at')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Attach a file to a record (at most 100 MiB)')
            [CompletionResult]::new('download', 'download', [CompletionResultType]::ParameterValue, 'Save one of a record''s files to a path (0600), or print it')
            [CompletionResult]::new('delete-attachment', 'delete-attachment', [CompletionResultType]::ParameterValue, 'Remove files from a record')
            [CompletionResult]::new('totp', 'totp', [CompletionResultType]::ParameterValue, 'Print the current one-time (TOTP) code of a record''s oneTimeCode field')
            [CompletionResult]::new('password', 'password', [CompletionResultType]::ParameterValue, 'Generate a random password (needs no profile)')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'List the standard record and field types, or print a template to fill in')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create records: from field arguments, from a JSON record script, or as a copy')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a record''s title, notes or fields (refused if it changed since it was read)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete records; exits non-zero if any is not deleted')
            [CompletionResult]::new('finalize', 'finalize', [CompletionResultType]::ParameterValue, 'Commit a rotation started with `secret update --transaction rotation`')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Undo a rotation started with `secret update --transaction rotation`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;secret;list' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Only these record UIDs')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'Only these record UIDs')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Only records in this folder UID')
            [CompletionResult]::new('--folder', '--folder', [CompletionResultType]::ParameterName, 'Only records in this folder UID')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only records whose title matches this regular expression (case-insensitive)')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Only records whose title matches this regular expression (case-insensitive)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only records matching this JSONPath query')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Only records matching this JSONPath query')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'With --folder: include its sub-folders')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'With --folder: include its sub-folders')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'With --query: print the matched values instead of the titles')
            [CompletionResult]::new('--show-value', '--show-value', [CompletionResultType]::ParameterName, 'With --query: print the matched values instead of the titles')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the records as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;get' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Record UIDs')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'Record UIDs')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Record titles (exact match)')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Record titles (exact match)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Print only this field''s value (label, then type; standard, then custom fields)')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Print only this field''s value (label, then type; standard, then custom fields)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'A JSONPath query over the records')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'A JSONPath query over the records')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'With --query: print strings without quotes')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the records as JSON (one record as an object)')
            [CompletionResult]::new('--force-array', '--force-array', [CompletionResultType]::ParameterName, 'Print a JSON array even for one record')
            [CompletionResult]::new('--unmask', '--unmask', [CompletionResultType]::ParameterName, 'Show password-like values in text output')
            [CompletionResult]::new('--inflate', '--inflate', [CompletionResultType]::ParameterName, 'Load addressRef and cardRef records into the fields that reference them (the default)')
            [CompletionResult]::new('--deflate', '--deflate', [CompletionResultType]::ParameterName, 'Do not load referenced records')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;notation' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;upload' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'UID of the record')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'UID of the record')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Path to the file to upload')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Path to the file to upload')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'File title [default: the file name]')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'File title [default: the file name]')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;download' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'UID of the record')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'UID of the record')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name or title of the file')
            [CompletionResult]::new('--file-uid', '--file-uid', [CompletionResultType]::ParameterName, 'UID of the file')
            [CompletionResult]::new('--file-output', '--file-output', [CompletionResultType]::ParameterName, 'Where to write the file: a path (written 0600, atomically), `stdout` or `stderr`')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--create-folders', '--create-folders', [CompletionResultType]::ParameterName, 'Create the path''s missing directories (0700)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;delete-attachment' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'UID of the record')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'UID of the record')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Name, title or UID of a file to remove (repeatable)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Name, title or UID of a file to remove (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;totp' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"code", "seconds_left", "period"} as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;password' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Password length [default: the sum of the counts, else 64]')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Password length [default: the sum of the counts, else 64]')
            [CompletionResult]::new('--lc', '--lc', [CompletionResultType]::ParameterName, 'Number of lowercase letters')
            [CompletionResult]::new('--uc', '--uc', [CompletionResultType]::ParameterName, 'Number of uppercase letters')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Number of digits')
            [CompletionResult]::new('--digits', '--digits', [CompletionResultType]::ParameterName, 'Number of digits')
            [CompletionResult]::new('--sc', '--sc', [CompletionResultType]::ParameterName, 'Number of special characters')
            [CompletionResult]::new('--special-chars', '--special-chars', [CompletionResultType]::ParameterName, 'The special characters to draw from [default: "!@#$%()+;<>=?[]{}^.,]')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;template' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'List the record types (-l), or print a record template for `secret add file`')
            [CompletionResult]::new('field', 'field', [CompletionResultType]::ParameterValue, 'List the field types (-l), or print a field type''s template')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;secret;template;record' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write the template to this file (0600) instead of stdout')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write the template to this file (0600) instead of stdout')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Record format version; only v3 exists (accepted for the official CLI''s scripts)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'List the record types instead')
            [CompletionResult]::new('--show-list', '--show-list', [CompletionResultType]::ParameterName, 'List the record types instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;template;field' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Record format version; only v3 exists (accepted for the official CLI''s scripts)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'List the field types instead')
            [CompletionResult]::new('--show-list', '--show-list', [CompletionResultType]::ParameterName, 'List the field types instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;template;help' {
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'List the record types (-l), or print a record template for `secret add file`')
            [CompletionResult]::new('field', 'field', [CompletionResultType]::ParameterValue, 'List the field types (-l), or print a field type''s template')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;secret;template;help;record' {
            break
        }
        'ksm;secret;template;help;field' {
            break
        }
        'ksm;secret;template;help;help' {
            break
        }
        'ksm;secret;add' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('field', 'field', [CompletionResultType]::ParameterValue, 'A record from field arguments: `login=me`, `f.password=…`, `c.text[Label]=…`, `f.name.first=Ann`, `Label:type=value` (JSON values start with { or [)')
            [CompletionResult]::new('file', 'file', [CompletionResultType]::ParameterValue, 'Records from a JSON or YAML record script (the shape `secret template record TYPE` prints)')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'A copy of a record, with a new title')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;secret;add;field' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('--storage-folder-uid', '--storage-folder-uid', [CompletionResultType]::ParameterName, 'Folder UID: a shared folder or one of its sub-folders')
            [CompletionResult]::new('--record-type', '--record-type', [CompletionResultType]::ParameterName, 'Record type (see `ksm secret template record -l`)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Title of the new record')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Title of the new record')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Notes of the new record')
            [CompletionResult]::new('--notes', '--notes', [CompletionResultType]::ParameterName, 'Notes of the new record')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Record format version; only v3 exists (accepted for the official CLI''s scripts)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--password-generate', '--password-generate', [CompletionResultType]::ParameterName, 'Fill empty password fields with generated passwords (`-p` is the profile in ksm)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;add;file' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('--storage-folder-uid', '--storage-folder-uid', [CompletionResultType]::ParameterName, 'Folder UID: a shared folder or one of its sub-folders')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The record script (JSON or YAML), `-` for stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The record script (JSON or YAML), `-` for stdin')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--password-generate', '--password-generate', [CompletionResultType]::ParameterName, 'Fill empty password fields with generated passwords (`-p` is the profile in ksm)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;add;clone' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The record to copy')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'The record to copy')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Title of the copy [default: the original''s]')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Title of the copy [default: the original''s]')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;add;help' {
            [CompletionResult]::new('field', 'field', [CompletionResultType]::ParameterValue, 'A record from field arguments: `login=me`, `f.password=…`, `c.text[Label]=…`, `f.name.first=Ann`, `Label:type=value` (JSON values start with { or [)')
            [CompletionResult]::new('file', 'file', [CompletionResultType]::ParameterValue, 'Records from a JSON or YAML record script (the shape `secret template record TYPE` prints)')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'A copy of a record, with a new title')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;secret;add;help;field' {
            break
        }
        'ksm;secret;add;help;file' {
            break
        }
        'ksm;secret;add;help;clone' {
            break
        }
        'ksm;secret;add;help;help' {
            break
        }
        'ksm;secret;update' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The record to change')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'The record to change')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'LABEL=VALUE for a standard field, by label or type (repeatable)')
            [CompletionResult]::new('--custom-field', '--custom-field', [CompletionResultType]::ParameterName, 'LABEL=VALUE for a custom field (repeatable)')
            [CompletionResult]::new('--field-json', '--field-json', [CompletionResultType]::ParameterName, 'LABEL=JSON for a standard field (repeatable)')
            [CompletionResult]::new('--custom-field-json', '--custom-field-json', [CompletionResultType]::ParameterName, 'LABEL=JSON for a custom field (repeatable)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'New title')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'New title')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'New notes')
            [CompletionResult]::new('--notes', '--notes', [CompletionResultType]::ParameterName, 'New notes')
            [CompletionResult]::new('--transaction', '--transaction', [CompletionResultType]::ParameterName, '`rotation`: keep the old value until `secret finalize` (or bring it back with `secret rollback`), for password rotation scripts')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;delete' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Records to delete (repeatable)')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'Records to delete (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the results as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;finalize' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The record whose rotation to commit or undo')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'The record whose rotation to commit or undo')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;rollback' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The record whose rotation to commit or undo')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'The record whose rotation to commit or undo')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;secret;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List records')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show records, one field, or a JSONPath query over them')
            [CompletionResult]::new('notation', 'notation', [CompletionResultType]::ParameterValue, 'Print the value a keeper:// notation points at')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Attach a file to a record (at most 100 MiB)')
            [CompletionResult]::new('download', 'download', [CompletionResultType]::ParameterValue, 'Save one of a record''s files to a path (0600), or print it')
            [CompletionResult]::new('delete-attachment', 'delete-attachment', [CompletionResultType]::ParameterValue, 'Remove files from a record')
            [CompletionResult]::new('totp', 'totp', [CompletionResultType]::ParameterValue, 'Print the current one-time (TOTP) code of a record''s oneTimeCode field')
            [CompletionResult]::new('password', 'password', [CompletionResultType]::ParameterValue, 'Generate a random password (needs no profile)')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'List the standard record and field types, or print a template to fill in')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create records: from field arguments, from a JSON record script, or as a copy')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a record''s title, notes or fields (refused if it changed since it was read)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete records; exits non-zero if any is not deleted')
            [CompletionResult]::new('finalize', 'finalize', [CompletionResultType]::ParameterValue, 'Commit a rotation started with `secret update --transaction rotation`')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Undo a rotation started with `secret update --transaction rotation`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;secret;help;list' {
            break
        }
        'ksm;secret;help;get' {
            break
        }
        'ksm;secret;help;notation' {
            break
        }
        'ksm;secret;help;upload' {
            break
        }
        'ksm;secret;help;download' {
            break
        }
        'ksm;secret;help;delete-attachment' {
            break
        }
        'ksm;secret;help;totp' {
            break
        }
        'ksm;secret;help;password' {
            break
        }
        'ksm;secret;help;template' {
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'List the record types (-l), or print a record template for `secret add file`')
            [CompletionResult]::new('field', 'field', [CompletionResultType]::ParameterValue, 'List the field types (-l), or print a field type''s template')
            break
        }
        'ksm;secret;help;template;record' {
            break
        }
        'ksm;secret;help;template;field' {
            break
        }
        'ksm;secret;help;add' {
            [CompletionResult]::new('field', 'field', [CompletionResultType]::ParameterValue, 'A record from field arguments: `login=me`, `f.password=…`, `c.text[Label]=…`, `f.name.first=Ann`, `Label:type=value` (JSON values start with { or [)')
            [CompletionResult]::new('file', 'file', [CompletionResultType]::ParameterValue, 'Records from a JSON or YAML record script (the shape `secret template record TYPE` prints)')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'A copy of a record, with a new title')
            break
        }
        'ksm;secret;help;add;field' {
            break
        }
        'ksm;secret;help;add;file' {
            break
        }
        'ksm;secret;help;add;clone' {
            break
        }
        'ksm;secret;help;update' {
            break
        }
        'ksm;secret;help;delete' {
            break
        }
        'ksm;secret;help;finalize' {
            break
        }
        'ksm;secret;help;rollback' {
            break
        }
        'ksm;secret;help;help' {
            break
        }
        'ksm;exec' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read `NAME=value` lines from this file into the command''s environment (repeatable); notation values are resolved')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--inline', '--inline', [CompletionResultType]::ParameterName, 'Also replace notations inside the command''s arguments (`${keeper://…}`, or from `keeper://` to the end of an argument)')
            [CompletionResult]::new('--mask', '--mask', [CompletionResultType]::ParameterName, 'Replace the values of secret fields (password, secret, pinCode, keyPair, …) by `****` in the command''s output (also KSM_EXEC_MASK=secrets) [default: output untouched]')
            [CompletionResult]::new('--mask-all', '--mask-all', [CompletionResultType]::ParameterName, 'Replace every substituted value by `****` in the command''s output (also KSM_EXEC_MASK=all)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Leave the command''s output untouched even if KSM_EXEC_MASK is set')
            [CompletionResult]::new('--capture-output', '--capture-output', [CompletionResultType]::ParameterName, 'Hold the command''s stdout until it exits, then print it (the official CLI''s flag)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;interpolate' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the result to this file (0600, atomically) instead of stdout')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write the result to this file (0600, atomically) instead of stdout')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'With --in-place: the backup''s suffix; empty for no backup')
            [CompletionResult]::new('--backup-suffix', '--backup-suffix', [CompletionResultType]::ParameterName, 'With --in-place: the backup''s suffix; empty for no backup')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Replace each file with its result (0600, atomically), keeping a backup')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Replace each file with its result (0600, atomically), keeping a backup')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Show which notations would resolve (never their values); write nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show which notations would resolve (never their values); write nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was replaced (without values) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was replaced (without values) on stderr')
            [CompletionResult]::new('--validate', '--validate', [CompletionResultType]::ParameterName, 'Check that every notation resolves; write nothing')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Keep going past a notation that does not resolve or a file that cannot be read: leave the notation as written, write the rest, exit 3 at the end')
            [CompletionResult]::new('--continue', '--continue', [CompletionResultType]::ParameterName, 'Keep going past a notation that does not resolve or a file that cannot be read: leave the notation as written, write the rest, exit 3 at the end')
            [CompletionResult]::new('--allow-unsafe-for-eval', '--allow-unsafe-for-eval', [CompletionResultType]::ParameterName, 'On stdout: allow values with shell metacharacters (refused there, since such output is often eval''ed). Files written with -o or -w are not checked')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;export' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'A variable: NAME=keeper://… (repeatable)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Variables from `NAME=keeper://…` lines of this file (repeatable)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Every field of this record, named after its label or type (repeatable)')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'Every field of this record, named after its label or type (repeatable)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (0600, atomically) instead of stdout')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write to this file (0600, atomically) instead of stdout')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ksm;folder' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List folders (and with -l their records)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a folder inside a shared folder or sub-folder; prints its UID')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Rename a folder')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete folders; non-empty ones only with --force (their records go too)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;folder;list' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Only this folder (with -r: and everything below it)')
            [CompletionResult]::new('--folder', '--folder', [CompletionResultType]::ParameterName, 'Only this folder (with -r: and everything below it)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'With --folder: the folders below it too')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'With --folder: the folders below it too')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'List the records in each folder too')
            [CompletionResult]::new('--list-records', '--list-records', [CompletionResultType]::ParameterName, 'List the records in each folder too')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the listing as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;folder;add' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The shared folder or sub-folder to create it in')
            [CompletionResult]::new('--parent-folder', '--parent-folder', [CompletionResultType]::ParameterName, 'The shared folder or sub-folder to create it in')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The new folder''s name')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The new folder''s name')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;folder;update' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The folder to rename')
            [CompletionResult]::new('--folder', '--folder', [CompletionResultType]::ParameterName, 'The folder to rename')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Its new name')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Its new name')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;folder;delete' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Delete non-empty folders too, with everything in them')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Delete non-empty folders too, with everything in them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the results as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;folder;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List folders (and with -l their records)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a folder inside a shared folder or sub-folder; prints its UID')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Rename a folder')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete folders; non-empty ones only with --force (their records go too)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;folder;help;list' {
            break
        }
        'ksm;folder;help;add' {
            break
        }
        'ksm;folder;help;update' {
            break
        }
        'ksm;folder;help;delete' {
            break
        }
        'ksm;folder;help;help' {
            break
        }
        'ksm;share' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Ask someone for a secret: prints a link; their answer becomes a new record in FOLDER')
            [CompletionResult]::new('receive', 'receive', [CompletionResultType]::ParameterValue, 'Write answered requests into the vault as new records (prints UIDs, never the secret)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List this application''s requests and sends with their states')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a request or a send: its link stops working and any stored answer is deleted')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a record''s fields as a one-time link, locked to the first device that opens it')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open a send link in the terminal (binds it to this user''s ksm key, not a browser)')
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Answer a request link from the terminal: prompts for each field, or reads `field=value` lines on stdin')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;share;request' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('--folder', '--folder', [CompletionResultType]::ParameterName, 'The shared folder the answer is written into (the application needs an editable share)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The record type to ask for: login (login, password, URL, notes) or encryptedNotes')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The title of the new record; also shown to the person answering')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long the link works: 30m, 24h, 7d (at most 7d)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Also print a ready-to-paste note for the person you ask')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also print the link as a QR code (for a phone)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;share;receive' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every request made from this profile')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the request is answered (or expires, or is revoked)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;share;list' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the requests and sends as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;share;revoke' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;share;send' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The record to send')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'The record to send')
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Only these fields (types or labels, comma-separated), e.g. `password,login`')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long the link works: 1h, 24h, 7d (at most 7d)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Burn the link after its first view, instead of locking it to the first device')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also print the link as a QR code (for a phone)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;share;open' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the revealed fields as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;share;submit' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;share;help' {
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Ask someone for a secret: prints a link; their answer becomes a new record in FOLDER')
            [CompletionResult]::new('receive', 'receive', [CompletionResultType]::ParameterValue, 'Write answered requests into the vault as new records (prints UIDs, never the secret)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List this application''s requests and sends with their states')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a request or a send: its link stops working and any stored answer is deleted')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a record''s fields as a one-time link, locked to the first device that opens it')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open a send link in the terminal (binds it to this user''s ksm key, not a browser)')
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Answer a request link from the terminal: prompts for each field, or reads `field=value` lines on stdin')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;share;help;request' {
            break
        }
        'ksm;share;help;receive' {
            break
        }
        'ksm;share;help;list' {
            break
        }
        'ksm;share;help;revoke' {
            break
        }
        'ksm;share;help;send' {
            break
        }
        'ksm;share;help;open' {
            break
        }
        'ksm;share;help;submit' {
            break
        }
        'ksm;share;help;help' {
            break
        }
        'ksm;config' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Show, turn on or off, or clear the profile''s offline cache')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show where the configuration comes from and its settings (never a secret)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;config;cache' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('--enable', '--enable', [CompletionResultType]::ParameterName, 'Cache every read of this profile from now on')
            [CompletionResult]::new('--disable', '--disable', [CompletionResultType]::ParameterName, 'Stop caching and delete the cached data')
            [CompletionResult]::new('--clear', '--clear', [CompletionResultType]::ParameterName, 'Delete the cached data (caching stays on if it is on)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;config;show' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;config;help' {
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Show, turn on or off, or clear the profile''s offline cache')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show where the configuration comes from and its settings (never a secret)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;config;help;cache' {
            break
        }
        'ksm;config;help;show' {
            break
        }
        'ksm;config;help;help' {
            break
        }
        'ksm;version' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;completion' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;man' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--profile-name', '--profile-name', [CompletionResultType]::ParameterName, 'Profile to use [default: the active profile]')
            [CompletionResult]::new('--max-stale', '--max-stale', [CompletionResultType]::ParameterName, 'Refuse cached data older than this, e.g. 30m, 12h, 7d')
            [CompletionResult]::new('--ini-file', '--ini-file', [CompletionResultType]::ParameterName, 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'Directory to write the pages into (ksm.1, ksm-secret.1, …); created if missing')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables [default: on a terminal, unless NO_COLOR is set]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour in tables (also `-nc`, the official spelling)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never contact the server: answer reads from the cache; writes fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ksm;help' {
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Create and manage profiles (device credentials)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Redeem a token into a configuration for an integration, printed (no profile is written)')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Read and change records, their files and fields; passwords, codes and templates')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with keeper:// notations in its environment (and arguments) replaced')
            [CompletionResult]::new('interpolate', 'interpolate', [CompletionResultType]::ParameterValue, 'Replace keeper:// notations in template files (or stdin)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print secrets as dotenv, JSON, YAML or shell assignments')
            [CompletionResult]::new('folder', 'folder', [CompletionResultType]::ParameterValue, 'List, create, rename and delete folders')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'One-time share: ask someone for a secret straight into the vault, or send a record as an expiring, device-locked link (needs a ksm-server)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Settings of the current profile')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Show the client version, where profiles are kept and how they are protected')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write a man page for every command and subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ksm;help;profile' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Redeem a one-time access token into a new profile (named by --profile-name, else _default)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles and how each is protected')
            [CompletionResult]::new('active', 'active', [CompletionResultType]::ParameterValue, 'Make a profile the active one')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a profile''s configuration, with its server key and TLS trust, as base64 (for KSM_CONFIG) or plain')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a configuration: our or the official CLI''s export (base64 or JSON), or a keeper.ini (named by --profile-name, else the name in the file, else _default)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a profile (and its key in the keyring)')
            break
        }
        'ksm;help;profile;init' {
            break
        }
        'ksm;help;profile;list' {
            break
        }
        'ksm;help;profile;active' {
            break
        }
        'ksm;help;profile;export' {
            break
        }
        'ksm;help;profile;import' {
            break
        }
        'ksm;help;profile;delete' {
            break
        }
        'ksm;help;init' {
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Print the configuration as base64 JSON (for KSM_CONFIG)')
            [CompletionResult]::new('k8s', 'k8s', [CompletionResultType]::ParameterValue, 'Print a Kubernetes Secret manifest holding the configuration (key `config`)')
            break
        }
        'ksm;help;init;default' {
            break
        }
        'ksm;help;init;k8s' {
            break
        }
        'ksm;help;secret' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List records')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show records, one field, or a JSONPath query over them')
            [CompletionResult]::new('notation', 'notation', [CompletionResultType]::ParameterValue, 'Print the value a keeper:// notation points at')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Attach a file to a record (at most 100 MiB)')
            [CompletionResult]::new('download', 'download', [CompletionResultType]::ParameterValue, 'Save one of a record''s files to a path (0600), or print it')
            [CompletionResult]::new('delete-attachment', 'delete-attachment', [CompletionResultType]::ParameterValue, 'Remove files from a record')
            [CompletionResult]::new('totp', 'totp', [CompletionResultType]::ParameterValue, 'Print the current one-time (TOTP) code of a record''s oneTimeCode field')
            [CompletionResult]::new('password', 'password', [CompletionResultType]::ParameterValue, 'Generate a random password (needs no profile)')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'List the standard record and field types, or print a template to fill in')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create records: from field arguments, from a JSON record script, or as a copy')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a record''s title, notes or fields (refused if it changed since it was read)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete records; exits non-zero if any is not deleted')
            [CompletionResult]::new('finalize', 'finalize', [CompletionResultType]::ParameterValue, 'Commit a rotation started with `secret update --transaction rotation`')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Undo a rotation started with `secret update --transaction rotation`')
            break
        }
        'ksm;help;secret;list' {
            break
        }
        'ksm;help;secret;get' {
            break
        }
        'ksm;help;secret;notation' {
            break
        }
        'ksm;help;secret;upload' {
            break
        }
        'ksm;help;secret;download' {
            break
        }
        'ksm;help;secret;delete-attachment' {
            break
        }
        'ksm;help;secret;totp' {
            break
        }
        'ksm;help;secret;password' {
            break
        }
        'ksm;help;secret;template' {
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'List the record types (-l), or print a record template for `secret add file`')
            [CompletionResult]::new('field', 'field', [CompletionResultType]::ParameterValue, 'List the field types (-l), or print a field type''s template')
            break
        }
        'ksm;help;secret;template;record' {
            break
        }
        'ksm;help;secret;template;field' {
            break
        }
        'ksm;help;secret;add' {
            [CompletionResult]::new('field', 'field', [CompletionResultType]::ParameterValue, 'A record from field arguments: `login=me`, `f.password=…`, `c.text[Label]=…`, `f.name.first=Ann`, `Label:type=value` (JSON values start with { or [)')
            [CompletionResult]::new('file', 'file', [CompletionResultType]::ParameterValue, 'Records from a JSON or YAML record script (the shape `secret template record TYPE` prints)')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'A copy of a record, with a new title')
            break
        }
        'ksm;help;secret;add;field' {
            break
        }
        'ksm;help;secret;add;file' {
            break
        }
        'ksm;help;secret;add;clone' {
            break
        }
        'ksm;help;secret;update' {
            break
        }
        'ksm;help;secret;delete' {
            break
        }
        'ksm;help;secret;finalize' {
            break
        }
        'ksm;help;secret;rollback' {
            break
        }
        'ksm;help;exec' {
            break
        }
        'ksm;help;interpolate' {
            break
        }
        'ksm;help;export' {
            break
        }
        'ksm;help;folder' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List folders (and with -l their records)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a folder inside a shared folder or sub-folder; prints its UID')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Rename a folder')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete folders; non-empty ones only with --force (their records go too)')
            break
        }
        'ksm;help;folder;list' {
            break
        }
        'ksm;help;folder;add' {
            break
        }
        'ksm;help;folder;update' {
            break
        }
        'ksm;help;folder;delete' {
            break
        }
        'ksm;help;share' {
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Ask someone for a secret: prints a link; their answer becomes a new record in FOLDER')
            [CompletionResult]::new('receive', 'receive', [CompletionResultType]::ParameterValue, 'Write answered requests into the vault as new records (prints UIDs, never the secret)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List this application''s requests and sends with their states')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a request or a send: its link stops working and any stored answer is deleted')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a record''s fields as a one-time link, locked to the first device that opens it')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open a send link in the terminal (binds it to this user''s ksm key, not a browser)')
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Answer a request link from the terminal: prompts for each field, or reads `field=value` lines on stdin')
            break
        }
        'ksm;help;share;request' {
            break
        }
        'ksm;help;share;receive' {
            break
        }
        'ksm;help;share;list' {
            break
        }
        'ksm;help;share;revoke' {
            break
        }
        'ksm;help;share;send' {
            break
        }
        'ksm;help;share;open' {
            break
        }
        'ksm;help;share;submit' {
            break
        }
        'ksm;help;config' {
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Show, turn on or off, or clear the profile''s offline cache')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show where the configuration comes from and its settings (never a secret)')
            break
        }
        'ksm;help;config;cache' {
            break
        }
        'ksm;help;config;show' {
            break
        }
        'ksm;help;version' {
            break
        }
        'ksm;help;completion' {
            break
        }
        'ksm;help;man' {
            break
        }
        'ksm;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
