#include "cli/HelpText.h"

namespace petrel::cli {

std::string_view helpText() {
    return R"(usage: petrel-cli [--profile DIR] [--json] COMMAND ...

Petrel's command line: the same engine and profile as the petrel window.
DIR defaults to the platform's user data folder (~/.local/share/petrel on Linux).

Commands:
  account add NAME (--imap|--pop3) --host H [--port P] [--security tls|starttls|plain] --user U
              (--password-stdin | --password-command CMD) [--trust-fingerprint SHA256HEX]
              [--pop3-mode keep|delete] [--leave-days N] [--delete-on-local-delete] [--allow-plaintext]
              [--from "Name <address>"] [--signature-file F] [--smtp-host H] [--smtp-port P]
              [--smtp-security tls|starttls] [--smtp-trust-fingerprint SHA256HEX] [--offline]
                                                   (SMTP login = the account's user and password)
  account list | account remove NAME
  sync [NAME] [--folder PATH]                       headers only; prints what changed
  watch NAME [--folder PATH] [--interval S] [--once] [--timeout S] [--no-idle]  new mail: IDLE, else STATUS every S;
                                                    syncs on the watching connection, reconnects with backoff
  folders NAME                                      tree: path, separator, special use, subscribed, total, unread
  folder create NAME PATH | folder delete NAME PATH [--recursive] | folder rename NAME OLD NEW
  folder subscribe NAME PATH | folder unsubscribe NAME PATH
  list NAME --folder PATH [--offset N] [--limit N] [--sort date|from|subject|size] [--reverse] [--unread]
  show NAME --folder PATH --uid UID [--max-bytes N]  headers + the displayable text part only
  part NAME --folder PATH --uid UID --section S [--range START:LEN] [--output FILE]
  raw NAME --folder PATH --uid UID [--output FILE]  the whole message as .eml
  search [NAME] [--folder PATH] [--local|--server] QUERY
  mark NAME --folder PATH --uid UID (--read|--unread|--flag|--unflag)
  move|copy NAME --folder PATH --uid UID --to PATH ; delete NAME --folder PATH --uid UID
  pop3 browse NAME                                  what is on the server, headers only
  send NAME --to ADDR... [--cc ADDR...] [--bcc ADDR...] --subject S (--body-file F | --body-stdin)
       [--attach F]... [--queue] [--no-signature]   SMTP; a copy goes to Sent; offline: waits in the outbox
  outbox NAME [--flush | --retry ID | --remove ID]  what waits to be sent; --flush sends it now
  reply NAME --folder PATH --uid UID [--all] [--body-file F | --body-stdin] [--cc ADDR...] [--send|--draft]
                                                    without --send/--draft: shows the prepared reply
  forward NAME --folder PATH --uid UID --to ADDR... [--cc ADDR...] [--as-attachment] [--body-file F] [--draft]
  draft save NAME [--to ...] [--cc ...] [--bcc ...] [--subject S] [--body-file F] [--attach F]... [--replace UID]
  draft list NAME | draft show NAME --uid UID | draft send NAME --uid UID   (--folder PATH: default Drafts)
  stats [NAME]                                      bytes sent/received per account and operation
  help | --help | --version

send, reply and forward add the account's signature (account add --signature-file) below
your text, after a "-- " line; --no-signature leaves it out.

account add logs in once to check the settings (skip with --offline). A server certificate
that the system does not trust is refused: the error shows its SHA-256 fingerprint, which
--trust-fingerprint pins after you have checked it.

Search QUERY: words or "phrases" anywhere in the message, plus
  from:X  to:X  cc:X  subject:X  body:X  text:X   (quote values with spaces: subject:"x y")
  since:YYYY-MM-DD  before:YYYY-MM-DD  unseen|is:unread  seen|is:read  flagged|is:flagged  unflagged
All terms must match. The default shows local hits first, then the server's (IMAP accounts);
--local searches only the index, --server only the server.

POP3: messages still on the server are addressed as --folder @server with the number that
'pop3 browse' shows (show downloads it, delete deletes it on the server).

Passwords never appear in arguments: --password-stdin reads one line and stores it in the
OS keyring; --password-command runs CMD whenever the password is needed.

With --json every command prints one JSON document.
Exit codes: 0 ok, 1 usage, 2 authentication, 3 TLS/certificate, 4 network,
            5 server refused or protocol error, 6 local storage, 130 cancelled.
)";
}

}  // namespace petrel::cli
