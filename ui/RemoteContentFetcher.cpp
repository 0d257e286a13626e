#include "RemoteContentFetcher.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <wx/socket.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <stdexcept>

namespace petrel::ui {

namespace {

struct Url {
    bool tls = false;
    std::string host;        // to resolve: an IPv6 literal without its brackets
    std::string hostHeader;  // as written in the URL, for the Host header
    unsigned short port = 80;
    std::string path = "/";
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

Url parseUrl(const std::string& url) {
    Url u;
    const std::string l = lower(url);
    std::size_t start = 0;
    if (l.rfind("http://", 0) == 0) {
        start = 7;
    } else if (l.rfind("https://", 0) == 0) {
        start = 8;
        u.tls = true;
        u.port = 443;
    } else {
        throw std::runtime_error("only http and https pictures are loaded");
    }
    const std::size_t slash = url.find_first_of("/?#", start);
    std::string authority = url.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (slash != std::string::npos) u.path = url.substr(slash);
    if (!u.path.empty() && u.path[0] != '/') u.path = "/" + u.path;
    if (const auto hash = u.path.find('#'); hash != std::string::npos) u.path.erase(hash);
    if (authority.find('@') != std::string::npos)
        throw std::runtime_error("URLs with credentials are not loaded");
    // An IPv6 literal is written in brackets: [::1]:8080.
    const std::size_t closing = authority.rfind(']');
    const std::size_t colon = authority.rfind(':');
    if (colon != std::string::npos && (closing == std::string::npos || colon > closing)) {
        const int port = std::atoi(authority.substr(colon + 1).c_str());
        if (port <= 0 || port > 65535) throw std::runtime_error("bad port in " + url);
        u.port = static_cast<unsigned short>(port);
        authority.erase(colon);
    }
    u.hostHeader = authority;
    if (!authority.empty() && authority.front() == '[') {
        if (authority.back() != ']') throw std::runtime_error("bad host in " + url);
        authority = authority.substr(1, authority.size() - 2);
    }
    if (authority.empty()) throw std::runtime_error("no host in " + url);
    for (char c : u.path)
        if (c == ' ' || c == '\r' || c == '\n') throw std::runtime_error("bad characters in " + url);
    u.host = authority;
    return u;
}

// The connection: plain through the socket, or GnuTLS on its descriptor.
class Connection {
public:
    Connection(const Url& url, int timeoutSeconds) {
        // IPv4 first, then IPv6: a name may have only one of them, a literal is one of them.
        wxIPV4address v4;
        wxIPV6address v6;
        const wxString host = wxString::FromUTF8(url.host);
        for (wxIPaddress* address : {static_cast<wxIPaddress*>(&v4), static_cast<wxIPaddress*>(&v6)}) {
            if (!address->Hostname(host) || !address->Service(url.port)) continue;
            auto socket = std::make_unique<wxSocketClient>(wxSOCKET_BLOCK | wxSOCKET_WAITALL_WRITE);
            socket->SetTimeout(timeoutSeconds);
            if (socket->Connect(*address, true)) {
                socket_ = std::move(socket);
                break;
            }
        }
        if (!socket_) throw std::runtime_error("cannot connect to " + url.host);
        if (!url.tls) return;
        gnutls_certificate_allocate_credentials(&credentials_);
        gnutls_certificate_set_x509_system_trust(credentials_);
        gnutls_init(&session_, GNUTLS_CLIENT);
        gnutls_set_default_priority(session_);
        gnutls_credentials_set(session_, GNUTLS_CRD_CERTIFICATE, credentials_);
        // SNI names hosts, never address literals (RFC 6066).
        if (url.host.find_first_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") !=
                std::string::npos &&
            url.host.find(':') == std::string::npos)
            gnutls_server_name_set(session_, GNUTLS_NAME_DNS, url.host.data(), url.host.size());
        gnutls_session_set_verify_cert(session_, url.host.c_str(), 0);
        gnutls_transport_set_int(session_, static_cast<int>(socket_->GetSocket()));
        gnutls_record_set_timeout(session_, static_cast<unsigned>(timeoutSeconds) * 1000u);
        gnutls_handshake_set_timeout(session_, static_cast<unsigned>(timeoutSeconds) * 1000u);
        int rc = 0;
        do {
            rc = gnutls_handshake(session_);
        } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
        if (rc < 0)
            throw std::runtime_error(std::string("TLS with ") + url.host + " failed: " + gnutls_strerror(rc));
    }
    ~Connection() {
        if (session_) {
            gnutls_bye(session_, GNUTLS_SHUT_WR);
            gnutls_deinit(session_);
        }
        if (credentials_) gnutls_certificate_free_credentials(credentials_);
        if (socket_) socket_->Close();
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void write(const std::string& data) {
        if (session_) {
            std::size_t done = 0;
            while (done < data.size()) {
                const auto n = gnutls_record_send(session_, data.data() + done, data.size() - done);
                if (n < 0 && gnutls_error_is_fatal(static_cast<int>(n)))
                    throw std::runtime_error("TLS write failed");
                if (n > 0) done += static_cast<std::size_t>(n);
            }
            return;
        }
        socket_->Write(data.data(), static_cast<wxUint32>(data.size()));
        if (socket_->Error() || socket_->LastCount() != data.size()) throw std::runtime_error("write failed");
    }
    // 0 at the end of the stream.
    std::size_t read(char* buffer, std::size_t size) {
        if (session_) {
            for (;;) {
                const auto n = gnutls_record_recv(session_, buffer, size);
                if (n >= 0) return static_cast<std::size_t>(n);
                if (n == GNUTLS_E_PREMATURE_TERMINATION) return 0;
                if (gnutls_error_is_fatal(static_cast<int>(n))) throw std::runtime_error("TLS read failed");
            }
        }
        socket_->Read(buffer, static_cast<wxUint32>(size));
        if (socket_->Error() && socket_->LastError() != wxSOCKET_NOERROR && socket_->LastCount() == 0) {
            if (socket_->IsDisconnected()) return 0;
            if (socket_->LastError() == wxSOCKET_TIMEDOUT) throw std::runtime_error("timed out");
            return 0;
        }
        return socket_->LastCount();
    }

private:
    std::unique_ptr<wxSocketClient> socket_;
    gnutls_certificate_credentials_t credentials_ = nullptr;
    gnutls_session_t session_ = nullptr;
};

std::string headerValue(const std::string& head, const std::string& name) {
    const std::string l = lower(head);
    const auto pos = l.find("\r\n" + name + ":");
    if (pos == std::string::npos) return {};
    std::size_t start = pos + 3 + name.size();
    const auto end = head.find("\r\n", start);
    std::string value = head.substr(start, end == std::string::npos ? std::string::npos : end - start);
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t") + 1);
    return value;
}

}  // namespace

std::optional<RemoteImage> fetchRemoteImage(const std::string& url, std::size_t maxBytes, int timeoutSeconds,
                                            std::string& error) {
    std::string current = url;
    try {
        for (int redirect = 0; redirect <= 3; ++redirect) {
            const Url u = parseUrl(current);
            Connection connection(u, timeoutSeconds);
            const bool defaultPort = u.port == (u.tls ? 443 : 80);
            connection.write("GET " + u.path + " HTTP/1.0\r\nHost: " + u.hostHeader +
                             (defaultPort ? std::string() : ":" + std::to_string(u.port)) +
                             "\r\nUser-Agent: Petrel\r\nAccept: image/*\r\nConnection: close\r\n\r\n");
            std::string response;
            char buffer[16384];
            for (;;) {
                const std::size_t n = connection.read(buffer, sizeof buffer);
                if (n == 0) break;
                response.append(buffer, n);
                if (response.size() > maxBytes + 16384) throw std::runtime_error("larger than the limit");
            }
            const auto headEnd = response.find("\r\n\r\n");
            if (response.rfind("HTTP/", 0) != 0 || headEnd == std::string::npos)
                throw std::runtime_error("not an HTTP response");
            const std::string head = response.substr(0, headEnd + 2);
            const int status = std::atoi(head.substr(head.find(' ') + 1, 3).c_str());
            if (status >= 300 && status < 400) {
                std::string location = headerValue(head, "location");
                if (location.empty()) throw std::runtime_error("redirect without a location");
                if (location[0] == '/')
                    location = (u.tls ? "https://" : "http://") + u.hostHeader + ":" +
                               std::to_string(u.port) + location;
                current = location;
                continue;
            }
            if (status != 200) throw std::runtime_error("HTTP status " + std::to_string(status));
            RemoteImage image;
            image.url = url;
            image.mimeType = lower(headerValue(head, "content-type"));
            if (const auto semi = image.mimeType.find(';'); semi != std::string::npos)
                image.mimeType.erase(semi);
            if (image.mimeType.rfind("image/", 0) != 0)
                throw std::runtime_error("not a picture (" + image.mimeType + ")");
            image.data = response.substr(headEnd + 4);
            if (image.data.size() > maxBytes) throw std::runtime_error("larger than the limit");
            return image;
        }
        throw std::runtime_error("too many redirects");
    } catch (const std::exception& e) {
        error = e.what();
    }
    return std::nullopt;
}

}  // namespace petrel::ui
