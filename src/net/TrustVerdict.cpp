#include "net/TrustVerdict.h"

namespace petrel::net {

const char* toString(TrustProblem p) noexcept {
    switch (p) {
        case TrustProblem::None:
            return "none";
        case TrustProblem::NoCertificate:
            return "no-certificate";
        case TrustProblem::Changed:
            return "changed";
        case TrustProblem::NotTrusted:
            return "not-trusted";
        case TrustProblem::SignerNotCa:
            return "signer-not-ca";
        case TrustProblem::BadSignature:
            return "bad-signature";
        case TrustProblem::Expired:
            return "expired";
        case TrustProblem::NotYetValid:
            return "not-yet-valid";
        case TrustProblem::HostMismatch:
            return "host-mismatch";
        case TrustProblem::Other:
            return "other";
    }
    return "other";
}

}  // namespace petrel::net
