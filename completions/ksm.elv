
use builtin;
use str;

set edit:completion:arg-completer[ksm] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'ksm'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'ksm'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand -o 'Where command output goes: stdout, stderr, or a file (0600, in place only once the command succeeded). Before the command, as in the official CLI'
            cand --output 'Where command output goes: stdout, stderr, or a file (0600, in place only once the command succeeded). Before the command, as in the official CLI'
            cand --log-level 'Accepted for the official CLI''s scripts; ksm writes no log (errors go to stderr)'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand profile 'Create and manage profiles (device credentials)'
            cand init 'Redeem a token into a configuration for an integration, printed (no profile is written)'
            cand secret 'Read and change records, their files and fields; passwords, codes and templates'
            cand exec 'Run a command with keeper:// notations in its environment (and arguments) replaced'
            cand interpolate 'Replace keeper:// notations in template files (or stdin)'
            cand export 'Print secrets as dotenv, JSON, YAML or shell assignments'
            cand folder 'List, create, rename and delete folders'
            cand share 'One-time share: ask someone for a secret straight into the vault, or send a record as an expiring, device-locked link (needs a ksm-server)'
            cand config 'Settings of the current profile'
            cand version 'Show the client version, where profiles are kept and how they are protected'
            cand completion 'Print a shell completion script to stdout'
            cand man 'Write a man page for every command and subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;profile'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
            cand init 'Redeem a one-time access token into a new profile (named by --profile-name, else _default)'
            cand list 'List profiles and how each is protected'
            cand active 'Make a profile the active one'
            cand export 'Print a profile''s configuration, with its server key and TLS trust, as base64 (for KSM_CONFIG) or plain'
            cand import 'Import a configuration: our or the official CLI''s export (base64 or JSON), or a keeper.ini (named by --profile-name, else the name in the file, else _default)'
            cand delete 'Delete a profile (and its key in the keyring)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;profile;init'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -t 'One-time access token, e.g. US:xxxx (also positional, or KSM_CLI_TOKEN or KSM_TOKEN); `-` reads it from stdin, so that it never shows in `ps`'
            cand --token 'One-time access token, e.g. US:xxxx (also positional, or KSM_CLI_TOKEN or KSM_TOKEN); `-` reads it from stdin, so that it never shows in `ps`'
            cand -h 'Server host[:port]; overrides the token''s region or host prefix'
            cand --hostname 'Server host[:port]; overrides the token''s region or host prefix'
            cand --server-public-key 'Server public key (URL-safe base64 P-256 point) for self-hosted servers'
            cand --server-public-key-id 'Key id to send with a custom server public key'
            cand --server-cert-sha256 'Trust only the server certificate with this SHA-256 fingerprint (hex)'
            cand --ca-cert 'Trust servers whose certificate chains to this CA (PEM file)'
            cand --key-file 'Key in this file (created 0600 if missing) instead of the OS keyring'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --env-key 'Key from the KSM_PROFILE_KEY environment variable (long and random)'
            cand --kernel-keyring 'Key in the Linux kernel keyring: works headless, but is lost at reboot'
            cand --plaintext 'Store the profile unencrypted (0600 file). Not recommended'
            cand --help 'Print help'
        }
        &'ksm;profile;list'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --json 'Print the profiles as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;profile;active'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;profile;export'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand --file-format 'JSON (what KSM_CONFIG takes) or a keeper.ini'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --plain 'Print the JSON (or INI) instead of base64'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ksm;profile;import'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand --input-file 'Read the configuration from a file (e.g. keeper.ini)'
            cand -f 'Write the profiles to this new keeper.ini (0600) instead of the profile store, as the official CLI does [default: --ini-file, if given]'
            cand --output-file 'Write the profiles to this new keeper.ini (0600) instead of the profile store, as the official CLI does [default: --ini-file, if given]'
            cand --server-public-key 'Server public key (URL-safe base64 P-256 point) for self-hosted servers'
            cand --server-public-key-id 'Key id to send with a custom server public key'
            cand --server-cert-sha256 'Trust only the server certificate with this SHA-256 fingerprint (hex)'
            cand --ca-cert 'Trust servers whose certificate chains to this CA (PEM file)'
            cand --key-file 'Key in this file (created 0600 if missing) instead of the OS keyring'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --env-key 'Key from the KSM_PROFILE_KEY environment variable (long and random)'
            cand --kernel-keyring 'Key in the Linux kernel keyring: works headless, but is lost at reboot'
            cand --plaintext 'Store the profile unencrypted (0600 file). Not recommended'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;profile;delete'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;profile;help'= {
            cand init 'Redeem a one-time access token into a new profile (named by --profile-name, else _default)'
            cand list 'List profiles and how each is protected'
            cand active 'Make a profile the active one'
            cand export 'Print a profile''s configuration, with its server key and TLS trust, as base64 (for KSM_CONFIG) or plain'
            cand import 'Import a configuration: our or the official CLI''s export (base64 or JSON), or a keeper.ini (named by --profile-name, else the name in the file, else _default)'
            cand delete 'Delete a profile (and its key in the keyring)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;profile;help;init'= {
        }
        &'ksm;profile;help;list'= {
        }
        &'ksm;profile;help;active'= {
        }
        &'ksm;profile;help;export'= {
        }
        &'ksm;profile;help;import'= {
        }
        &'ksm;profile;help;delete'= {
        }
        &'ksm;profile;help;help'= {
        }
        &'ksm;init'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
            cand default 'Print the configuration as base64 JSON (for KSM_CONFIG)'
            cand k8s 'Print a Kubernetes Secret manifest holding the configuration (key `config`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;init;default'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -h 'Server host[:port]; overrides the token''s region or host prefix'
            cand --hostname 'Server host[:port]; overrides the token''s region or host prefix'
            cand --server-public-key 'Server public key (URL-safe base64 P-256 point) for self-hosted servers'
            cand --server-public-key-id 'Key id to send with a custom server public key'
            cand --server-cert-sha256 'Trust only the server certificate with this SHA-256 fingerprint (hex)'
            cand --ca-cert 'Trust servers whose certificate chains to this CA (PEM file)'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --help 'Print help'
            cand --plain 'Print the JSON instead of base64'
        }
        &'ksm;init;k8s'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -h 'Server host[:port]; overrides the token''s region or host prefix'
            cand --hostname 'Server host[:port]; overrides the token''s region or host prefix'
            cand --server-public-key 'Server public key (URL-safe base64 P-256 point) for self-hosted servers'
            cand --server-public-key-id 'Key id to send with a custom server public key'
            cand --server-cert-sha256 'Trust only the server certificate with this SHA-256 fingerprint (hex)'
            cand --ca-cert 'Trust servers whose certificate chains to this CA (PEM file)'
            cand -n 'The Secret''s name'
            cand --name 'The Secret''s name'
            cand --namespace 'The Secret''s namespace'
            cand --ns 'The Secret''s namespace'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --help 'Print help'
            cand -i 'Mark the Secret immutable (Kubernetes 1.21 and later)'
            cand --immutable 'Mark the Secret immutable (Kubernetes 1.21 and later)'
        }
        &'ksm;init;help'= {
            cand default 'Print the configuration as base64 JSON (for KSM_CONFIG)'
            cand k8s 'Print a Kubernetes Secret manifest holding the configuration (key `config`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;init;help;default'= {
        }
        &'ksm;init;help;k8s'= {
        }
        &'ksm;init;help;help'= {
        }
        &'ksm;secret'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List records'
            cand get 'Show records, one field, or a JSONPath query over them'
            cand notation 'Print the value a keeper:// notation points at'
            cand upload 'Attach a file to a record (at most 100 MiB)'
            cand download 'Save one of a record''s files to a path (0600), or print it'
            cand delete-attachment 'Remove files from a record'
            cand totp 'Print the current one-time (TOTP) code of a record''s oneTimeCode field'
            cand password 'Generate a random password (needs no profile)'
            cand template 'List the standard record and field types, or print a template to fill in'
            cand add 'Create records: from field arguments, from a JSON record script, or as a copy'
            cand update 'Change a record''s title, notes or fields (refused if it changed since it was read)'
            cand delete 'Delete records; exits non-zero if any is not deleted'
            cand finalize 'Commit a rotation started with `secret update --transaction rotation`'
            cand rollback 'Undo a rotation started with `secret update --transaction rotation`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;secret;list'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -u 'Only these record UIDs'
            cand --uid 'Only these record UIDs'
            cand -f 'Only records in this folder UID'
            cand --folder 'Only records in this folder UID'
            cand -t 'Only records whose title matches this regular expression (case-insensitive)'
            cand --title 'Only records whose title matches this regular expression (case-insensitive)'
            cand -q 'Only records matching this JSONPath query'
            cand --query 'Only records matching this JSONPath query'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -r 'With --folder: include its sub-folders'
            cand --recursive 'With --folder: include its sub-folders'
            cand -v 'With --query: print the matched values instead of the titles'
            cand --show-value 'With --query: print the matched values instead of the titles'
            cand --json 'Print the records as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;get'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -u 'Record UIDs'
            cand --uid 'Record UIDs'
            cand -t 'Record titles (exact match)'
            cand --title 'Record titles (exact match)'
            cand -f 'Print only this field''s value (label, then type; standard, then custom fields)'
            cand --field 'Print only this field''s value (label, then type; standard, then custom fields)'
            cand -q 'A JSONPath query over the records'
            cand --query 'A JSONPath query over the records'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --raw 'With --query: print strings without quotes'
            cand --json 'Print the records as JSON (one record as an object)'
            cand --force-array 'Print a JSON array even for one record'
            cand --unmask 'Show password-like values in text output'
            cand --inflate 'Load addressRef and cardRef records into the fields that reference them (the default)'
            cand --deflate 'Do not load referenced records'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;notation'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;upload'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -u 'UID of the record'
            cand --uid 'UID of the record'
            cand -f 'Path to the file to upload'
            cand --file 'Path to the file to upload'
            cand -t 'File title [default: the file name]'
            cand --title 'File title [default: the file name]'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;download'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -u 'UID of the record'
            cand --uid 'UID of the record'
            cand --name 'Name or title of the file'
            cand --file-uid 'UID of the file'
            cand --file-output 'Where to write the file: a path (written 0600, atomically), `stdout` or `stderr`'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --create-folders 'Create the path''s missing directories (0700)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;delete-attachment'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -u 'UID of the record'
            cand --uid 'UID of the record'
            cand -f 'Name, title or UID of a file to remove (repeatable)'
            cand --file 'Name, title or UID of a file to remove (repeatable)'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;totp'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --json 'Print {"code", "seconds_left", "period"} as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;password'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -l 'Password length [default: the sum of the counts, else 64]'
            cand --length 'Password length [default: the sum of the counts, else 64]'
            cand --lc 'Number of lowercase letters'
            cand --uc 'Number of uppercase letters'
            cand -d 'Number of digits'
            cand --digits 'Number of digits'
            cand --sc 'Number of special characters'
            cand --special-chars 'The special characters to draw from [default: "!@#$%()+;<>=?[]{}^.,]'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;template'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
            cand record 'List the record types (-l), or print a record template for `secret add file`'
            cand field 'List the field types (-l), or print a field type''s template'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;secret;template;record'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -o 'Output format'
            cand --output-format 'Output format'
            cand -f 'Write the template to this file (0600) instead of stdout'
            cand --output-file 'Write the template to this file (0600) instead of stdout'
            cand --version 'Record format version; only v3 exists (accepted for the official CLI''s scripts)'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -l 'List the record types instead'
            cand --show-list 'List the record types instead'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;template;field'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -o 'Output format'
            cand --output-format 'Output format'
            cand --version 'Record format version; only v3 exists (accepted for the official CLI''s scripts)'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -l 'List the field types instead'
            cand --show-list 'List the field types instead'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;template;help'= {
            cand record 'List the record types (-l), or print a record template for `secret add file`'
            cand field 'List the field types (-l), or print a field type''s template'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;secret;template;help;record'= {
        }
        &'ksm;secret;template;help;field'= {
        }
        &'ksm;secret;template;help;help'= {
        }
        &'ksm;secret;add'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
            cand field 'A record from field arguments: `login=me`, `f.password=…`, `c.text[Label]=…`, `f.name.first=Ann`, `Label:type=value` (JSON values start with { or [)'
            cand file 'Records from a JSON or YAML record script (the shape `secret template record TYPE` prints)'
            cand clone 'A copy of a record, with a new title'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;secret;add;field'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand --storage-folder-uid 'Folder UID: a shared folder or one of its sub-folders'
            cand --record-type 'Record type (see `ksm secret template record -l`)'
            cand -t 'Title of the new record'
            cand --title 'Title of the new record'
            cand -n 'Notes of the new record'
            cand --notes 'Notes of the new record'
            cand --version 'Record format version; only v3 exists (accepted for the official CLI''s scripts)'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --password-generate 'Fill empty password fields with generated passwords (`-p` is the profile in ksm)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;add;file'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand --storage-folder-uid 'Folder UID: a shared folder or one of its sub-folders'
            cand -f 'The record script (JSON or YAML), `-` for stdin'
            cand --file 'The record script (JSON or YAML), `-` for stdin'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --password-generate 'Fill empty password fields with generated passwords (`-p` is the profile in ksm)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;add;clone'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -u 'The record to copy'
            cand --uid 'The record to copy'
            cand -t 'Title of the copy [default: the original''s]'
            cand --title 'Title of the copy [default: the original''s]'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;add;help'= {
            cand field 'A record from field arguments: `login=me`, `f.password=…`, `c.text[Label]=…`, `f.name.first=Ann`, `Label:type=value` (JSON values start with { or [)'
            cand file 'Records from a JSON or YAML record script (the shape `secret template record TYPE` prints)'
            cand clone 'A copy of a record, with a new title'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;secret;add;help;field'= {
        }
        &'ksm;secret;add;help;file'= {
        }
        &'ksm;secret;add;help;clone'= {
        }
        &'ksm;secret;add;help;help'= {
        }
        &'ksm;secret;update'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -u 'The record to change'
            cand --uid 'The record to change'
            cand --field 'LABEL=VALUE for a standard field, by label or type (repeatable)'
            cand --custom-field 'LABEL=VALUE for a custom field (repeatable)'
            cand --field-json 'LABEL=JSON for a standard field (repeatable)'
            cand --custom-field-json 'LABEL=JSON for a custom field (repeatable)'
            cand -t 'New title'
            cand --title 'New title'
            cand -n 'New notes'
            cand --notes 'New notes'
            cand --transaction '`rotation`: keep the old value until `secret finalize` (or bring it back with `secret rollback`), for password rotation scripts'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;delete'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -u 'Records to delete (repeatable)'
            cand --uid 'Records to delete (repeatable)'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --json 'Print the results as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;finalize'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -u 'The record whose rotation to commit or undo'
            cand --uid 'The record whose rotation to commit or undo'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;rollback'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -u 'The record whose rotation to commit or undo'
            cand --uid 'The record whose rotation to commit or undo'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;secret;help'= {
            cand list 'List records'
            cand get 'Show records, one field, or a JSONPath query over them'
            cand notation 'Print the value a keeper:// notation points at'
            cand upload 'Attach a file to a record (at most 100 MiB)'
            cand download 'Save one of a record''s files to a path (0600), or print it'
            cand delete-attachment 'Remove files from a record'
            cand totp 'Print the current one-time (TOTP) code of a record''s oneTimeCode field'
            cand password 'Generate a random password (needs no profile)'
            cand template 'List the standard record and field types, or print a template to fill in'
            cand add 'Create records: from field arguments, from a JSON record script, or as a copy'
            cand update 'Change a record''s title, notes or fields (refused if it changed since it was read)'
            cand delete 'Delete records; exits non-zero if any is not deleted'
            cand finalize 'Commit a rotation started with `secret update --transaction rotation`'
            cand rollback 'Undo a rotation started with `secret update --transaction rotation`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;secret;help;list'= {
        }
        &'ksm;secret;help;get'= {
        }
        &'ksm;secret;help;notation'= {
        }
        &'ksm;secret;help;upload'= {
        }
        &'ksm;secret;help;download'= {
        }
        &'ksm;secret;help;delete-attachment'= {
        }
        &'ksm;secret;help;totp'= {
        }
        &'ksm;secret;help;password'= {
        }
        &'ksm;secret;help;template'= {
            cand record 'List the record types (-l), or print a record template for `secret add file`'
            cand field 'List the field types (-l), or print a field type''s template'
        }
        &'ksm;secret;help;template;record'= {
        }
        &'ksm;secret;help;template;field'= {
        }
        &'ksm;secret;help;add'= {
            cand field 'A record from field arguments: `login=me`, `f.password=…`, `c.text[Label]=…`, `f.name.first=Ann`, `Label:type=value` (JSON values start with { or [)'
            cand file 'Records from a JSON or YAML record script (the shape `secret template record TYPE` prints)'
            cand clone 'A copy of a record, with a new title'
        }
        &'ksm;secret;help;add;field'= {
        }
        &'ksm;secret;help;add;file'= {
        }
        &'ksm;secret;help;add;clone'= {
        }
        &'ksm;secret;help;update'= {
        }
        &'ksm;secret;help;delete'= {
        }
        &'ksm;secret;help;finalize'= {
        }
        &'ksm;secret;help;rollback'= {
        }
        &'ksm;secret;help;help'= {
        }
        &'ksm;exec'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand --env-file 'Read `NAME=value` lines from this file into the command''s environment (repeatable); notation values are resolved'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --inline 'Also replace notations inside the command''s arguments (`${keeper://…}`, or from `keeper://` to the end of an argument)'
            cand --mask 'Replace the values of secret fields (password, secret, pinCode, keyPair, …) by `****` in the command''s output (also KSM_EXEC_MASK=secrets) [default: output untouched]'
            cand --mask-all 'Replace every substituted value by `****` in the command''s output (also KSM_EXEC_MASK=all)'
            cand --no-mask 'Leave the command''s output untouched even if KSM_EXEC_MASK is set'
            cand --capture-output 'Hold the command''s stdout until it exits, then print it (the official CLI''s flag)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;interpolate'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -o 'Write the result to this file (0600, atomically) instead of stdout'
            cand --output-file 'Write the result to this file (0600, atomically) instead of stdout'
            cand -b 'With --in-place: the backup''s suffix; empty for no backup'
            cand --backup-suffix 'With --in-place: the backup''s suffix; empty for no backup'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -w 'Replace each file with its result (0600, atomically), keeping a backup'
            cand --in-place 'Replace each file with its result (0600, atomically), keeping a backup'
            cand -n 'Show which notations would resolve (never their values); write nothing'
            cand --dry-run 'Show which notations would resolve (never their values); write nothing'
            cand -v 'Say what was replaced (without values) on stderr'
            cand --verbose 'Say what was replaced (without values) on stderr'
            cand --validate 'Check that every notation resolves; write nothing'
            cand -C 'Keep going past a notation that does not resolve or a file that cannot be read: leave the notation as written, write the rest, exit 3 at the end'
            cand --continue 'Keep going past a notation that does not resolve or a file that cannot be read: leave the notation as written, write the rest, exit 3 at the end'
            cand --allow-unsafe-for-eval 'On stdout: allow values with shell metacharacters (refused there, since such output is often eval''ed). Files written with -o or -w are not checked'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;export'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -F 'Output format'
            cand --format 'Output format'
            cand --map 'A variable: NAME=keeper://… (repeatable)'
            cand --env-file 'Variables from `NAME=keeper://…` lines of this file (repeatable)'
            cand -u 'Every field of this record, named after its label or type (repeatable)'
            cand --uid 'Every field of this record, named after its label or type (repeatable)'
            cand -o 'Write to this file (0600, atomically) instead of stdout'
            cand --output-file 'Write to this file (0600, atomically) instead of stdout'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ksm;folder'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List folders (and with -l their records)'
            cand add 'Create a folder inside a shared folder or sub-folder; prints its UID'
            cand update 'Rename a folder'
            cand delete 'Delete folders; non-empty ones only with --force (their records go too)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;folder;list'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -f 'Only this folder (with -r: and everything below it)'
            cand --folder 'Only this folder (with -r: and everything below it)'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -r 'With --folder: the folders below it too'
            cand --recursive 'With --folder: the folders below it too'
            cand -l 'List the records in each folder too'
            cand --list-records 'List the records in each folder too'
            cand --json 'Print the listing as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;folder;add'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -f 'The shared folder or sub-folder to create it in'
            cand --parent-folder 'The shared folder or sub-folder to create it in'
            cand -t 'The new folder''s name'
            cand --title 'The new folder''s name'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;folder;update'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -f 'The folder to rename'
            cand --folder 'The folder to rename'
            cand -t 'Its new name'
            cand --title 'Its new name'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;folder;delete'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -f 'Delete non-empty folders too, with everything in them'
            cand --force 'Delete non-empty folders too, with everything in them'
            cand --json 'Print the results as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;folder;help'= {
            cand list 'List folders (and with -l their records)'
            cand add 'Create a folder inside a shared folder or sub-folder; prints its UID'
            cand update 'Rename a folder'
            cand delete 'Delete folders; non-empty ones only with --force (their records go too)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;folder;help;list'= {
        }
        &'ksm;folder;help;add'= {
        }
        &'ksm;folder;help;update'= {
        }
        &'ksm;folder;help;delete'= {
        }
        &'ksm;folder;help;help'= {
        }
        &'ksm;share'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
            cand request 'Ask someone for a secret: prints a link; their answer becomes a new record in FOLDER'
            cand receive 'Write answered requests into the vault as new records (prints UIDs, never the secret)'
            cand list 'List this application''s requests and sends with their states'
            cand revoke 'Revoke a request or a send: its link stops working and any stored answer is deleted'
            cand send 'Send a record''s fields as a one-time link, locked to the first device that opens it'
            cand open 'Open a send link in the terminal (binds it to this user''s ksm key, not a browser)'
            cand submit 'Answer a request link from the terminal: prompts for each field, or reads `field=value` lines on stdin'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;share;request'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand --folder 'The shared folder the answer is written into (the application needs an editable share)'
            cand --type 'The record type to ask for: login (login, password, URL, notes) or encryptedNotes'
            cand --title 'The title of the new record; also shown to the person answering'
            cand --expires 'How long the link works: 30m, 24h, 7d (at most 7d)'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --message 'Also print a ready-to-paste note for the person you ask'
            cand --qr 'Also print the link as a QR code (for a phone)'
            cand --json 'Print the result as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;share;receive'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --all 'Every request made from this profile'
            cand --wait 'Wait until the request is answered (or expires, or is revoked)'
            cand --json 'Print the result as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;share;list'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --json 'Print the requests and sends as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;share;revoke'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;share;send'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -u 'The record to send'
            cand --uid 'The record to send'
            cand --fields 'Only these fields (types or labels, comma-separated), e.g. `password,login`'
            cand --expires 'How long the link works: 1h, 24h, 7d (at most 7d)'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --once 'Burn the link after its first view, instead of locking it to the first device'
            cand --qr 'Also print the link as a QR code (for a phone)'
            cand --json 'Print the result as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;share;open'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --json 'Print the revealed fields as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;share;submit'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;share;help'= {
            cand request 'Ask someone for a secret: prints a link; their answer becomes a new record in FOLDER'
            cand receive 'Write answered requests into the vault as new records (prints UIDs, never the secret)'
            cand list 'List this application''s requests and sends with their states'
            cand revoke 'Revoke a request or a send: its link stops working and any stored answer is deleted'
            cand send 'Send a record''s fields as a one-time link, locked to the first device that opens it'
            cand open 'Open a send link in the terminal (binds it to this user''s ksm key, not a browser)'
            cand submit 'Answer a request link from the terminal: prompts for each field, or reads `field=value` lines on stdin'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;share;help;request'= {
        }
        &'ksm;share;help;receive'= {
        }
        &'ksm;share;help;list'= {
        }
        &'ksm;share;help;revoke'= {
        }
        &'ksm;share;help;send'= {
        }
        &'ksm;share;help;open'= {
        }
        &'ksm;share;help;submit'= {
        }
        &'ksm;share;help;help'= {
        }
        &'ksm;config'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
            cand cache 'Show, turn on or off, or clear the profile''s offline cache'
            cand show 'Show where the configuration comes from and its settings (never a secret)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;config;cache'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand --enable 'Cache every read of this profile from now on'
            cand --disable 'Stop caching and delete the cached data'
            cand --clear 'Delete the cached data (caching stays on if it is on)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;config;show'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;config;help'= {
            cand cache 'Show, turn on or off, or clear the profile''s offline cache'
            cand show 'Show where the configuration comes from and its settings (never a secret)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;config;help;cache'= {
        }
        &'ksm;config;help;show'= {
        }
        &'ksm;config;help;help'= {
        }
        &'ksm;version'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;completion'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;man'= {
            cand -p 'Profile to use [default: the active profile]'
            cand --profile-name 'Profile to use [default: the active profile]'
            cand --max-stale 'Refuse cached data older than this, e.g. 30m, 12h, 7d'
            cand --ini-file 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])'
            cand --output-dir 'Directory to write the pages into (ksm.1, ksm-secret.1, …); created if missing'
            cand -c 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --color 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
            cand --no-color 'No colour in tables (also `-nc`, the official spelling)'
            cand --cache 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile''s cache off)'
            cand --no-cache 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
            cand --offline 'Never contact the server: answer reads from the cache; writes fail'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'ksm;help'= {
            cand profile 'Create and manage profiles (device credentials)'
            cand init 'Redeem a token into a configuration for an integration, printed (no profile is written)'
            cand secret 'Read and change records, their files and fields; passwords, codes and templates'
            cand exec 'Run a command with keeper:// notations in its environment (and arguments) replaced'
            cand interpolate 'Replace keeper:// notations in template files (or stdin)'
            cand export 'Print secrets as dotenv, JSON, YAML or shell assignments'
            cand folder 'List, create, rename and delete folders'
            cand share 'One-time share: ask someone for a secret straight into the vault, or send a record as an expiring, device-locked link (needs a ksm-server)'
            cand config 'Settings of the current profile'
            cand version 'Show the client version, where profiles are kept and how they are protected'
            cand completion 'Print a shell completion script to stdout'
            cand man 'Write a man page for every command and subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ksm;help;profile'= {
            cand init 'Redeem a one-time access token into a new profile (named by --profile-name, else _default)'
            cand list 'List profiles and how each is protected'
            cand active 'Make a profile the active one'
            cand export 'Print a profile''s configuration, with its server key and TLS trust, as base64 (for KSM_CONFIG) or plain'
            cand import 'Import a configuration: our or the official CLI''s export (base64 or JSON), or a keeper.ini (named by --profile-name, else the name in the file, else _default)'
            cand delete 'Delete a profile (and its key in the keyring)'
        }
        &'ksm;help;profile;init'= {
        }
        &'ksm;help;profile;list'= {
        }
        &'ksm;help;profile;active'= {
        }
        &'ksm;help;profile;export'= {
        }
        &'ksm;help;profile;import'= {
        }
        &'ksm;help;profile;delete'= {
        }
        &'ksm;help;init'= {
            cand default 'Print the configuration as base64 JSON (for KSM_CONFIG)'
            cand k8s 'Print a Kubernetes Secret manifest holding the configuration (key `config`)'
        }
        &'ksm;help;init;default'= {
        }
        &'ksm;help;init;k8s'= {
        }
        &'ksm;help;secret'= {
            cand list 'List records'
            cand get 'Show records, one field, or a JSONPath query over them'
            cand notation 'Print the value a keeper:// notation points at'
            cand upload 'Attach a file to a record (at most 100 MiB)'
            cand download 'Save one of a record''s files to a path (0600), or print it'
            cand delete-attachment 'Remove files from a record'
            cand totp 'Print the current one-time (TOTP) code of a record''s oneTimeCode field'
            cand password 'Generate a random password (needs no profile)'
            cand template 'List the standard record and field types, or print a template to fill in'
            cand add 'Create records: from field arguments, from a JSON record script, or as a copy'
            cand update 'Change a record''s title, notes or fields (refused if it changed since it was read)'
            cand delete 'Delete records; exits non-zero if any is not deleted'
            cand finalize 'Commit a rotation started with `secret update --transaction rotation`'
            cand rollback 'Undo a rotation started with `secret update --transaction rotation`'
        }
        &'ksm;help;secret;list'= {
        }
        &'ksm;help;secret;get'= {
        }
        &'ksm;help;secret;notation'= {
        }
        &'ksm;help;secret;upload'= {
        }
        &'ksm;help;secret;download'= {
        }
        &'ksm;help;secret;delete-attachment'= {
        }
        &'ksm;help;secret;totp'= {
        }
        &'ksm;help;secret;password'= {
        }
        &'ksm;help;secret;template'= {
            cand record 'List the record types (-l), or print a record template for `secret add file`'
            cand field 'List the field types (-l), or print a field type''s template'
        }
        &'ksm;help;secret;template;record'= {
        }
        &'ksm;help;secret;template;field'= {
        }
        &'ksm;help;secret;add'= {
            cand field 'A record from field arguments: `login=me`, `f.password=…`, `c.text[Label]=…`, `f.name.first=Ann`, `Label:type=value` (JSON values start with { or [)'
            cand file 'Records from a JSON or YAML record script (the shape `secret template record TYPE` prints)'
            cand clone 'A copy of a record, with a new title'
        }
        &'ksm;help;secret;add;field'= {
        }
        &'ksm;help;secret;add;file'= {
        }
        &'ksm;help;secret;add;clone'= {
        }
        &'ksm;help;secret;update'= {
        }
        &'ksm;help;secret;delete'= {
        }
        &'ksm;help;secret;finalize'= {
        }
        &'ksm;help;secret;rollback'= {
        }
        &'ksm;help;exec'= {
        }
        &'ksm;help;interpolate'= {
        }
        &'ksm;help;export'= {
        }
        &'ksm;help;folder'= {
            cand list 'List folders (and with -l their records)'
            cand add 'Create a folder inside a shared folder or sub-folder; prints its UID'
            cand update 'Rename a folder'
            cand delete 'Delete folders; non-empty ones only with --force (their records go too)'
        }
        &'ksm;help;folder;list'= {
        }
        &'ksm;help;folder;add'= {
        }
        &'ksm;help;folder;update'= {
        }
        &'ksm;help;folder;delete'= {
        }
        &'ksm;help;share'= {
            cand request 'Ask someone for a secret: prints a link; their answer becomes a new record in FOLDER'
            cand receive 'Write answered requests into the vault as new records (prints UIDs, never the secret)'
            cand list 'List this application''s requests and sends with their states'
            cand revoke 'Revoke a request or a send: its link stops working and any stored answer is deleted'
            cand send 'Send a record''s fields as a one-time link, locked to the first device that opens it'
            cand open 'Open a send link in the terminal (binds it to this user''s ksm key, not a browser)'
            cand submit 'Answer a request link from the terminal: prompts for each field, or reads `field=value` lines on stdin'
        }
        &'ksm;help;share;request'= {
        }
        &'ksm;help;share;receive'= {
        }
        &'ksm;help;share;list'= {
        }
        &'ksm;help;share;revoke'= {
        }
        &'ksm;help;share;send'= {
        }
        &'ksm;help;share;open'= {
        }
        &'ksm;help;share;submit'= {
        }
        &'ksm;help;config'= {
            cand cache 'Show, turn on or off, or clear the profile''s offline cache'
            cand show 'Show where the configuration comes from and its settings (never a secret)'
        }
        &'ksm;help;config;cache'= {
        }
        &'ksm;help;config;show'= {
        }
        &'ksm;help;version'= {
        }
        &'ksm;help;completion'= {
        }
        &'ksm;help;man'= {
        }
        &'ksm;help;help'= {
        }
    ]
    $completions[$command]
}
