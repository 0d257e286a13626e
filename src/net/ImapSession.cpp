#include "net/ImapSession.h"

#include <vmime/net/imap/IMAPConnection.hpp>
#include <vmime/net/imap/IMAPStore.hpp>
#include <vmime/exception.hpp>
#include <vmime/net/socket.hpp>
#include <vmime/net/timeoutHandler.hpp>

#include "model/Error.h"
#include "net/DeflateSocket.h"
#include "net/ImapResponseReader.h"
#include "net/ServiceConnector.h"

namespace petrel::net {

std::string ImapSession::Result::codeName() const {
    if (!code.isList() || code.items.empty()) return {};
    return toUpperAscii(code.items[0].str());
}

ImapSession::ImapSession(model::AccountConfig account, PasswordSupplier password, ConnectOptions options)
    : timeout_(options.timeout),
      connector_(std::make_unique<ServiceConnector>(std::move(account), std::move(password), std::move(options))) {}

ImapSession::~ImapSession() {
    logout();
}

const model::AccountConfig& ImapSession::account() const {
    return connector_->account();
}

WireBytes ImapSession::wireBytes() const {
    return connector_->wireBytes();
}

void ImapSession::connect() {
    store_ = connector_->connectStore();
    connector_->guarded([&] {
        auto imap = vmime::dynamicCast<vmime::net::imap::IMAPStore>(store_);
        if (!imap) throw model::Error(model::ErrorKind::Usage, "The account is not an IMAP account");
        auto connection = imap->getConnection();
        // vmime's parser has read every response to its own commands completely (LOGIN, the
        // capability and separator queries), so the socket is at a response boundary here.
        socket_ = std::const_pointer_cast<vmime::net::socket>(connection->getSocket());
        if (!socket_) throw model::Error(model::ErrorKind::Network, "The IMAP connection has no socket");
    });
    // The stall window is the silence timeout: a reply dripping slower than a KiB per timeout
    // would otherwise never time out.
    reader_ = std::make_unique<ImapResponseReader>([this](char* b, std::size_t n) { return readSome(b, n); }, timeout_);
    execute(ImapCommand("CAPABILITY"), [this](const ImapResponse& r) {
        if (r.name != "CAPABILITY") return;
        capabilities_.clear();
        for (const auto& v : r.data) capabilities_.insert(toUpperAscii(v.str()));
    });
    if (account().compress && hasCapability("COMPRESS=DEFLATE")) startCompression();
}

void ImapSession::startCompression() {
    // RFC 4978: the server compresses everything after its tagged OK; we compress everything
    // after the CRLF of our command. A NO (e.g. already compressed by TLS) leaves the
    // connection as it was.
    Result r = tryExecute(ImapCommand("COMPRESS").add("DEFLATE"));
    if (!r.ok()) return;
    connector_->guarded([&] {
        auto imap = vmime::dynamicCast<vmime::net::imap::IMAPStore>(store_);
        auto deflate = vmime::make_shared<DeflateSocket>(socket_, reader_->takeBuffered());
        // vmime's connection (and its parser) read and write through the same socket, so its
        // LOGOUT at disconnect is compressed too.
        imap->getConnection()->setSocket(deflate);
        socket_ = deflate;
    });
    compressed_ = true;
}

bool ImapSession::hasCapability(std::string_view name) const {
    return capabilities_.count(toUpperAscii(name)) > 0;
}

std::size_t ImapSession::readSome(char* buffer, std::size_t size) {
    for (;;) {
        const std::size_t n = socket_->receiveRaw(reinterpret_cast<vmime::byte_t*>(buffer), size);
        if (n > 0) return n;
        if (!socket_->isConnected())
            throw model::Error(model::ErrorKind::Network, "The IMAP server closed the connection");
        // receiveRaw consulted the timeout handler (timeout, cancel) before returning nothing.
        socket_->waitForRead(50);
    }
}

void ImapSession::sendBytes(const std::string& bytes) {
    socket_->sendRaw(reinterpret_cast<const vmime::byte_t*>(bytes.data()), bytes.size());
}

ImapResponse ImapSession::nextResponse() {
    return parseImapResponse(reader_->next());
}

ImapSession::Result ImapSession::run(const ImapCommand& command, const UntaggedHandler& onUntagged) {
    if (!socket_) throw model::Error(model::ErrorKind::Network, "Not connected to the IMAP server");
    return connector_->guarded([&] {
        const std::string tag = "p" + std::to_string(++tag_);
        const bool literalPlus = hasCapability("LITERAL+");
        Result result;
        const auto& pieces = command.pieces();
        auto handleUntagged = [&](ImapResponse&& r) {
            if (r.name == "BYE") throw model::Error(model::ErrorKind::Network, "The IMAP server closed the session: " + r.text);
            if (onUntagged) {
                onUntagged(r);
            } else {
                result.untagged.push_back(std::move(r));
            }
        };
        std::string out = tag + " ";
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            const auto& p = pieces[i];
            out += p.text;
            if (!p.hasLiteral) continue;
            const std::string size = std::to_string(p.literal.size());
            if (literalPlus) {
                out += "{" + size + "+}\r\n" + p.literal;
                continue;
            }
            out += "{" + size + "}\r\n";
            sendBytes(out);
            out.clear();
            for (;;) {  // wait for "+ go ahead"
                ImapResponse r = nextResponse();
                if (r.type == ImapResponse::Type::Continuation) break;
                if (r.type == ImapResponse::Type::Tagged && r.tag == tag) {
                    result.status = r.name;
                    result.code = r.code;
                    result.text = r.text;
                    return result;
                }
                handleUntagged(std::move(r));
            }
            out = p.literal;
        }
        out += "\r\n";
        sendBytes(out);
        for (;;) {
            ImapResponse r = nextResponse();
            if (r.type == ImapResponse::Type::Tagged) {
                if (r.tag != tag) continue;  // not ours (never expected)
                result.status = r.name;
                result.code = r.code;
                result.text = r.text;
                return result;
            }
            if (r.type == ImapResponse::Type::Continuation) continue;
            handleUntagged(std::move(r));
        }
    });
}

ImapSession::Result ImapSession::tryExecute(const ImapCommand& command, const UntaggedHandler& onUntagged) {
    return run(command, onUntagged);
}

ImapSession::Result ImapSession::execute(const ImapCommand& command, const UntaggedHandler& onUntagged) {
    Result r = run(command, onUntagged);
    if (!r.ok()) {
        std::string verb = command.describe();
        verb = verb.substr(0, verb.find(' '));
        if (verb == "UID") verb = command.describe().substr(0, command.describe().find(' ', 4));
        throw model::Error(model::ErrorKind::Protocol, "The IMAP server refused " + verb + ": " + r.text,
                           command.describe().substr(0, 200) + " -> " + r.status + " " + r.text);
    }
    return r;
}

ImapMailboxState ImapSession::select(const std::string& path, bool readOnly, bool force) {
    if (!force && selected_ == path && (readOnly || !selectedReadOnly_)) return selectedState_;
    ImapCommand cmd(readOnly ? "EXAMINE" : "SELECT");
    cmd.addMailbox(path);
    if (hasCapability("CONDSTORE")) cmd.add("(CONDSTORE)");
    ImapMailboxState state;
    selected_.clear();
    // A value that is not a 32-bit number (RFC 3501 nz-number) must not become 0 or wrap: the
    // sync keys everything it stores on UIDVALIDITY and UIDNEXT.
    bool bogus = false;
    auto uint32Of = [&bogus](const ImapValue& v) {
        const std::string& text = v.str();
        bool digits = !text.empty() && text.size() <= 10;
        for (char c : text) digits = digits && c >= '0' && c <= '9';
        const std::uint64_t n = digits ? v.number() : 0;
        if (!digits || n > 0xffffffffull) bogus = true;
        return static_cast<std::uint32_t>(n);
    };
    Result r = run(cmd, [&](const ImapResponse& u) {
        if (u.name == "EXISTS" && u.hasNumber) state.exists = u.number;
        if (u.name == "OK" && u.code.isList() && u.code.size() >= 2) {
            const std::string key = toUpperAscii(u.code[0].str());
            if (key == "UIDVALIDITY") state.uidValidity = uint32Of(u.code[1]);
            if (key == "UIDNEXT") state.uidNext = uint32Of(u.code[1]);
            if (key == "HIGHESTMODSEQ") state.highestModSeq = u.code[1].number();
        }
    });
    if (!r.ok()) {
        throw model::Error(r.codeName() == "NONEXISTENT" ? model::ErrorKind::NotFound : model::ErrorKind::Protocol,
                           "The IMAP server cannot open the folder '" + path + "': " + r.text);
    }
    if (bogus || state.uidValidity == 0) {
        // Without a valid UIDVALIDITY no UID can be trusted across sessions (RFC 3501 2.3.1.1).
        throw model::Error(model::ErrorKind::Protocol,
                           "The IMAP server sent no valid UIDVALIDITY for the folder '" + path + "'");
    }
    state.readOnly = r.codeName() == "READ-ONLY";
    selected_ = path;
    selectedReadOnly_ = readOnly;
    selectedState_ = state;
    return state;
}

void ImapSession::unselect() {
    if (selected_.empty()) return;
    if (hasCapability("UNSELECT")) {
        execute(ImapCommand("UNSELECT"));
        selected_.clear();
    } else {
        select("INBOX", true, true);
    }
}

bool ImapSession::idle(const std::function<bool()>& stop, std::chrono::seconds maxIdle,
                       const std::function<void(const std::string& untagged)>& onUntagged) {
    if (!socket_) throw model::Error(model::ErrorKind::Network, "Not connected to the IMAP server");
    if (!hasCapability("IDLE")) throw model::Error(model::ErrorKind::Protocol, "The IMAP server has no IDLE");
    if (selected_.empty()) throw model::Error(model::ErrorKind::Usage, "IDLE needs a selected folder");
    return connector_->guarded([&] {
        const std::string tag = "p" + std::to_string(++tag_);
        sendBytes(tag + " IDLE\r\n");
        bool changed = false;
        auto handle = [&](const ImapResponse& r, const std::string& line) {
            if (r.name == "BYE") throw model::Error(model::ErrorKind::Network, "The IMAP server closed the session: " + r.text);
            if (r.name == "EXISTS" || r.name == "EXPUNGE" || r.name == "FETCH" || r.name == "RECENT" ||
                r.name == "VANISHED")
                changed = true;
            if (onUntagged) onUntagged(line);
        };
        // Up to the continuation; a tagged reply here means the server refused IDLE.
        for (;;) {
            const std::string line = reader_->next();
            ImapResponse r = parseImapResponse(line);
            if (r.type == ImapResponse::Type::Continuation) break;
            if (r.type == ImapResponse::Type::Tagged && r.tag == tag) {
                throw model::Error(model::ErrorKind::Protocol, "The IMAP server refused IDLE: " + r.text);
            }
            if (r.type == ImapResponse::Type::Untagged) handle(r, line);
        }
        const auto deadline = std::chrono::steady_clock::now() + maxIdle;
        auto timeouts = socket_->getTimeoutHandler();
        while (!changed && !(stop && stop()) && std::chrono::steady_clock::now() < deadline) {
            // The silence timer would end an idle connection after ConnectOptions::timeout:
            // silence is the normal state here, so restart it before every wait.
            if (timeouts) {
                if (timeouts->isTimeOut() && !timeouts->handleTimeOut()) throw vmime::exceptions::operation_timed_out();
                timeouts->resetTimeOut();
            }
            if (!reader_->hasBuffered() && !socket_->waitForRead(200)) continue;
            const std::string line = reader_->next();
            ImapResponse r = parseImapResponse(line);
            if (r.type == ImapResponse::Type::Untagged) handle(r, line);
            if (r.type == ImapResponse::Type::Tagged && r.tag == tag) {
                // The server ended IDLE on its own (e.g. a timeout); nothing to DONE.
                if (r.name != "OK") throw model::Error(model::ErrorKind::Protocol, "IDLE ended: " + r.text);
                return changed;
            }
        }
        if (timeouts) timeouts->resetTimeOut();
        sendBytes("DONE\r\n");
        for (;;) {
            const std::string line = reader_->next();
            ImapResponse r = parseImapResponse(line);
            if (r.type == ImapResponse::Type::Tagged) {
                if (r.tag != tag) continue;
                if (r.name != "OK") throw model::Error(model::ErrorKind::Protocol, "IDLE ended: " + r.text);
                return changed;
            }
            if (r.type == ImapResponse::Type::Untagged) handle(r, line);
        }
    });
}

void ImapSession::logout() noexcept {
    if (!store_) return;
    try {
        connector_->guarded([&] {
            if (store_->isConnected()) store_->disconnect();
        });
    } catch (...) {
    }
    store_.reset();
    socket_.reset();
    reader_.reset();
}

}  // namespace petrel::net
