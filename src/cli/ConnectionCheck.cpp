#include "cli/ConnectionCheck.h"

#include "net/LoginCheck.h"

namespace petrel::cli {

nlohmann::json checkConnection(const model::AccountConfig& account, const std::string& password) {
    net::LoginResult r = net::testLogin(account, password);
    return {{"capabilities", r.capabilities},
            {"certificate_sha256", r.certificate.sha256},
            {"bytes_sent", r.bytesSent},
            {"bytes_received", r.bytesReceived}};
}

}  // namespace petrel::cli
