#include "cli/AccountOptions.h"

#include <fstream>
#include <sstream>

#include "model/Error.h"
#include "net/CertificateInfo.h"

namespace petrel::cli {
using model::Error;
using model::ErrorKind;

OptionSpec accountAddOptions() {
    OptionSpec spec;
    spec.values = {"host", "port", "security", "user", "password-command", "trust-fingerprint", "pop3-mode",
                   "leave-days", "from", "smtp-host", "smtp-port", "smtp-security", "smtp-trust-fingerprint",
                   "pop3-size-limit-kb", "body-cap", "signature-file"};
    spec.flags = {"imap", "pop3", "password-stdin", "delete-on-local-delete", "allow-plaintext", "offline",
                  "no-compress"};
    return spec;
}

std::string normaliseFingerprint(const std::string& text) {
    std::string hex = net::normalizeFingerprint(text);
    if (hex.empty()) {
        throw Error(ErrorKind::Usage, "a fingerprint is 64 hexadecimal digits (SHA-256), not '" + text + "'");
    }
    return hex;
}

namespace {

model::Security parseSecurity(const std::string& option, const std::string& text) {
    auto s = model::securityFromString(text);
    if (!s) throw Error(ErrorKind::Usage, "--" + option + " must be tls, starttls or plain, not '" + text + "'");
    return *s;
}

}  // namespace

model::AccountConfig accountFromOptions(const std::string& name, const CommandLine& cl) {
    if (name.empty()) throw Error(ErrorKind::Usage, "account add needs a NAME");
    if (cl.flag("imap") == cl.flag("pop3")) throw Error(ErrorKind::Usage, "give exactly one of --imap or --pop3");
    if (cl.flag("password-stdin") == cl.value("password-command").has_value()) {
        throw Error(ErrorKind::Usage, "give exactly one of --password-stdin or --password-command CMD");
    }

    model::AccountConfig a;
    a.name = name;
    a.protocol = cl.flag("imap") ? model::Protocol::Imap : model::Protocol::Pop3;
    a.incoming.host = cl.require("host");
    a.incoming.security = parseSecurity("security", cl.value("security").value_or("tls"));
    a.incoming.port = static_cast<std::uint16_t>(
        cl.number("port", 1, 65535).value_or(model::defaultPort(a.protocol, a.incoming.security)));
    if (auto fp = cl.value("trust-fingerprint")) a.incoming.trustFingerprint = normaliseFingerprint(*fp);
    a.user = cl.require("user");
    a.passwordCommand = cl.value("password-command").value_or("");
    a.allowPlaintext = cl.flag("allow-plaintext");
    if (a.incoming.security == model::Security::Plain && !a.allowPlaintext) {
        throw Error(ErrorKind::Usage,
                    "--security plain sends your password unencrypted; add --allow-plaintext if you really mean it");
    }
    a.compress = !cl.flag("no-compress");
    a.bodyCapBytes = static_cast<std::uint32_t>(cl.number("body-cap", 1024, 64 * 1024 * 1024).value_or(64 * 1024));

    bool pop3Options = cl.value("pop3-mode") || cl.value("leave-days") || cl.flag("delete-on-local-delete") ||
                       cl.value("pop3-size-limit-kb");
    if (pop3Options && a.protocol != model::Protocol::Pop3) {
        throw Error(ErrorKind::Usage, "--pop3-mode, --leave-days, --delete-on-local-delete are for --pop3 accounts");
    }
    if (auto mode = cl.value("pop3-mode")) {
        auto m = model::pop3ModeFromString(*mode);
        if (!m) throw Error(ErrorKind::Usage, "--pop3-mode must be keep or delete, not '" + *mode + "'");
        a.pop3Mode = *m;
    }
    a.leaveDays = static_cast<std::uint32_t>(cl.number("leave-days", 0, 36500).value_or(0));
    if (a.leaveDays > 0 && a.pop3Mode != model::Pop3Mode::Keep) {
        throw Error(ErrorKind::Usage, "--leave-days only applies to --pop3-mode keep");
    }
    a.deleteOnLocalDelete = cl.flag("delete-on-local-delete");
    a.pop3SizeLimitKb = static_cast<std::uint32_t>(cl.number("pop3-size-limit-kb", 0, 1024 * 1024).value_or(0));

    a.fromAddress = cl.value("from").value_or("");
    if (auto file = cl.value("signature-file")) {
        std::ifstream in(*file, std::ios::binary);
        if (!in) throw Error(ErrorKind::Usage, "cannot read the signature file '" + *file + "'");
        std::ostringstream text;
        text << in.rdbuf();
        a.signature = text.str();
    }
    bool smtpOptions = cl.value("smtp-port") || cl.value("smtp-security") || cl.value("smtp-trust-fingerprint");
    if (auto host = cl.value("smtp-host")) {
        model::ServerEndpoint smtp;
        smtp.host = *host;
        smtp.security = parseSecurity("smtp-security", cl.value("smtp-security").value_or("tls"));
        if (smtp.security == model::Security::Plain && !a.allowPlaintext) {
            throw Error(ErrorKind::Usage, "--smtp-security plain needs --allow-plaintext");
        }
        smtp.port = static_cast<std::uint16_t>(cl.number("smtp-port", 1, 65535).value_or(model::defaultSmtpPort(smtp.security)));
        if (auto fp = cl.value("smtp-trust-fingerprint")) smtp.trustFingerprint = normaliseFingerprint(*fp);
        a.smtp = smtp;
    } else if (smtpOptions) {
        throw Error(ErrorKind::Usage, "--smtp-port, --smtp-security and --smtp-trust-fingerprint need --smtp-host");
    }
    return a;
}

}  // namespace petrel::cli
