#pragma once
#include "net/TlsTrustError.h"

namespace petrel::net {

// A refused certificate of the SMTP server (not the incoming one): engine::withUserDecisions
// pins the account's smtp->trustFingerprint when the user trusts it.
class SmtpTlsTrustError : public TlsTrustError {
public:
    explicit SmtpTlsTrustError(const TrustVerdict& verdict) : TlsTrustError(verdict) {}
};

}  // namespace petrel::net
