#include "model/Error.h"

namespace petrel::model {

Error::Error(ErrorKind kind, std::string message, std::string detail)
    : std::runtime_error(std::move(message)), kind_(kind), detail_(std::move(detail)) {}

std::string_view toString(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Usage: return "usage";
    case ErrorKind::Auth: return "auth";
    case ErrorKind::Tls: return "tls";
    case ErrorKind::Network: return "network";
    case ErrorKind::Protocol: return "protocol";
    case ErrorKind::Storage: return "storage";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::NotFound: return "not-found";
    }
    return "unknown";
}

int exitCodeFor(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Usage: return 1;
    case ErrorKind::NotFound: return 1;
    case ErrorKind::Auth: return 2;
    case ErrorKind::Tls: return 3;
    case ErrorKind::Network: return 4;
    case ErrorKind::Protocol: return 5;
    case ErrorKind::Storage: return 6;
    case ErrorKind::Cancelled: return 130;
    }
    return 1;
}

}  // namespace petrel::model
