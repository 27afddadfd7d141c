# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ksm_global_optspecs
    string join \n p/profile-name= c/color no-color cache no-cache offline max-stale= o/output= log-level= ini-file= h/help V/version
end

function __fish_ksm_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ksm_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ksm_using_subcommand
    set -l cmd (__fish_ksm_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ksm -n "__fish_ksm_needs_command" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_needs_command" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_needs_command" -s o -l output -d 'Where command output goes: stdout, stderr, or a file (0600, in place only once the command succeeded). Before the command, as in the official CLI' -r -F
complete -c ksm -n "__fish_ksm_needs_command" -l log-level -d 'Accepted for the official CLI\'s scripts; ksm writes no log (errors go to stderr)' -r -f -a "DEBUG\t''
INFO\t''
WARNING\t''
ERROR\t''"
complete -c ksm -n "__fish_ksm_needs_command" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_needs_command" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_needs_command" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_needs_command" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_needs_command" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_needs_command" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_needs_command" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_needs_command" -s V -l version -d 'Print version'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "profile" -d 'Create and manage profiles (device credentials)'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "init" -d 'Redeem a token into a configuration for an integration, printed (no profile is written)'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "secret" -d 'Read and change records, their files and fields; passwords, codes and templates'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "exec" -d 'Run a command with keeper:// notations in its environment (and arguments) replaced'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "interpolate" -d 'Replace keeper:// notations in template files (or stdin)'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "export" -d 'Print secrets as dotenv, JSON, YAML or shell assignments'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "folder" -d 'List, create, rename and delete folders'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "share" -d 'One-time share: ask someone for a secret straight into the vault, or send a record as an expiring, device-locked link (needs a ksm-server)'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "config" -d 'Settings of the current profile'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "version" -d 'Show the client version, where profiles are kept and how they are protected'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "completion" -d 'Print a shell completion script to stdout'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "man" -d 'Write a man page for every command and subcommand into a directory'
complete -c ksm -n "__fish_ksm_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -f -a "init" -d 'Redeem a one-time access token into a new profile (named by --profile-name, else _default)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -f -a "list" -d 'List profiles and how each is protected'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -f -a "active" -d 'Make a profile the active one'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -f -a "export" -d 'Print a profile\'s configuration, with its server key and TLS trust, as base64 (for KSM_CONFIG) or plain'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -f -a "import" -d 'Import a configuration: our or the official CLI\'s export (base64 or JSON), or a keeper.ini (named by --profile-name, else the name in the file, else _default)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -f -a "delete" -d 'Delete a profile (and its key in the keyring)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and not __fish_seen_subcommand_from init list active export import delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -s t -l token -d 'One-time access token, e.g. US:xxxx (also positional, or KSM_CLI_TOKEN or KSM_TOKEN); `-` reads it from stdin, so that it never shows in `ps`' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -s h -l hostname -d 'Server host[:port]; overrides the token\'s region or host prefix' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l server-public-key -d 'Server public key (URL-safe base64 P-256 point) for self-hosted servers' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l server-public-key-id -d 'Key id to send with a custom server public key' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l server-cert-sha256 -d 'Trust only the server certificate with this SHA-256 fingerprint (hex)' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l ca-cert -d 'Trust servers whose certificate chains to this CA (PEM file)' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l key-file -d 'Key in this file (created 0600 if missing) instead of the OS keyring' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l env-key -d 'Key from the KSM_PROFILE_KEY environment variable (long and random)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l kernel-keyring -d 'Key in the Linux kernel keyring: works headless, but is lost at reboot'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l plaintext -d 'Store the profile unencrypted (0600 file). Not recommended'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from init" -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from list" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from list" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from list" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from list" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from list" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from list" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from list" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from list" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from list" -l json -d 'Print the profiles as JSON'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from active" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from active" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from active" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from active" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from active" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from active" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from active" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from active" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from active" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from export" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from export" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from export" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from export" -l file-format -d 'JSON (what KSM_CONFIG takes) or a keeper.ini' -r -f -a "json\t'JSON, what KSM_CONFIG takes'
ini\t'A keeper.ini section'"
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from export" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from export" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from export" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from export" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from export" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from export" -l plain -d 'Print the JSON (or INI) instead of base64'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l input-file -d 'Read the configuration from a file (e.g. keeper.ini)' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -s f -l output-file -d 'Write the profiles to this new keeper.ini (0600) instead of the profile store, as the official CLI does [default: --ini-file, if given]' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l server-public-key -d 'Server public key (URL-safe base64 P-256 point) for self-hosted servers' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l server-public-key-id -d 'Key id to send with a custom server public key' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l server-cert-sha256 -d 'Trust only the server certificate with this SHA-256 fingerprint (hex)' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l ca-cert -d 'Trust servers whose certificate chains to this CA (PEM file)' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l key-file -d 'Key in this file (created 0600 if missing) instead of the OS keyring' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l env-key -d 'Key from the KSM_PROFILE_KEY environment variable (long and random)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l kernel-keyring -d 'Key in the Linux kernel keyring: works headless, but is lost at reboot'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -l plaintext -d 'Store the profile unencrypted (0600 file). Not recommended'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from delete" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from delete" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from delete" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from delete" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from delete" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from delete" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from delete" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from delete" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "init" -d 'Redeem a one-time access token into a new profile (named by --profile-name, else _default)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "list" -d 'List profiles and how each is protected'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "active" -d 'Make a profile the active one'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print a profile\'s configuration, with its server key and TLS trust, as base64 (for KSM_CONFIG) or plain'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import a configuration: our or the official CLI\'s export (base64 or JSON), or a keeper.ini (named by --profile-name, else the name in the file, else _default)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a profile (and its key in the keyring)'
complete -c ksm -n "__fish_ksm_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -f -a "default" -d 'Print the configuration as base64 JSON (for KSM_CONFIG)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -f -a "k8s" -d 'Print a Kubernetes Secret manifest holding the configuration (key `config`)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and not __fish_seen_subcommand_from default k8s help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -s h -l hostname -d 'Server host[:port]; overrides the token\'s region or host prefix' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l server-public-key -d 'Server public key (URL-safe base64 P-256 point) for self-hosted servers' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l server-public-key-id -d 'Key id to send with a custom server public key' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l server-cert-sha256 -d 'Trust only the server certificate with this SHA-256 fingerprint (hex)' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l ca-cert -d 'Trust servers whose certificate chains to this CA (PEM file)' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from default" -l plain -d 'Print the JSON instead of base64'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -s h -l hostname -d 'Server host[:port]; overrides the token\'s region or host prefix' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l server-public-key -d 'Server public key (URL-safe base64 P-256 point) for self-hosted servers' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l server-public-key-id -d 'Key id to send with a custom server public key' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l server-cert-sha256 -d 'Trust only the server certificate with this SHA-256 fingerprint (hex)' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l ca-cert -d 'Trust servers whose certificate chains to this CA (PEM file)' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -s n -l name -d 'The Secret\'s name' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l namespace -l ns -d 'The Secret\'s namespace' -r
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from k8s" -s i -l immutable -d 'Mark the Secret immutable (Kubernetes 1.21 and later)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from help" -f -a "default" -d 'Print the configuration as base64 JSON (for KSM_CONFIG)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from help" -f -a "k8s" -d 'Print a Kubernetes Secret manifest holding the configuration (key `config`)'
complete -c ksm -n "__fish_ksm_using_subcommand init; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "list" -d 'List records'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "get" -d 'Show records, one field, or a JSONPath query over them'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "notation" -d 'Print the value a keeper:// notation points at'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "upload" -d 'Attach a file to a record (at most 100 MiB)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "download" -d 'Save one of a record\'s files to a path (0600), or print it'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "delete-attachment" -d 'Remove files from a record'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "totp" -d 'Print the current one-time (TOTP) code of a record\'s oneTimeCode field'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "password" -d 'Generate a random password (needs no profile)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "template" -d 'List the standard record and field types, or print a template to fill in'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "add" -d 'Create records: from field arguments, from a JSON record script, or as a copy'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "update" -d 'Change a record\'s title, notes or fields (refused if it changed since it was read)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "delete" -d 'Delete records; exits non-zero if any is not deleted'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "finalize" -d 'Commit a rotation started with `secret update --transaction rotation`'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "rollback" -d 'Undo a rotation started with `secret update --transaction rotation`'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and not __fish_seen_subcommand_from list get notation upload download delete-attachment totp password template add update delete finalize rollback help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -s u -l uid -d 'Only these record UIDs' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -s f -l folder -d 'Only records in this folder UID' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -s t -l title -d 'Only records whose title matches this regular expression (case-insensitive)' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -s q -l query -d 'Only records matching this JSONPath query' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -s r -l recursive -d 'With --folder: include its sub-folders'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -s v -l show-value -d 'With --query: print the matched values instead of the titles'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -l json -d 'Print the records as JSON'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -s u -l uid -d 'Record UIDs' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -s t -l title -d 'Record titles (exact match)' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -s f -l field -d 'Print only this field\'s value (label, then type; standard, then custom fields)' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -s q -l query -d 'A JSONPath query over the records' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l raw -d 'With --query: print strings without quotes'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l json -d 'Print the records as JSON (one record as an object)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l force-array -d 'Print a JSON array even for one record'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l unmask -d 'Show password-like values in text output'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l inflate -d 'Load addressRef and cardRef records into the fields that reference them (the default)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -l deflate -d 'Do not load referenced records'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from notation" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from notation" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from notation" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from notation" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from notation" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from notation" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from notation" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from notation" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from notation" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -s u -l uid -d 'UID of the record' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -s f -l file -d 'Path to the file to upload' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -s t -l title -d 'File title [default: the file name]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from upload" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -s u -l uid -d 'UID of the record' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -l name -d 'Name or title of the file' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -l file-uid -d 'UID of the file' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -l file-output -d 'Where to write the file: a path (written 0600, atomically), `stdout` or `stderr`' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -l create-folders -d 'Create the path\'s missing directories (0700)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from download" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete-attachment" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete-attachment" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete-attachment" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete-attachment" -s u -l uid -d 'UID of the record' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete-attachment" -s f -l file -d 'Name, title or UID of a file to remove (repeatable)' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete-attachment" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete-attachment" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete-attachment" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete-attachment" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete-attachment" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete-attachment" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from totp" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from totp" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from totp" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from totp" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from totp" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from totp" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from totp" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from totp" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from totp" -l json -d 'Print {"code", "seconds_left", "period"} as JSON'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from totp" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -s l -l length -d 'Password length [default: the sum of the counts, else 64]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -l lc -d 'Number of lowercase letters' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -l uc -d 'Number of uppercase letters' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -s d -l digits -d 'Number of digits' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -l sc -d 'Number of special characters' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -l special-chars -d 'The special characters to draw from [default: "!@#$%()+;<>=?[]{}^.,]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from password" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -f -a "record" -d 'List the record types (-l), or print a record template for `secret add file`'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -f -a "field" -d 'List the field types (-l), or print a field type\'s template'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from template" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -f -a "field" -d 'A record from field arguments: `login=me`, `f.password=…`, `c.text[Label]=…`, `f.name.first=Ann`, `Label:type=value` (JSON values start with { or [)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -f -a "file" -d 'Records from a JSON or YAML record script (the shape `secret template record TYPE` prints)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -f -a "clone" -d 'A copy of a record, with a new title'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from add" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -s u -l uid -d 'The record to change' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -l field -d 'LABEL=VALUE for a standard field, by label or type (repeatable)' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -l custom-field -d 'LABEL=VALUE for a custom field (repeatable)' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -l field-json -d 'LABEL=JSON for a standard field (repeatable)' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -l custom-field-json -d 'LABEL=JSON for a custom field (repeatable)' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -s t -l title -d 'New title' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -s n -l notes -d 'New notes' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -l transaction -d '`rotation`: keep the old value until `secret finalize` (or bring it back with `secret rollback`), for password rotation scripts' -r -f -a "rotation\t''"
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete" -s u -l uid -d 'Records to delete (repeatable)' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete" -l json -d 'Print the results as JSON'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from finalize" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from finalize" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from finalize" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from finalize" -s u -l uid -d 'The record whose rotation to commit or undo' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from finalize" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from finalize" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from finalize" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from finalize" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from finalize" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from finalize" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from rollback" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from rollback" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from rollback" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from rollback" -s u -l uid -d 'The record whose rotation to commit or undo' -r
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from rollback" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from rollback" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from rollback" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from rollback" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from rollback" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from rollback" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "list" -d 'List records'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show records, one field, or a JSONPath query over them'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "notation" -d 'Print the value a keeper:// notation points at'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "upload" -d 'Attach a file to a record (at most 100 MiB)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "download" -d 'Save one of a record\'s files to a path (0600), or print it'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "delete-attachment" -d 'Remove files from a record'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "totp" -d 'Print the current one-time (TOTP) code of a record\'s oneTimeCode field'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "password" -d 'Generate a random password (needs no profile)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "template" -d 'List the standard record and field types, or print a template to fill in'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create records: from field arguments, from a JSON record script, or as a copy'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a record\'s title, notes or fields (refused if it changed since it was read)'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete records; exits non-zero if any is not deleted'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "finalize" -d 'Commit a rotation started with `secret update --transaction rotation`'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "rollback" -d 'Undo a rotation started with `secret update --transaction rotation`'
complete -c ksm -n "__fish_ksm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand exec" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l env-file -d 'Read `NAME=value` lines from this file into the command\'s environment (repeatable); notation values are resolved' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand exec" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l inline -d 'Also replace notations inside the command\'s arguments (`${keeper://…}`, or from `keeper://` to the end of an argument)'
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l mask -d 'Replace the values of secret fields (password, secret, pinCode, keyPair, …) by `****` in the command\'s output (also KSM_EXEC_MASK=secrets) [default: output untouched]'
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l mask-all -d 'Replace every substituted value by `****` in the command\'s output (also KSM_EXEC_MASK=all)'
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l no-mask -d 'Leave the command\'s output untouched even if KSM_EXEC_MASK is set'
complete -c ksm -n "__fish_ksm_using_subcommand exec" -l capture-output -d 'Hold the command\'s stdout until it exits, then print it (the official CLI\'s flag)'
complete -c ksm -n "__fish_ksm_using_subcommand exec" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -s o -l output-file -d 'Write the result to this file (0600, atomically) instead of stdout' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -s b -l backup-suffix -d 'With --in-place: the backup\'s suffix; empty for no backup' -r
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -s w -l in-place -d 'Replace each file with its result (0600, atomically), keeping a backup'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -s n -l dry-run -d 'Show which notations would resolve (never their values); write nothing'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -s v -l verbose -d 'Say what was replaced (without values) on stderr'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -l validate -d 'Check that every notation resolves; write nothing'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -s C -l continue -d 'Keep going past a notation that does not resolve or a file that cannot be read: leave the notation as written, write the rest, exit 3 at the end'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -l allow-unsafe-for-eval -d 'On stdout: allow values with shell metacharacters (refused there, since such output is often eval\'ed). Files written with -o or -w are not checked'
complete -c ksm -n "__fish_ksm_using_subcommand interpolate" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand export" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand export" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand export" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand export" -s F -l format -d 'Output format' -r -f -a "dotenv\t'`NAME="…"`, read back by `--env-file`'
json\t''
yaml\t''
sh\t'POSIX sh, bash, zsh: `export NAME=\'…\'`'
fish\t'`set -gx NAME \'…\'`'
pwsh\t'PowerShell: `$env:NAME = \'…\'`'"
complete -c ksm -n "__fish_ksm_using_subcommand export" -l map -d 'A variable: NAME=keeper://… (repeatable)' -r
complete -c ksm -n "__fish_ksm_using_subcommand export" -l env-file -d 'Variables from `NAME=keeper://…` lines of this file (repeatable)' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand export" -s u -l uid -d 'Every field of this record, named after its label or type (repeatable)' -r
complete -c ksm -n "__fish_ksm_using_subcommand export" -s o -l output-file -d 'Write to this file (0600, atomically) instead of stdout' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand export" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand export" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand export" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand export" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand export" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -f -a "list" -d 'List folders (and with -l their records)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -f -a "add" -d 'Create a folder inside a shared folder or sub-folder; prints its UID'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -f -a "update" -d 'Rename a folder'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -f -a "delete" -d 'Delete folders; non-empty ones only with --force (their records go too)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and not __fish_seen_subcommand_from list add update delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -s f -l folder -d 'Only this folder (with -r: and everything below it)' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -s r -l recursive -d 'With --folder: the folders below it too'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -s l -l list-records -d 'List the records in each folder too'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -l json -d 'Print the listing as JSON'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from add" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from add" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from add" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from add" -s f -l parent-folder -d 'The shared folder or sub-folder to create it in' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from add" -s t -l title -d 'The new folder\'s name' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from add" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from add" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from add" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from add" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from add" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from update" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from update" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from update" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from update" -s f -l folder -d 'The folder to rename' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from update" -s t -l title -d 'Its new name' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from update" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from update" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from update" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from update" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from update" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from delete" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from delete" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from delete" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from delete" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from delete" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from delete" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from delete" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from delete" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from delete" -s f -l force -d 'Delete non-empty folders too, with everything in them'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from delete" -l json -d 'Print the results as JSON'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from help" -f -a "list" -d 'List folders (and with -l their records)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create a folder inside a shared folder or sub-folder; prints its UID'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from help" -f -a "update" -d 'Rename a folder'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete folders; non-empty ones only with --force (their records go too)'
complete -c ksm -n "__fish_ksm_using_subcommand folder; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -f -a "request" -d 'Ask someone for a secret: prints a link; their answer becomes a new record in FOLDER'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -f -a "receive" -d 'Write answered requests into the vault as new records (prints UIDs, never the secret)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -f -a "list" -d 'List this application\'s requests and sends with their states'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -f -a "revoke" -d 'Revoke a request or a send: its link stops working and any stored answer is deleted'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -f -a "send" -d 'Send a record\'s fields as a one-time link, locked to the first device that opens it'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -f -a "open" -d 'Open a send link in the terminal (binds it to this user\'s ksm key, not a browser)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -f -a "submit" -d 'Answer a request link from the terminal: prompts for each field, or reads `field=value` lines on stdin'
complete -c ksm -n "__fish_ksm_using_subcommand share; and not __fish_seen_subcommand_from request receive list revoke send open submit help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l folder -d 'The shared folder the answer is written into (the application needs an editable share)' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l type -d 'The record type to ask for: login (login, password, URL, notes) or encryptedNotes' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l title -d 'The title of the new record; also shown to the person answering' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l expires -d 'How long the link works: 30m, 24h, 7d (at most 7d)' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l message -d 'Also print a ready-to-paste note for the person you ask'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l qr -d 'Also print the link as a QR code (for a phone)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -l json -d 'Print the result as JSON'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from request" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -l all -d 'Every request made from this profile'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -l wait -d 'Wait until the request is answered (or expires, or is revoked)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -l json -d 'Print the result as JSON'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from receive" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from list" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from list" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from list" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from list" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from list" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from list" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from list" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from list" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from list" -l json -d 'Print the requests and sends as JSON'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from revoke" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from revoke" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from revoke" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from revoke" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from revoke" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from revoke" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from revoke" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from revoke" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -s u -l uid -d 'The record to send' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -l fields -d 'Only these fields (types or labels, comma-separated), e.g. `password,login`' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -l expires -d 'How long the link works: 1h, 24h, 7d (at most 7d)' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -l once -d 'Burn the link after its first view, instead of locking it to the first device'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -l qr -d 'Also print the link as a QR code (for a phone)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -l json -d 'Print the result as JSON'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from send" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from open" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from open" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from open" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from open" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from open" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from open" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from open" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from open" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from open" -l json -d 'Print the revealed fields as JSON'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from open" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from submit" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from submit" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from submit" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from submit" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from submit" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from submit" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from submit" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from submit" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from submit" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "request" -d 'Ask someone for a secret: prints a link; their answer becomes a new record in FOLDER'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "receive" -d 'Write answered requests into the vault as new records (prints UIDs, never the secret)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "list" -d 'List this application\'s requests and sends with their states'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a request or a send: its link stops working and any stored answer is deleted'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "send" -d 'Send a record\'s fields as a one-time link, locked to the first device that opens it'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "open" -d 'Open a send link in the terminal (binds it to this user\'s ksm key, not a browser)'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "submit" -d 'Answer a request link from the terminal: prompts for each field, or reads `field=value` lines on stdin'
complete -c ksm -n "__fish_ksm_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -f -a "cache" -d 'Show, turn on or off, or clear the profile\'s offline cache'
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -f -a "show" -d 'Show where the configuration comes from and its settings (never a secret)'
complete -c ksm -n "__fish_ksm_using_subcommand config; and not __fish_seen_subcommand_from cache show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -l enable -d 'Cache every read of this profile from now on'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -l disable -d 'Stop caching and delete the cached data'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -l clear -d 'Delete the cached data (caching stays on if it is on)'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from cache" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from show" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from show" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from show" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from show" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from show" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from show" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from show" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from show" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "cache" -d 'Show, turn on or off, or clear the profile\'s offline cache'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show where the configuration comes from and its settings (never a secret)'
complete -c ksm -n "__fish_ksm_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand version" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand version" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand version" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand version" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand version" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand version" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand version" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand version" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand version" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand completion" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand completion" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand completion" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand completion" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand completion" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand completion" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand completion" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand completion" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand completion" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand man" -s p -l profile-name -d 'Profile to use [default: the active profile]' -r
complete -c ksm -n "__fish_ksm_using_subcommand man" -l max-stale -d 'Refuse cached data older than this, e.g. 30m, 12h, 7d' -r
complete -c ksm -n "__fish_ksm_using_subcommand man" -l ini-file -d 'Use a profile of this official keeper.ini in place of the profile store (read only; -p picks the section [default: its active profile])' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand man" -l output-dir -d 'Directory to write the pages into (ksm.1, ksm-secret.1, …); created if missing' -r -F
complete -c ksm -n "__fish_ksm_using_subcommand man" -s c -l color -d 'Colour in tables [default: on a terminal, unless NO_COLOR is set]'
complete -c ksm -n "__fish_ksm_using_subcommand man" -l no-color -d 'No colour in tables (also `-nc`, the official spelling)'
complete -c ksm -n "__fish_ksm_using_subcommand man" -l cache -d 'Cache reads and answer from the cache when the server cannot be reached (also KSM_CACHE=1; KSM_CACHE=0 turns a profile\'s cache off)'
complete -c ksm -n "__fish_ksm_using_subcommand man" -l no-cache -d 'Do not use the cache for this command, even if the profile or KSM_CACHE turns it on'
complete -c ksm -n "__fish_ksm_using_subcommand man" -l offline -d 'Never contact the server: answer reads from the cache; writes fail'
complete -c ksm -n "__fish_ksm_using_subcommand man" -s h -l help -d 'Print help'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "profile" -d 'Create and manage profiles (device credentials)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "init" -d 'Redeem a token into a configuration for an integration, printed (no profile is written)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "secret" -d 'Read and change records, their files and fields; passwords, codes and templates'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "exec" -d 'Run a command with keeper:// notations in its environment (and arguments) replaced'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "interpolate" -d 'Replace keeper:// notations in template files (or stdin)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "export" -d 'Print secrets as dotenv, JSON, YAML or shell assignments'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "folder" -d 'List, create, rename and delete folders'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "share" -d 'One-time share: ask someone for a secret straight into the vault, or send a record as an expiring, device-locked link (needs a ksm-server)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "config" -d 'Settings of the current profile'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "version" -d 'Show the client version, where profiles are kept and how they are protected'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "completion" -d 'Print a shell completion script to stdout'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "man" -d 'Write a man page for every command and subcommand into a directory'
complete -c ksm -n "__fish_ksm_using_subcommand help; and not __fish_seen_subcommand_from profile init secret exec interpolate export folder share config version completion man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "init" -d 'Redeem a one-time access token into a new profile (named by --profile-name, else _default)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "list" -d 'List profiles and how each is protected'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "active" -d 'Make a profile the active one'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "export" -d 'Print a profile\'s configuration, with its server key and TLS trust, as base64 (for KSM_CONFIG) or plain'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "import" -d 'Import a configuration: our or the official CLI\'s export (base64 or JSON), or a keeper.ini (named by --profile-name, else the name in the file, else _default)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "delete" -d 'Delete a profile (and its key in the keyring)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from init" -f -a "default" -d 'Print the configuration as base64 JSON (for KSM_CONFIG)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from init" -f -a "k8s" -d 'Print a Kubernetes Secret manifest holding the configuration (key `config`)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "list" -d 'List records'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "get" -d 'Show records, one field, or a JSONPath query over them'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "notation" -d 'Print the value a keeper:// notation points at'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "upload" -d 'Attach a file to a record (at most 100 MiB)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "download" -d 'Save one of a record\'s files to a path (0600), or print it'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "delete-attachment" -d 'Remove files from a record'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "totp" -d 'Print the current one-time (TOTP) code of a record\'s oneTimeCode field'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "password" -d 'Generate a random password (needs no profile)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "template" -d 'List the standard record and field types, or print a template to fill in'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "add" -d 'Create records: from field arguments, from a JSON record script, or as a copy'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "update" -d 'Change a record\'s title, notes or fields (refused if it changed since it was read)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "delete" -d 'Delete records; exits non-zero if any is not deleted'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "finalize" -d 'Commit a rotation started with `secret update --transaction rotation`'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "rollback" -d 'Undo a rotation started with `secret update --transaction rotation`'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from folder" -f -a "list" -d 'List folders (and with -l their records)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from folder" -f -a "add" -d 'Create a folder inside a shared folder or sub-folder; prints its UID'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from folder" -f -a "update" -d 'Rename a folder'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from folder" -f -a "delete" -d 'Delete folders; non-empty ones only with --force (their records go too)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "request" -d 'Ask someone for a secret: prints a link; their answer becomes a new record in FOLDER'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "receive" -d 'Write answered requests into the vault as new records (prints UIDs, never the secret)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "list" -d 'List this application\'s requests and sends with their states'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "revoke" -d 'Revoke a request or a send: its link stops working and any stored answer is deleted'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "send" -d 'Send a record\'s fields as a one-time link, locked to the first device that opens it'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "open" -d 'Open a send link in the terminal (binds it to this user\'s ksm key, not a browser)'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "submit" -d 'Answer a request link from the terminal: prompts for each field, or reads `field=value` lines on stdin'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "cache" -d 'Show, turn on or off, or clear the profile\'s offline cache'
complete -c ksm -n "__fish_ksm_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Show where the configuration comes from and its settings (never a secret)'
