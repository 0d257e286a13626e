#pragma once
#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "model/Error.h"
#include "net/TrustVerdict.h"

namespace petrel::net {

struct InterruptState;
class SecretScrubber;

// Turns whatever a vmime call threw into the model::Error front ends understand (DESIGN.md §1:
// no library type leaves the engine):
//   model::Error (incl. TlsTrustError)          -> unchanged
//   vmime authentication_error                  -> Auth
//   vmime certificate / TLS exceptions          -> Tls (TlsTrustError when a verdict is known)
//   operation_timed_out                          -> Cancelled if the job was cancelled, else Network
//   connection_error / socket_exception          -> Network
//   command_error / invalid_response / greeting  -> Protocol (the server said NO/BAD or nonsense)
//   anything else                                 -> Protocol, with the library's text as detail
class ErrorMapper {
public:
    struct Context {
        std::string host;
        unsigned port = 0;
        std::shared_ptr<const InterruptState> interrupt;
        std::optional<TrustVerdict> lastVerdict;         // from our verifier, if it refused something
        std::shared_ptr<const SecretScrubber> scrubber;  // details never carry a password
        std::chrono::milliseconds timeout{0};
    };

    [[noreturn]] static void rethrow(std::exception_ptr error, const Context& context);

    // The same mapping without a connection's context, in the shape of the engine's
    // ExceptionTranslator: nullopt for exceptions that are not vmime's. Prefer rethrow()
    // (ServiceConnector::guarded) where a TlsTrustError must keep its certificate: a
    // model::Error returned by value is sliced.
    static std::optional<model::Error> translate(std::exception_ptr error);
};

}  // namespace petrel::net
